import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, DEMO, lastSmsCode, csrfFrom } from '../helpers/app';
import type { AuditRow } from '../../src/repositories/audit';
import type { IdentityVerifier } from '../../src/services/realname';
import { hashPassword, verifyPassword } from '../../src/services/passwordHasher';
import { projectRoot } from '../../src/paths';

/*
 * Every applicant action the personal pages offer leaves exactly one audit row, written by the service that
 * makes the change (in its transaction), with the acting account, the target and the client's address.
 * The app sits behind a proxy on this machine, so the address is the one in X-Forwarded-For: a row with
 * it came from the request, not from a default.
 */
const CLIENT = '203.0.113.7';
const known = new Map([[DEMO.liMing.idNumber, '李明'], [DEMO.huang.idNumber, '黄志强']]);
const verifier: IdentityVerifier = { verify: async ({ idNumber, name }) => ({ passed: known.get(idNumber) === name }) };

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ verifier, env: { TRUST_PROXY: '127.0.0.1,::1' } }); });
afterAll(async () => ctx?.close());
// SMS and 实名认证 limits count per day and per IP: every test starts a day later, with an empty trail.
beforeEach(async () => {
  ctx.clock.advance(24 * 3600_000 + 1000);
  await ctx.db('audit_log').del();
});

const LI_MING_MOBILE = '13907501236';
const LI_MING_EMAIL = 'demo1236@example.com';

/** A browser without JavaScript whose requests reach the app through the local proxy, from CLIENT. */
function client(): Browser {
  const b = new Browser(ctx.app);
  b.agent.set('X-Forwarded-For', CLIENT);
  return b;
}

async function signedIn(who: { idNumber: string; password: string }): Promise<Browser> {
  const b = client();
  const res = await b.submit('/login', { idNumber: who.idNumber, password: who.password });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  await ctx.db('audit_log').del(); // the login's own row is another test's subject
  return b;
}

const trail = (): Promise<AuditRow[]> => ctx.db<AuditRow>('audit_log').orderBy('id').select('*');
const accountOf = (idNumber: string) => ctx.container.repos.accounts.findByIdNumber(idNumber).then((found) => found[0]);
const idOf = async (idNumber: string): Promise<number> => (await accountOf(idNumber)).id;

/** The one row an action must leave: by the applicant on their own account unless `target` says otherwise. */
async function expectOneRow(action: string, accountId: number, target = `account:${accountId}`) {
  expect(await trail()).toEqual([expect.objectContaining({ actor_type: 'applicant', actor_id: accountId, action, target, ip: CLIENT })]);
}

const jpeg = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#88aacc' } }).jpeg().toBuffer();

async function restoreLiMing() {
  const [li] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
  await ctx.container.repos.accounts.update(li.id, { password_hash: await hashPassword(DEMO.liMing.password), mobile: LI_MING_MOBILE, email: LI_MING_EMAIL, realname_status: 'verified' });
}

// ---- the actions ----------------------------------------------------------------------------------------
const newTeacher = {
  idType: '1', idNumber: '440781199210030056', name: '王磊', password: 'Abc#12345', password2: 'Abc#12345',
  email: 'wanglei@example.com', mobile: '13800138001', agree: '1',
};
async function register(b: Browser, fields = newTeacher) {
  await b.submit('/register', { ...fields, action: 'send-sms' });
  return b.submit('/register', { ...fields, smsCode: await lastSmsCode(ctx, fields.mobile), action: 'register' });
}

const identity = { ethnicityCode: '01', validity: 'long', validFrom: '2019-02-28', email: 'liming@example.com' };

async function changeMobile(b: Browser, newMobile: string) {
  await b.submit('/me/mobile', { oldMobile: LI_MING_MOBILE, newMobile, action: 'send-sms' });
  return b.submit('/me/mobile', { oldMobile: LI_MING_MOBILE, newMobile, smsCode: await lastSmsCode(ctx, newMobile), action: 'submit' });
}

async function requestReview(b: Browser) {
  const page = await b.get('/me/realname/review');
  return b.agent.post('/me/realname/review').field('_csrf', csrfFrom(page.text)).field('name', '黄志强')
    .attach('front', await jpeg(800, 500), 'front.jpg').attach('back', await jpeg(800, 500), 'back.jpg');
}

const manualCert = {
  holderName: '李明', idNumber: DEMO.liMing.idNumber, certNumber: '20024478131000777', issueDate: '2002-07-01',
  provinceCode: '440000', cityName: '江门市', qualificationCode: '3', subjectCode: 'C04', authority: '台山市教育局',
};
async function addCertificate(b: Browser) {
  const page = await b.get('/apply/certificates/new/form');
  let req = b.agent.post('/apply/certificates/new/form').field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(manualCert)) req = req.field(k, v);
  return req.attach('photo', await jpeg(1200, 850), 'photo.jpg');
}

/** 忘记密码 step 1 for 李明; the browser then stands at the verify step. */
async function forgot(): Promise<Browser> {
  const b = client();
  const step1 = await b.submit('/password/forgot', { idType: '1', idNumber: DEMO.liMing.idNumber, name: '李明' });
  expect(step1.status).toBe(303);
  return b;
}
async function resetLink(b: Browser): Promise<string> {
  await b.submit('/password/forgot/verify', { method: 'email', action: 'submit' });
  const row = await ctx.container.repos.outbox.latestTo(LI_MING_EMAIL);
  const link = row ? /(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(row.body)?.[1] : undefined;
  if (!link) throw new Error('no reset e-mail');
  return link;
}
const newPassword = { password: 'New#Pass99', password2: 'New#Pass99' };

describe('each applicant action leaves exactly one audit row, with its actor, target and address', () => {
  afterEach(restoreLiMing);

  test('账号注册: the new account registered itself', async () => {
    const res = await register(client());
    expect(res.status).toBe(303);
    await expectOneRow('account.register', await idOf(newTeacher.idNumber));
  });

  test('登录 (and a failed one leaves none)', async () => {
    const failed = await client().submit('/login', { idNumber: DEMO.liMing.idNumber, password: 'Wrong#1234' });
    expect(failed.status).toBe(422);
    expect(await trail()).toEqual([]);
    const res = await client().submit('/login', DEMO.liMing);
    expect(res.status).toBe(303);
    await expectOneRow('account.login', await idOf(DEMO.liMing.idNumber));
  });

  test('修改个人身份信息', async () => {
    const b = await signedIn(DEMO.liMing);
    expect((await b.submit('/me/identity', identity)).status).toBe(303);
    await expectOneRow('account.identity', await idOf(DEMO.liMing.idNumber));
  });

  test('修改密码 (and a wrong old password leaves none)', async () => {
    const b = await signedIn(DEMO.liMing);
    const wrong = await b.submit('/me/password', { oldPassword: 'Nope#1234', ...newPassword });
    expect(wrong.status).toBe(422);
    expect(await trail()).toEqual([]);
    expect((await b.submit('/me/password', { oldPassword: DEMO.liMing.password, ...newPassword })).status).toBe(303);
    await expectOneRow('account.password', await idOf(DEMO.liMing.idNumber));
  });

  test('修改手机号码', async () => {
    const b = await signedIn(DEMO.liMing);
    expect((await changeMobile(b, '13700001111')).status).toBe(303);
    await expectOneRow('account.mobile', await idOf(DEMO.liMing.idNumber));
  });

  test('实名认证: a failed check, then a passed one, each one row; a refused request (limit) none', async () => {
    const b = await signedIn(DEMO.liMing);
    const id = await idOf(DEMO.liMing.idNumber);
    await ctx.db('accounts').where({ id }).update({ realname_status: 'unverified' });
    expect((await b.submit('/me/realname', { name: '李敏' })).status).toBe(422);
    await expectOneRow('realname.failed', id);
    await ctx.db('audit_log').del();
    expect((await b.submit('/me/realname', { name: '李明' })).status).toBe(303);
    await expectOneRow('realname.passed', id);
    await ctx.db('audit_log').del();
    expect((await b.submit('/me/realname', { name: '李明' })).status).toBe(303); // the third of the day
    const refused = await b.submit('/me/realname', { name: '李明' });
    expect(refused.status).toBe(422); // daily limit: the verifier is not asked, nothing is checked
    expect((await trail()).map((r) => r.action)).toEqual(['realname.passed']);
  });

  test('申请人工审核', async () => {
    const id = await idOf(DEMO.huang.idNumber);
    await ctx.db('accounts').where({ id }).update({ realname_status: 'failed' });
    try {
      const b = await signedIn(DEMO.huang);
      expect((await requestReview(b)).status).toBe(303);
      await expectOneRow('realname.review-requested', id);
    } finally {
      await ctx.db('accounts').where({ id }).update({ realname_status: 'verified' });
    }
  });

  test('添加教师资格证书信息: on the certificate, by the applicant', async () => {
    const b = await signedIn(DEMO.liMing);
    expect((await addCertificate(b)).status).toBe(303);
    await expectOneRow('certificate.manual-add', await idOf(DEMO.liMing.idNumber), `certificate:${manualCert.certNumber}`);
    await ctx.db('certificates').where({ cert_number: manualCert.certNumber }).del();
  });

  test('忘记密码 by SMS: by the account that proved its mobile', async () => {
    const b = await forgot();
    await b.submit('/password/forgot/verify', { method: 'sms', action: 'send-sms' });
    const code = await lastSmsCode(ctx, LI_MING_MOBILE);
    expect((await b.submit('/password/forgot/verify', { method: 'sms', smsCode: code, ...newPassword, action: 'submit' })).status).toBe(303);
    await expectOneRow('account.password-reset.sms', await idOf(DEMO.liMing.idNumber));
  });

  test('忘记密码 by the e-mailed link: by the account that proved its e-mail; a reused link leaves none', async () => {
    const b = await forgot();
    const link = await resetLink(b);
    expect((await b.submit(link, newPassword)).status).toBe(303);
    await expectOneRow('account.password-reset.email', await idOf(DEMO.liMing.idNumber));
    await ctx.db('audit_log').del();
    const token = link.split('/').pop() as string;
    // Posted again (as from a second tab opened before): the spent token resets nothing and records nothing.
    expect((await ctx.container.services.passwordReset.resetWithToken(token, 'Other#Pass1', CLIENT)).ok).toBe(false);
    expect(await trail()).toEqual([]);
  });
});

describe('a failed audit write fails the action: nothing changes, nothing is half-recorded', () => {
  /**
   * Takes the audit log away (a real failing write on either database), runs `action`, puts it back. The
   * failures reach the error handler, which logs them: it is the audit write that failed, and it was not swallowed.
   * The page is the audit failure's own (503, M.auditWriteFailed: the action was refused, not a crash).
   */
  async function withAuditDown(action: () => Promise<void>) {
    const logged: unknown[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...line: unknown[]) => { logged.push(line.map(String).join(' ')); });
    await ctx.db.schema.renameTable('audit_log', 'audit_log_away');
    try {
      await action();
    } finally {
      await ctx.db.schema.renameTable('audit_log_away', 'audit_log');
      spy.mockRestore();
    }
    expect(logged.length).toBeGreaterThan(0);
    for (const err of logged) expect(String(err)).toMatch(/audit_log/);
    expect(await trail()).toEqual([]);
  }
  afterEach(restoreLiMing);

  test('账号注册: no account', async () => {
    const b = client();
    const fields = { ...newTeacher, idNumber: '11010519491231002X', name: '张三', mobile: '13800138009' };
    await b.submit('/register', { ...fields, action: 'send-sms' });
    const code = await lastSmsCode(ctx, fields.mobile);
    await withAuditDown(async () => {
      expect((await b.submit('/register', { ...fields, smsCode: code, action: 'register' })).status).toBe(503);
    });
    expect(await accountOf(fields.idNumber)).toBeUndefined();
  });

  test('登录: not signed in, the last login not moved', async () => {
    const before = await accountOf(DEMO.liMing.idNumber);
    const b = client();
    await withAuditDown(async () => {
      expect((await b.submit('/login', DEMO.liMing)).status).toBe(503);
    });
    expect((await accountOf(DEMO.liMing.idNumber)).last_login_at).toBe(before.last_login_at);
    expect((await b.get('/me')).status).toBe(303);
  });

  test('修改个人身份信息, 修改密码, 修改手机号码: the account is as it was', async () => {
    const b = await signedIn(DEMO.liMing);
    await b.submit('/me/mobile', { oldMobile: LI_MING_MOBILE, newMobile: '13700002222', action: 'send-sms' });
    const code = await lastSmsCode(ctx, '13700002222');
    const before = await accountOf(DEMO.liMing.idNumber);
    await withAuditDown(async () => {
      expect((await b.submit('/me/identity', identity)).status).toBe(503);
      expect((await b.submit('/me/password', { oldPassword: DEMO.liMing.password, ...newPassword })).status).toBe(503);
      expect((await b.submit('/me/mobile', { oldMobile: LI_MING_MOBILE, newMobile: '13700002222', smsCode: code, action: 'submit' })).status).toBe(503);
    });
    const after = await accountOf(DEMO.liMing.idNumber);
    expect(after).toEqual(before);
    expect(await verifyPassword(DEMO.liMing.password, after.password_hash)).toBe(true);
    expect((await b.get('/me')).status).toBe(200); // the session epoch did not move either
  });

  test('实名认证 and 申请人工审核: no check counted, no request stored, status unchanged', async () => {
    const liMing = await signedIn(DEMO.liMing);
    const liMingId = await idOf(DEMO.liMing.idNumber);
    await ctx.db('accounts').where({ id: liMingId }).update({ realname_status: 'unverified' });
    const huangId = await idOf(DEMO.huang.idNumber);
    await ctx.db('accounts').where({ id: huangId }).update({ realname_status: 'failed' });
    try {
      const huang = await signedIn(DEMO.huang);
      const checksBefore = await ctx.db('realname_checks').where({ account_id: liMingId });
      const reviewsBefore = await ctx.db('realname_reviews').where({ account_id: huangId });
      await withAuditDown(async () => {
        expect((await liMing.submit('/me/realname', { name: '李敏' })).status).toBe(503);
        expect((await liMing.submit('/me/realname', { name: '李明' })).status).toBe(503);
        expect((await requestReview(huang)).status).toBe(503);
      });
      expect(await ctx.db('realname_checks').where({ account_id: liMingId })).toEqual(checksBefore);
      expect((await accountOf(DEMO.liMing.idNumber)).realname_status).toBe('unverified');
      expect(await ctx.db('realname_reviews').where({ account_id: huangId })).toEqual(reviewsBefore);
      expect((await accountOf(DEMO.huang.idNumber)).realname_status).toBe('failed');
    } finally {
      await ctx.db('accounts').where({ id: huangId }).update({ realname_status: 'verified' });
    }
  });

  test('添加教师资格证书信息: no certificate', async () => {
    const b = await signedIn(DEMO.liMing);
    await withAuditDown(async () => {
      expect((await addCertificate(b)).status).toBe(503);
    });
    expect(await ctx.db('certificates').where({ cert_number: manualCert.certNumber }).first()).toBeUndefined();
  });

  test('忘记密码: the password stays, and the e-mailed link still works afterwards', async () => {
    const b = await forgot();
    const link = await resetLink(b);
    const viaSms = await forgot();
    await viaSms.submit('/password/forgot/verify', { method: 'sms', action: 'send-sms' });
    const code = await lastSmsCode(ctx, LI_MING_MOBILE);
    await withAuditDown(async () => {
      expect((await b.submit(link, newPassword)).status).toBe(503);
      expect((await viaSms.submit('/password/forgot/verify', { method: 'sms', smsCode: code, ...newPassword, action: 'submit' })).status).toBe(503);
    });
    expect(await verifyPassword(DEMO.liMing.password, (await accountOf(DEMO.liMing.idNumber)).password_hash)).toBe(true);
    expect((await b.submit(link, newPassword)).status).toBe(303);
    await expectOneRow('account.password-reset.email', await idOf(DEMO.liMing.idNumber));
  });
});

describe('routes write no audit rows', () => {
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return sources(full);
      return e.name.endsWith('.ts') ? [full] : [];
    });
  }

  test('no route source makes an audit call; the account service has no audit helper left', () => {
    const files = sources(path.join(projectRoot, 'src/web/routes'));
    expect(files.some((f) => f.includes(`${path.sep}applicant${path.sep}`))).toBe(true);
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      // A future audit page may list the log (audit.list); only writes are the services' business.
      expect({ file, calls: source.match(/\baudit\s*\(|\.record\s*\(|\baudit\.record\b/gi) ?? [] }).toEqual({ file, calls: [] });
    }
    expect('audit' in ctx.container.services.accounts).toBe(false);
  });
});
