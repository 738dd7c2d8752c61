/** Every URL of the site, built in one place (templates and redirects use these, never string concatenation). */
export const paths = {
  home: '/',
  healthz: '/healthz',
  register: '/register',
  login: '/login',
  loginThen: (next: string) => `/login?next=${encodeURIComponent(next)}`,
  loginVerify: '/login/verify',
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
  // A hand-added certificate's 修改 and 删除 (its owner, until an application holds it)
  meCertificateEdit: (id: number) => `/me/certificates/${id}/edit`,
  meCertificateDelete: (id: number) => `/me/certificates/${id}/delete`,
  meRegistrations: '/me/registrations',
  meRegistration: (id: number) => `/me/registrations/${id}`,
  // 教师资格认定's modules of the personal centre (web/routes/applicant/certificationRecords.ts, seed 002 §2.2)
  meExams: '/me/exams',
  mePutonghua: '/me/putonghua',
  // The same pages reached from a form of 认定 that wants the applicant back (`wizardReturn` decides what may come back)
  withReturn: (path: string, back: string | null) => (back ? `${path}?return=${encodeURIComponent(back)}` : path),
  mePutonghuaVerify: '/me/putonghua/verify',
  mePutonghuaEnter: '/me/putonghua/enter',
  mePutonghuaDelete: (id: number) => `/me/putonghua/${id}/delete`,
  meEducation: '/me/education',
  meStudentSync: '/me/education/student-status/sync',
  meStudentSupplement: '/me/education/student-status/supplement',
  meEducationNew: '/me/education/new',
  meEducationDelete: (id: number) => `/me/education/${id}/delete`,
  meDegrees: '/me/degrees',
  meDegreeNew: '/me/degrees/new',
  meDegreeDelete: (id: number) => `/me/degrees/${id}/delete`,
  meOthers: '/me/others',
  meOtherNew: '/me/others/new',
  meOtherImage: (id: number) => `/me/others/${id}/image`,
  meOtherDelete: (id: number) => `/me/others/${id}/delete`,
  platform: '/platform',
  platformNotice: '/platform/notice',
  platformWindow: '/platform/window',
  apply: '/apply',
  applyStep: (n: number) => `/apply/step/${n}`,
  applyStepFromReview: (n: number) => `/apply/step/${n}?from=review`,
  applyCascade: '/apply/cascade',
  applyCascadeFor: (mode: 'apply' | 'query') => `/apply/cascade?mode=${mode}`,
  applyAbandon: '/apply/abandon',
  applyDone: (no: string) => `/apply/done/${encodeURIComponent(no)}`,
  applyPhoto: (id: number) => `/apply/photo/${id}`,
  // 教师资格认定's wizard (journeys/certification, mounted at /certify) and 查询认定报名信息
  certify: '/certify',
  certifyStep: (n: number) => `/certify/step/${n}`,
  certifyCascade: '/certify/cascade',
  certifySignature: (id: number) => `/certify/signature/${id}`,
  certifyNotice: '/certify/notice',
  certificateNew: '/apply/certificates/new',
  certificateNewForm: '/apply/certificates/new/form',
  applications: '/applications',
  application: (no: string) => `/applications/${encodeURIComponent(no)}`,
  applicationNotes: (no: string) => `/applications/${encodeURIComponent(no)}/notes`,
  applicationMessages: (no: string) => `/applications/${encodeURIComponent(no)}/messages`,
  applicationEditBureau: (no: string) => `/applications/${encodeURIComponent(no)}/edit/bureau`,
  applicationEditDetails: (no: string) => `/applications/${encodeURIComponent(no)}/edit/details`,
  applicationForm: (no: string) => `/applications/${encodeURIComponent(no)}/form`,
  applicationFormPdf: (no: string) => `/applications/${encodeURIComponent(no)}/form.pdf`,
  // 查询认定报名信息 (seed 002 §3.2; web/routes/applicant/certifications.ts): the account's 认定 applications and what follows
  certifications: '/certifications',
  certification: (no: string) => `/certifications/${encodeURIComponent(no)}`,
  certificationNotes: (no: string) => `/certifications/${encodeURIComponent(no)}/notes`,
  certificationMessages: (no: string) => `/certifications/${encodeURIComponent(no)}/messages`,
  // 修改 (only in 网报待确认) belongs to the 认定 wizard's side
  certificationEdit: (no: string) => `/certifications/${encodeURIComponent(no)}/edit`,
  certificationEditIdentity: (no: string) => `/certifications/${encodeURIComponent(no)}/edit/identity`,
  certificationForm: (no: string) => `/certifications/${encodeURIComponent(no)}/form`,
  certificationFormPdf: (no: string) => `/certifications/${encodeURIComponent(no)}/form.pdf`,
  certificationPhoto: (no: string) => `/certifications/${encodeURIComponent(no)}/photo`,
  certificationSignature: (no: string) => `/certifications/${encodeURIComponent(no)}/signature`,
  // 上传材料 (全程网办, 002 §3.2.5)
  certificationUploads: (no: string) => `/certifications/${encodeURIComponent(no)}/uploads`,
  certificationUpload: (no: string, id: number) => `/certifications/${encodeURIComponent(no)}/uploads/${id}`,
  certificationUploadDelete: (no: string, id: number) => `/certifications/${encodeURIComponent(no)}/uploads/${id}/delete`,
  certQuery: '/certificates/query',
  certQueryOwn: '/certificates/query/own',
  devOutbox: '/dev/outbox',
  staffLogin: '/staff/login',
  staffLoginThen: (next: string) => `/staff/login?next=${encodeURIComponent(next)}`,
  staffLoginCode: '/staff/login/code', // 动态口令: the second step of a staff sign-in (and enrolment at the first)
  staffHome: '/staff',
  staffLogout: '/staff/logout',
  staffCounter: '/staff/counter',
  staffCounterFind: '/staff/counter/find',
  staffApplication: (no: string) => `/staff/applications/${encodeURIComponent(no)}`,
  staffPhoto: (no: string) => `/staff/applications/${encodeURIComponent(no)}/photo`,
  staffSignature: (no: string) => `/staff/applications/${encodeURIComponent(no)}/signature`, // 认定: the 个人承诺书's signature
  staffRevealId: (no: string) => `/staff/applications/${encodeURIComponent(no)}/reveal-id`,
  // A 认定 application's signed 个人承诺书 and its 全程网办 uploads (web/routes/staff/certificationFiles.ts)
  staffCertificationUpload: (no: string, id: number) => `/staff/applications/${encodeURIComponent(no)}/uploads/${id}`,
  staffForm: (no: string) => `/staff/applications/${encodeURIComponent(no)}/form`,
  staffFormPdf: (no: string) => `/staff/applications/${encodeURIComponent(no)}/form.pdf`,
  staffTransition: (no: string) => `/staff/applications/${encodeURIComponent(no)}/transition`,
  staffMessages: (no: string) => `/staff/applications/${encodeURIComponent(no)}/messages`,
  // 人工审核 queues and the audit log (web/routes/staff/queues.ts)
  staffRealnameQueue: '/staff/realname',
  staffRealname: (id: number) => `/staff/realname/${id}`,
  staffRealnamePhoto: (id: number, side: 'front' | 'back') => `/staff/realname/${id}/photo/${side}`,
  staffRealnameDecision: (id: number) => `/staff/realname/${id}/decision`,
  staffCertificateQueue: '/staff/certificates',
  staffCertificate: (id: number) => `/staff/certificates/${id}`,
  staffCertificatePhoto: (id: number, which: 'main' | 'extra') => `/staff/certificates/${id}/photo/${which}`,
  staffCertificateDecision: (id: number) => `/staff/certificates/${id}/decision`,
  staffAudit: '/staff/audit',
  staffAuditExport: '/staff/audit/export',
  staffUserSecondFactor: (id: number) => `/staff/users/${id}/second-factor`,
  // 代码维护 and 毕业学校维护 (web/routes/staff/codes.ts)
  staffCodes: '/staff/codes',
  staffCodeList: (list: string) => `/staff/codes/${encodeURIComponent(list)}`,
  staffSchools: '/staff/schools',
  staffSchoolRename: (id: number) => `/staff/schools/${id}/rename`,
  staffSchoolMerge: (id: number) => `/staff/schools/${id}/merge`,
  staffReview: '/staff/review',
  staffReviewBulk: '/staff/review/bulk',
  // 批量打印申请表 (web/routes/staff/print.ts): made from a list, watched and downloaded by its owner
  staffCounterPrint: '/staff/counter/print',
  staffReviewPrint: '/staff/review/print',
  staffPrint: (id: string) => `/staff/print/${encodeURIComponent(id)}`,
  staffPrintStatus: (id: string) => `/staff/print/${encodeURIComponent(id)}/status`,
  staffPrintPdf: (id: string) => `/staff/print/${encodeURIComponent(id)}/pdf`,
  // 工作人员账号 and 机构设置 (web/routes/staff/users.ts, settings.ts): bureau and system admins
  staffUsers: '/staff/users',
  staffUserNew: '/staff/users/new',
  staffUser: (id: number) => `/staff/users/${id}`,
  staffUserPassword: (id: number) => `/staff/users/${id}/password`,
  staffUserActive: (id: number) => `/staff/users/${id}/active`,
  staffSettings: '/staff/settings',
  staffSettingsOf: (bureauId: number) => `/staff/settings?bureau=${bureauId}`,
  // 机构管理员: 机构信息, 网报计划, 确认点 (web/routes/staff/bureau.ts, plans.ts, points.ts)
  staffBureau: '/staff/bureau',
  staffCertificationSettings: '/staff/bureau/certification',
  staffPlans: '/staff/plans',
  staffPlanNew: '/staff/plans/new',
  staffPlan: (id: number) => `/staff/plans/${id}`,
  staffPoints: '/staff/points',
  staffPointNew: '/staff/points/new',
  staffPoint: (id: number) => `/staff/points/${id}`,
  // 联系方式: each bureau's contacts and 公告 (public; #bureau-<id> for one bureau)
  contacts: '/contacts',
  privacy: '/privacy',
  contactsOf: (bureauId: number) => `/contacts#bureau-${bureauId}`,
  // Help, no sign-in needed (web/routes/help.ts): 办事指南, public 网报时间查询, 常见问题, the printable guide per bureau
  guide: '/guide',
  guideOf: (bureauId: number) => `/guide#bureau-${bureauId}`,
  guideWindow: '/guide/window',
  guideWindowOf: (bureauId: number) => `/guide/window#bureau-${bureauId}`,
  guideCascade: '/guide/window/cascade',
  guidePdf: (bureauId: number) => `/guide/print/${bureauId}.pdf`,
  faq: '/faq',
  // 数据导入 (web/routes/staff/imports.ts): upload → dry run → import, templates per kind
  staffImport: '/staff/import',
  staffImportTemplate: (kind: string, format: 'xlsx' | 'csv') => `/staff/import/templates/${encodeURIComponent(kind)}.${format}`,
  staffImportJob: (id: string) => `/staff/import/jobs/${encodeURIComponent(id)}`,
  staffImportStatus: (id: string) => `/staff/import/jobs/${encodeURIComponent(id)}/status`,
  staffImportRun: (id: string) => `/staff/import/jobs/${encodeURIComponent(id)}/run`,
  staffImportDiscard: (id: string) => `/staff/import/jobs/${encodeURIComponent(id)}/discard`,
  // 数据导出 and 统计 (web/routes/staff/reports.ts)
  staffExport: '/staff/export',
  staffExportDownload: '/staff/export/download',
  staffStats: '/staff/stats',
} as const;

/** Only same-site relative paths may be a post-login destination (no open redirect). */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.length > 300 || /[\r\n]/.test(value)) return null;
  return value;
}

/**
 * Where a personal-centre form reached from 认定's 填写身份信息 (the wizard's step 2, or 修改's copy of it) may send the
 * applicant back to: only those pages, never any other path or site (no open redirect).
 */
const RETURNABLE = [/^\/certify\/step\/2$/, /^\/certifications\/\d{1,12}\/edit\/identity$/];
export function wizardReturn(value: unknown): string | null {
  return typeof value === 'string' && RETURNABLE.some((r) => r.test(value)) ? value : null;
}
