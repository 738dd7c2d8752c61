import { makeTestApp, TestContext, Browser, loginAs, DEMO, lastSmsCode, escaped, byIdNumber } from '../helpers/app';
import { M } from '../../src/messages';
import { hashPassword } from '../../src/services/passwordHasher';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());
beforeEach(() => ctx.clock.advance(3600_000 + 1000));

const liMingAccount = { idType: '1', idNumber: DEMO.liMing.idNumber, name: '李明' };

async function lastResetLink(): Promise<string> {
  const row = await ctx.container.repos.outbox.latestTo('demo1236@example.com');
  const link = row ? /(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(row.body)?.[1] : undefined;
  if (!link) throw new Error('no reset e-mail');
  return link;
}

async function setPassword(password: string) {
  // Put 李明's password back for the next test.
  await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).update({ password_hash: await hashPassword(password) });
}
afterEach(() => setPassword(DEMO.liMing.password));

describe('忘记密码', () => {
  test('wrong name or number: the seeds\' message, no hint which one', async () => {
    const res = await new Browser(ctx.app).submit('/password/forgot', { ...liMingAccount, name: '李四' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(escaped(M.forgot.notFound));
  });

  test('the verify step cannot be opened without step 1', async () => {
    const res = await new Browser(ctx.app).get('/password/forgot/verify');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/password/forgot');
  });

  test('e-mail link: single use, new password works, every session of the account ends', async () => {
    const other = await loginAs(ctx, DEMO.liMing); // signed in elsewhere
    const b = new Browser(ctx.app);
    const step1 = await b.submit('/password/forgot', liMingAccount);
    expect(step1.status).toBe(303);
    const verify = await b.get('/password/forgot/verify');
    expect(verify.text).toContain('d****@example.com');
    expect(verify.text).toContain('139****1236');
    const sent = await b.submit('/password/forgot/verify', { method: 'email', action: 'submit' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('密码重置邮件已发送');
    const link = await lastResetLink();
    const form = await b.get(link);
    expect(form.status).toBe(200);
    const weak = await b.submit(link, { password: 'short', password2: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain(escaped(M.password.policy));
    const done = await b.submit(link, { password: 'New#Pass99', password2: 'New#Pass99' });
    expect(done.status).toBe(303);
    expect((await other.get('/me')).status).toBe(303); // the other session ended
    // Reuse is refused.
    expect((await b.get(link)).status).toBe(410);
    const login = await new Browser(ctx.app).submit('/login', { idNumber: DEMO.liMing.idNumber, password: 'New#Pass99' });
    expect(login.status).toBe(303);
  });

  test('the e-mail link expires after 24 hours', async () => {
    const b = new Browser(ctx.app);
    await b.submit('/password/forgot', liMingAccount);
    await b.submit('/password/forgot/verify', { method: 'email', action: 'submit' });
    const link = await lastResetLink();
    ctx.clock.advance(24 * 3600_000 + 1000);
    const res = await b.get(link);
    expect(res.status).toBe(410);
    expect(res.text).toContain(M.forgot.tokenInvalid);
    const post = await b.submit('/password/forgot', liMingAccount).then(() => b.agent.get(link));
    expect(post.status).toBe(410);
  });

  test('a forged token is refused without a 500', async () => {
    const b = new Browser(ctx.app);
    expect((await b.get('/password/reset/not-a-real-token-at-all-xxxxxxxx')).status).toBe(410);
    expect((await b.get('/password/reset/%3Cscript%3E')).status).toBe(410);
  });

  test('SMS code: new password set, old one refused', async () => {
    const b = new Browser(ctx.app);
    await b.submit('/password/forgot', liMingAccount);
    const sent = await b.submit('/password/forgot/verify', { method: 'sms', action: 'send-sms' });
    expect(sent.text).toContain(M.sms.sent);
    const code = await lastSmsCode(ctx, '13907501236');
    const mismatch = await b.submit('/password/forgot/verify', { method: 'sms', smsCode: code, password: 'New#Pass77', password2: 'New#Pass78', action: 'submit' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain(M.password.mismatch);
    expect(mismatch.text).toContain(`value="${code}"`);
    const done = await b.submit('/password/forgot/verify', { method: 'sms', smsCode: code, password: 'New#Pass77', password2: 'New#Pass77', action: 'submit' });
    expect(done.status).toBe(303);
    expect((await new Browser(ctx.app).submit('/login', DEMO.liMing)).status).toBe(422);
    expect((await new Browser(ctx.app).submit('/login', { idNumber: DEMO.liMing.idNumber, password: 'New#Pass77' })).status).toBe(303);
  });

  test('SMS code wrong: refused, password unchanged', async () => {
    const b = new Browser(ctx.app);
    await b.submit('/password/forgot', liMingAccount);
    await b.submit('/password/forgot/verify', { method: 'sms', action: 'send-sms' });
    const res = await b.submit('/password/forgot/verify', { method: 'sms', smsCode: '000000', password: 'New#Pass77', password2: 'New#Pass77', action: 'submit' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.sms.wrong);
    expect((await new Browser(ctx.app).submit('/login', DEMO.liMing)).status).toBe(303);
  });
});
