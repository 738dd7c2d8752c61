/** Every URL of the site, built in one place (templates and redirects use these, never string concatenation). */
export const paths = {
  home: '/',
  healthz: '/healthz',
  register: '/register',
  login: '/login',
  loginThen: (next: string) => `/login?next=${encodeURIComponent(next)}`,
  logout: '/logout',
  forgot: '/password/forgot',
  forgotVerify: '/password/forgot/verify',
  reset: (token: string) => `/password/reset/${encodeURIComponent(token)}`,
  captcha: (id: string) => `/captcha/${id}.png`,
  captchaFragment: '/captcha/new',
  me: '/me',
  meComplete: '/me/complete',
  meIdentity: '/me/identity',
  meRealname: '/me/realname',
  meReview: '/me/realname/review',
  mePassword: '/me/password',
  meMobile: '/me/mobile',
  meCertificates: '/me/certificates',
  meCertificate: (id: number) => `/me/certificates/${id}`,
  meRegistrations: '/me/registrations',
  meRegistration: (id: number) => `/me/registrations/${id}`,
  platform: '/platform',
  platformNotice: '/platform/notice',
  platformWindow: '/platform/window',
  apply: '/apply',
  applyStep: (n: number) => `/apply/step/${n}`,
  applyStepFromReview: (n: number) => `/apply/step/${n}?from=review`,
  applyCascade: '/apply/cascade',
  applyAbandon: '/apply/abandon',
  applyDone: (no: string) => `/apply/done/${encodeURIComponent(no)}`,
  applyPhoto: (id: number) => `/apply/photo/${id}`,
  certificateNew: '/apply/certificates/new',
  certificateNewForm: '/apply/certificates/new/form',
  applications: '/applications',
  application: (no: string) => `/applications/${encodeURIComponent(no)}`,
  applicationNotes: (no: string) => `/applications/${encodeURIComponent(no)}/notes`,
  applicationMessages: (no: string) => `/applications/${encodeURIComponent(no)}/messages`,
  applicationEditBureau: (no: string) => `/applications/${encodeURIComponent(no)}/edit/bureau`,
  applicationEditDetails: (no: string) => `/applications/${encodeURIComponent(no)}/edit/details`,
  certQuery: '/certificates/query',
  certQueryOwn: '/certificates/query/own',
  devOutbox: '/dev/outbox',
} as const;

/** Only same-site relative paths may be a post-login destination (no open redirect). */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.length > 300 || /[\r\n]/.test(value)) return null;
  return value;
}
