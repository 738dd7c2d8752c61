import { makeTestApp, TestContext, Browser, csrfFrom, escaped } from '../helpers/app';
import { enrolmentSecretFrom, passSecondFactor, signInStaff } from '../helpers/staff';
import { DEMO_STAFF_PASSWORD, demoTotpSecretOf } from '../../seeds';
import { M } from '../../src/messages';
import { totpCode, totpStep } from '../../src/domain/totp';

/**
 * The 动态口令 step of a staff sign-in (RFC 6238 TOTP): enrolment at the first sign-in (QR code as SVG and the
 * secret as text, stored encrypted), the code at every sign-in, a wrong or reused code refused, five wrong codes lock
 * the step, the session becomes a staff session only after both steps. The demo shows its accounts' codes; production never.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

async function passwordStep(b: Browser, username: string, password = DEMO_STAFF_PASSWORD) {
  const res = await b.submit('/staff/login', { username, password });
  expect([username, res.status, res.headers.location]).toEqual([username, 303, '/staff/login/code']);
}
const sendCode = async (b: Browser, code: string) => {
  const page = await b.get('/staff/login/code');
  return b.agent.post('/staff/login/code').type('form').send({ _csrf: csrfFrom(page.text), code });
};
const newClerk = async (username: string) => {
  const point = await ctx.db('confirmation_points').orderBy('id').first('id', 'bureau_id');
  const made = await ctx.container.services.staff.create({ username, name: '新确认员', role: 'operator', bureauId: point.bureau_id, pointId: point.id, password: 'Clerk#2026' });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.value;
};

test('TOTP enrolment at the first sign-in: QR code (SVG) and the secret in groups of four; the code confirms it; stored encrypted', async () => {
  const id = await newClerk('clerk5');
  const b = new Browser(ctx.app);
  await passwordStep(b, 'clerk5', 'Clerk#2026');
  expect((await b.get('/staff')).headers.location).toMatch(/^\/staff\/login/); // not a staff session yet
  const page = await b.get('/staff/login/code');
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h1>绑定动态口令</h1>');
  expect(page.text).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="动态口令绑定二维码/);
  const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(page.text)![1], 'base64').toString();
  expect(svg).toMatch(/^<svg/);
  expect(page.text).toMatch(/id="totp-secret"[^>]*>[A-Z2-7]{4}( [A-Z2-7]{4}){7}</); // 32 base32 characters
  expect(page.text).not.toContain('演示环境');
  const secret = enrolmentSecretFrom(page.text)!;
  // The same secret while the enrolment is pending (a reload does not change what was scanned).
  expect(enrolmentSecretFrom((await b.get('/staff/login/code')).text)).toBe(secret);
  const wrong = await sendCode(b, '000000');
  expect(wrong.status).toBe(422);
  expect(wrong.text).toContain(escaped(M.staff.codeWrong));
  expect((await ctx.db('staff_users').where({ id }).first()).totp_secret).toBeNull();
  const now = ctx.clock.now().getTime();
  const ok = await sendCode(b, totpCode(secret, now));
  expect([ok.status, ok.headers.location]).toEqual([303, '/staff']);
  expect((await b.get('/staff')).status).toBe(200);
  const row = await ctx.db('staff_users').where({ id }).first();
  expect(row.totp_secret).toMatch(/^enc:v\d+:/);
  expect(row.totp_secret).not.toContain(secret);
  expect(Number(row.totp_last_step)).toBe(totpStep(now));
  expect(ctx.container.protector.decryptText(row.totp_secret)).toBe(secret);
  expect((await ctx.db('audit_log').where({ target: `staff:${id}` }).orderBy('id')).map((r) => r.action)).toEqual(['staff.create', 'staff.login-password', 'staff.totp-enrolled', 'staff.login']);
});

test('TOTP login: the next sign-in asks for the code only; a wrong code and a reused code are refused; ±1 step is accepted', async () => {
  const id = (await ctx.db('staff_users').where({ username: 'clerk5' }).first()).id;
  const secret = ctx.container.protector.decryptText((await ctx.db('staff_users').where({ id }).first()).totp_secret);
  const now = ctx.clock.now().getTime();
  const b = new Browser(ctx.app);
  await passwordStep(b, 'clerk5', 'Clerk#2026');
  const page = await b.get('/staff/login/code');
  expect(page.text).toContain('<h1>动态口令</h1>');
  expect(page.text).not.toContain('totp-secret');
  expect(page.text).toContain('<label for="field-code"><span class="req">*</span>动态口令</label>');
  // The code of the enrolment (this step) was used: refused again.
  const reused = await sendCode(b, totpCode(secret, now));
  expect(reused.status).toBe(422);
  expect(reused.text).toContain(escaped(M.staff.codeWrong));
  expect((await sendCode(b, '12345')).status).toBe(422);
  expect((await sendCode(b, '')).text).toContain(escaped(M.required('动态口令')));
  // The next step's code (a phone a little ahead) is accepted once …
  const next = totpCode(secret, now + 30_000);
  expect((await sendCode(b, next)).status).toBe(303);
  expect((await b.get('/staff')).status).toBe(200);
  // … and never again, in another browser either.
  const other = new Browser(ctx.app);
  await passwordStep(other, 'clerk5', 'Clerk#2026');
  expect((await sendCode(other, next)).status).toBe(422);
  // Two steps ahead is outside the window.
  expect((await sendCode(other, totpCode(secret, now + 60_000))).status).toBe(422);
  ctx.clock.advance(60_000);
  try {
    expect((await sendCode(other, totpCode(secret, ctx.clock.now().getTime()))).status).toBe(303);
  } finally {
    ctx.clock.advance(-60_000);
  }
});

test('five wrong codes lock the 动态口令 step of the account for 15 minutes (429), whatever the browser', async () => {
  await newClerk('clerk6');
  const enrol = new Browser(ctx.app);
  expect((await signInStaff(ctx, enrol, 'clerk6', 'Clerk#2026')).status).toBe(303);
  const b = new Browser(ctx.app);
  await passwordStep(b, 'clerk6', 'Clerk#2026');
  for (let i = 0; i < 4; i++) expect((await sendCode(b, '000000')).status).toBe(422);
  const locked = await sendCode(b, '000000');
  expect(locked.status).toBe(429);
  expect(locked.text).toContain(escaped(M.staff.codeLocked(15)));
  const fresh = new Browser(ctx.app);
  await passwordStep(fresh, 'clerk6', 'Clerk#2026');
  const row = await ctx.db('staff_users').where({ username: 'clerk6' }).first();
  const right = totpCode(ctx.container.protector.decryptText(row.totp_secret), ctx.clock.now().getTime() + 30_000);
  expect((await sendCode(fresh, right)).status).toBe(429);
});

test('the 动态口令 step expires with the pending sign-in (5 minutes) and cannot be reached without the password', async () => {
  const nobody = new Browser(ctx.app);
  const res = await nobody.get('/staff/login/code');
  expect([res.status, res.headers.location]).toEqual([303, '/staff/login?expired=1']);
  const b = new Browser(ctx.app);
  await passwordStep(b, 'reviewer');
  ctx.clock.advance(6 * 60_000);
  try {
    const late = await b.get('/staff/login/code');
    expect(late.headers.location).toBe('/staff/login?expired=1');
  } finally {
    ctx.clock.advance(-6 * 60_000);
  }
});

test('演示环境: a demo account\'s 动态口令 page shows its current code (its public secret); a demo code may be used again', async () => {
  const b = new Browser(ctx.app);
  await passwordStep(b, 'auditadmin');
  const page = await b.get('/staff/login/code');
  const code = totpCode(demoTotpSecretOf('auditadmin')!, ctx.clock.now().getTime());
  expect(page.text).toContain('<strong>演示环境</strong>');
  expect(page.text).toContain(`当前动态口令为 <code>${code}</code>`);
  expect((await sendCode(b, code)).status).toBe(303);
  const again = new Browser(ctx.app);
  await passwordStep(again, 'auditadmin');
  expect((await passSecondFactor(ctx, again, 'auditadmin')).status).toBe(303);
});

describe('production', () => {
  let prod: TestContext;
  beforeAll(async () => {
    prod = await makeTestApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), NOTIFY_TRANSPORT: 'outbox', ALLOW_OUTBOX_IN_PRODUCTION: '1', CAPTCHA: 'on' } });
  });
  afterAll(async () => prod?.close());

  test('a demo account (public password and secret) cannot sign in; a real one never sees its code on the page', async () => {
    const b = new Browser(prod.app);
    const page = await b.get('/staff/login');
    const captcha = /name="captchaId" value="([0-9a-f]+)"/.exec(page.text)?.[1] ?? '';
    const answer = prod.container.services.captcha.answer(captcha) ?? '';
    const refused = await b.agent.post('/staff/login').type('form').send({ _csrf: csrfFrom(page.text), captchaId: captcha, captcha: answer, username: 'sysadmin', password: DEMO_STAFF_PASSWORD });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(M.login.failed);
    // The same account without the demo mark (as if created for real): the password passes, the page shows no code.
    await prod.db('staff_users').where({ username: 'sysadmin' }).update({ demo: false });
    const b2 = new Browser(prod.app);
    const page2 = await b2.get('/staff/login');
    const captcha2 = /name="captchaId" value="([0-9a-f]+)"/.exec(page2.text)?.[1] ?? '';
    const ok = await b2.agent.post('/staff/login').type('form').send({ _csrf: csrfFrom(page2.text), captchaId: captcha2, captcha: prod.container.services.captcha.answer(captcha2) ?? '', username: 'sysadmin', password: DEMO_STAFF_PASSWORD });
    expect(ok.headers.location).toBe('/staff/login/code');
    const codePage = await b2.get('/staff/login/code');
    expect(codePage.status).toBe(200);
    expect(codePage.text).not.toContain('演示环境');
    expect(codePage.text).not.toContain(totpCode(demoTotpSecretOf('sysadmin')!, prod.clock.now().getTime()));
  });
});
