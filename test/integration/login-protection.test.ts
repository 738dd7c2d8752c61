import { makeTestApp, TestContext, Browser, DEMO, csrfFrom, captchaAnswerFrom, lastSmsCode, escaped } from '../helpers/app';
import { M } from '../../src/messages';

/**
 * Failed logins lock the source that failed, not the teacher: a stranger's five wrong passwords from
 * one address stop that address, while the owner signs in from another with the captcha and the right
 * password. Guessing from many addresses is stopped per account by an SMS code after the password.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CAPTCHA: 'on', TRUST_PROXY: 'loopback' } }); });
afterAll(async () => ctx?.close());

/** One login attempt from `ip` (behind the trusted proxy), answering the captcha like a person. */
async function loginFrom(b: Browser, ip: string, fields: Record<string, string>) {
  const page = await b.get('/login').set('X-Forwarded-For', ip);
  return b.agent.post('/login').set('X-Forwarded-For', ip).type('form')
    .send({ _csrf: csrfFrom(page.text), ...(await captchaAnswerFrom(ctx, page.text)), ...fields });
}
const wrong = (who: { idNumber: string }) => ({ idNumber: who.idNumber, password: 'Wrong#123' });

describe('登录保护', () => {
  test('a stranger\'s failures lock the stranger\'s address, not the owner', async () => {
    const stranger = new Browser(ctx.app);
    for (let i = 0; i < 4; i++) {
      const res = await loginFrom(stranger, '203.0.113.7', wrong(DEMO.liMing));
      expect(res.status).toBe(422);
      expect(res.text).toContain(M.login.failed);
    }
    const fifth = await loginFrom(stranger, '203.0.113.7', wrong(DEMO.liMing));
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain(escaped(M.login.locked(15)));
    // The stranger's address stays throttled, even with the right password.
    expect((await loginFrom(stranger, '203.0.113.7', DEMO.liMing)).status).toBe(429);
    expect((await loginFrom(stranger, '203.0.113.7', wrong(DEMO.liMing))).status).toBe(429);
    // The owner, elsewhere, signs in with the captcha and the right password.
    const owner = new Browser(ctx.app);
    const res = await loginFrom(owner, '198.51.100.20', DEMO.liMing);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me');
    expect((await owner.get('/me')).status).toBe(200);
    // After 15 minutes the stranger's address may try again.
    ctx.clock.advance(15 * 60_000 + 1000);
    expect((await loginFrom(stranger, '203.0.113.7', wrong(DEMO.liMing))).status).toBe(422);
  });

  test('guessing from many addresses: after 10 failures the right password must be finished with an SMS code', async () => {
    ctx.clock.advance(3600_000);
    const attacker = new Browser(ctx.app);
    for (const ip of ['192.0.2.1', '192.0.2.2']) {
      for (let i = 0; i < 5; i++) await loginFrom(attacker, ip, wrong(DEMO.huang));
    }
    // A wrong password still reads 登录失败！ from a fresh address…
    const guess = await loginFrom(attacker, '192.0.2.3', wrong(DEMO.huang));
    expect(guess.status).toBe(422);
    expect(guess.text).toContain(M.login.failed);
    // …and even the right password does not sign in without the code sent to the account's own mobile.
    const found = await loginFrom(attacker, '192.0.2.4', DEMO.huang);
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe('/login/verify');
    expect((await attacker.get('/me')).status).toBe(303);
    const verify = await attacker.get('/login/verify');
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('139****4614');
    // Without JavaScript 免费获取验证码 brings the whole page back.
    const plainSend = await attacker.post('/login/verify', { action: 'send-sms' }, '/login/verify');
    expect(plainSend.status).toBe(200);
    expect(plainSend.text).toContain('<html');
    expect(plainSend.text).toContain(M.sms.sent);
    const badCode = await attacker.post('/login/verify', { smsCode: '000000', action: 'login' }, '/login/verify');
    expect(badCode.status).toBe(422);
    expect(badCode.text).toContain(M.sms.wrong);
    expect((await attacker.get('/me')).status).toBe(303);
  });

  test('the owner finishes with the SMS code (htmx or not); afterwards the password alone works again', async () => {
    ctx.clock.advance(61_000); // the SMS cool-down after the previous test's code
    const owner = new Browser(ctx.app);
    const found = await loginFrom(owner, '198.51.100.30', DEMO.huang);
    expect(found.headers.location).toBe('/login/verify');
    const page = await owner.get('/login/verify');
    const sent = await owner.agent.post('/login/verify').set('HX-Request', 'true').type('form').send({ _csrf: csrfFrom(page.text), action: 'send-sms' });
    expect(sent.status).toBe(200);
    expect(sent.text).not.toContain('<html');
    expect(sent.text).toContain(M.sms.sent);
    const code = await lastSmsCode(ctx, '13907504614');
    const done = await owner.post('/login/verify', { smsCode: code, action: 'login' }, '/login/verify');
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/me');
    expect((await owner.get('/me')).status).toBe(200);
    const again = await loginFrom(new Browser(ctx.app), '198.51.100.31', DEMO.huang);
    expect(again.headers.location).toBe('/me');
  });

  test('the SMS step cannot be opened without the right password first', async () => {
    const res = await new Browser(ctx.app).get('/login/verify');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });
});
