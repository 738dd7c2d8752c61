import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, captchaIdFrom, captchaAnswerFrom, lastSmsCode } from '../helpers/app';
import { M } from '../../src/messages';

/**
 * 免费获取验证码 on every form that has it: with htmx the same POST answers with the SMS block only
 * (so passwords typed elsewhere on the page stay put), behind the same CSRF check and limits; without
 * JavaScript the page puts the mobile and its codes before any password field.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CAPTCHA: 'on' } }); });
afterAll(async () => ctx?.close());
// SMS limits count per IP and every request here comes from 127.0.0.1: each test starts an hour later.
beforeEach(() => ctx.clock.advance(3600_000 + 1000));

async function captchaAnswer(html: string) {
  if (!captchaIdFrom(html)) throw new Error('no captcha on the page');
  return captchaAnswerFrom(ctx, html);
}

/** Posts the form of `pageUrl` as htmx does: the page's token, HX-Request, the send-sms action. */
async function htmxSend(b: Browser, pageUrl: string, fields: Record<string, string>, opts: { captcha?: boolean; postUrl?: string } = {}) {
  const page = await b.get(pageUrl);
  const captcha = opts.captcha ? await captchaAnswer(page.text) : {};
  return b.agent.post(opts.postUrl ?? pageUrl).set('HX-Request', 'true').type('form')
    .send({ _csrf: csrfFrom(page.text), ...captcha, ...fields, action: 'send-sms' });
}

function expectSmsFragment(text: string) {
  expect(text).not.toContain('<html');
  expect(text).toMatch(/^\s*<div id="sms-block"/);
  expect(text).not.toContain('name="password"');
}

const person = { idType: '1', idNumber: '440781199210030056', name: '王磊', email: 'wanglei@example.com', mobile: '13800138001' };

describe('账号注册: 免费获取验证码', () => {
  test('without JavaScript the mobile, captcha and SMS code come before the passwords', async () => {
    const page = await new Browser(ctx.app).get('/register');
    const at = (name: string) => page.text.indexOf(`name="${name}"`);
    for (const name of ['mobile', 'captcha', 'smsCode']) {
      expect(at(name)).toBeGreaterThan(0);
      expect(at(name)).toBeLessThan(at('password'));
    }
    expect(at('password')).toBeLessThan(at('password2'));
  });

  test('no JavaScript: send the code first, then the passwords; everything typed before is kept', async () => {
    const b = new Browser(ctx.app);
    const page = await b.get('/register');
    const sent = await b.agent.post('/register').type('form').send({ _csrf: csrfFrom(page.text), ...person, ...(await captchaAnswer(page.text)), action: 'send-sms' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain(M.sms.sent);
    expect(sent.text).toContain('<html');
    for (const value of Object.values(person).slice(1)) expect(sent.text).toContain(`value="${value}"`);
    const code = await lastSmsCode(ctx, person.mobile);
    // The passwords are typed now, below the code, and the form is sent once.
    const done = await b.agent.post('/register').type('form').send({
      _csrf: csrfFrom(sent.text), ...person, smsCode: code, password: 'Abc#12345', password2: 'Abc#12345', agree: '1', action: 'register',
    });
    expect(done.status).toBe(303);
    expect(await ctx.container.repos.accounts.findByTypeAndNumber('1', person.idNumber)).toBeTruthy();
  });

  test('htmx: the answer is the SMS block only, with a fresh captcha (the old one is spent)', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...person, idNumber: '110102198611267047', mobile: '13800138011' };
    const res = await htmxSend(b, '/register', fields, { captcha: true });
    expect(res.status).toBe(200);
    expectSmsFragment(res.text);
    expect(res.text).toContain(M.sms.sent);
    expect(res.text).toContain('value="13800138011"');
    expect(res.text).toContain('id="group-captcha"');
    expect(res.headers.vary).toMatch(/HX-Request/);
    expect(await lastSmsCode(ctx, fields.mobile)).toMatch(/^\d{6}$/);
  });

  test('htmx: a wrong captcha or mobile is reported inside the block and nothing is sent', async () => {
    const b = new Browser(ctx.app);
    const res = await htmxSend(b, '/register', { ...person, mobile: '138', captcha: 'ZZZZ' });
    expect(res.status).toBe(422);
    expectSmsFragment(res.text);
    expect(res.text).toContain(M.mobile);
    expect(res.text).toContain(M.captcha.wrong);
    expect(await ctx.container.repos.outbox.latestTo('138')).toBeUndefined();
  });

  test('htmx: the same CSRF check as the form', async () => {
    const b = new Browser(ctx.app);
    await b.get('/register');
    const res = await b.agent.post('/register').set('HX-Request', 'true').type('form').send({ ...person, action: 'send-sms' });
    expect(res.status).toBe(403);
  });

  test('htmx: the same cool-down and hourly limits as the form', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...person, mobile: '13800138012' };
    expect((await htmxSend(b, '/register', fields, { captcha: true })).status).toBe(200);
    const again = await htmxSend(b, '/register', fields, { captcha: true });
    expect(again.status).toBe(429);
    expectSmsFragment(again.text);
    expect(again.text).toContain('秒后再重新获取');
    // …and the no-JavaScript form sees the same record.
    ctx.clock.advance(10_000);
    const page = await b.get('/register');
    const plain = await b.agent.post('/register').type('form').send({ _csrf: csrfFrom(page.text), ...fields, ...(await captchaAnswer(page.text)), action: 'send-sms' });
    expect(plain.status).toBe(429);
    expect(plain.text).toContain('<html');
  });
});

describe('the other forms with an SMS button answer htmx with their SMS block', () => {
  test('修改手机号码', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await htmxSend(b, '/me/mobile', { oldMobile: '13907501236', newMobile: '13700002222' });
    expect(res.status).toBe(200);
    expectSmsFragment(res.text);
    expect(res.text).toContain(M.sms.sent);
    expect(res.text).toContain('value="13700002222"');
    const bad = await htmxSend(b, '/me/mobile', { oldMobile: '', newMobile: '12' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(M.mobile);
    expect((await b.agent.post('/me/mobile').set('HX-Request', 'true').type('form').send({ newMobile: '13700002222', action: 'send-sms' })).status).toBe(403);
  });

  test('忘记密码 by SMS', async () => {
    const b = new Browser(ctx.app);
    const start = await b.get('/password/forgot');
    const step1 = await b.agent.post('/password/forgot').type('form')
      .send({ _csrf: csrfFrom(start.text), idType: '1', idNumber: DEMO.liMing.idNumber, name: '李明', ...(await captchaAnswer(start.text)) });
    expect(step1.status).toBe(303);
    const res = await htmxSend(b, '/password/forgot/verify', { method: 'sms' });
    expect(res.status).toBe(200);
    expectSmsFragment(res.text);
    expect(res.text).toContain(M.sms.sent);
    const again = await htmxSend(b, '/password/forgot/verify', { method: 'sms' });
    expect(again.status).toBe(429);
    expect(again.text).toContain('秒后再重新获取');
  });

  test('证书查询 其他查询', async () => {
    const b = new Browser(ctx.app);
    const fields = { name: '李明', idNumber: DEMO.liMing.idNumber, certNumber: '20124400000000001', mobile: '13800138021' };
    const res = await htmxSend(b, '/certificates/query', fields, { captcha: true });
    expect(res.status).toBe(200);
    expectSmsFragment(res.text);
    expect(res.text).toContain(M.sms.sent);
    expect(res.text).toContain('value="13800138021"');
    expect(res.text).toContain('id="group-captcha"');
    const wrong = await htmxSend(b, '/certificates/query', { ...fields, captcha: 'ZZZZ' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(M.captcha.wrong);
  });
});
