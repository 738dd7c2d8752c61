import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, captchaIdFrom, escaped } from '../helpers/app';
import { M } from '../../src/messages';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

/** The session cookie a response sets ('' when it sets none). */
const cookieOf = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('tr.sid=')) ?? '';

describe('登录', () => {
  test('success regenerates the session id and goes to the personal centre', async () => {
    const b = new Browser(ctx.app);
    const page = await b.get('/login');
    const before = cookieOf(page);
    expect(before).toBe(''); // looking at the form stores no session
    const res = await b.submit('/login', DEMO.liMing);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me');
    const after = cookieOf(res);
    expect(after).toMatch(/^tr\.sid=/);
    expect(after).not.toBe(before);
    const me = await b.get('/me');
    expect(me.status).toBe(200);
    expect(me.text).toContain('个人信息中心');
  });

  test('wrong password and unknown account get the same 登录失败！', async () => {
    const b = new Browser(ctx.app);
    const wrong = await b.submit('/login', { idNumber: DEMO.liMing.idNumber, password: 'Wrong#123' });
    const unknown = await b.submit('/login', { idNumber: '11010519491231002X', password: 'Wrong#123' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(422);
      expect(res.text).toContain(M.login.failed);
      expect(res.text).not.toContain('密码不正确');
    }
    expect(wrong.text).toContain(`value="${DEMO.liMing.idNumber}"`);
  });

  test('empty fields get their messages', async () => {
    const res = await new Browser(ctx.app).submit('/login', { idNumber: '', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请填写证件号码');
    expect(res.text).toContain('请填写密码');
  });

  test('5 failures from one source lock that source out of the 证件号码 for 15 minutes; the right password is refused there meanwhile', async () => {
    const b = new Browser(ctx.app);
    for (let i = 0; i < 4; i++) {
      expect((await b.submit('/login', { idNumber: DEMO.huang.idNumber, password: 'Wrong#123' })).status).toBe(422);
    }
    const fifth = await b.submit('/login', { idNumber: DEMO.huang.idNumber, password: 'Wrong#123' });
    expect(fifth.status).toBe(429);
    expect(fifth.text).toContain(escaped(M.login.locked(15)));
    expect((await b.submit('/login', DEMO.huang)).status).toBe(429);
    ctx.clock.advance(15 * 60_000 + 1000);
    expect((await b.submit('/login', DEMO.huang)).status).toBe(303);
  });

  test('next= brings the user back, but only to a path of this site', async () => {
    const b = new Browser(ctx.app);
    const back = await b.submit('/login?next=%2Fme%2Fcertificates', { ...DEMO.liMing, next: '/me/certificates' });
    expect(back.headers.location).toBe('/me/certificates');
    const evil = await new Browser(ctx.app).submit('/login', { ...DEMO.liMing, next: '//evil.example/' });
    expect(evil.headers.location).toBe('/me');
  });

  test('a signed-out visitor asking for a personal page is sent to login, keeping the place', async () => {
    const res = await new Browser(ctx.app).get('/me/registrations');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fme%2Fregistrations');
  });

  test('after 30 idle minutes the session ends with 请重新登录 and the place is kept', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    ctx.clock.advance(29 * 60_000);
    expect((await b.get('/me/certificates')).status).toBe(200);
    ctx.clock.advance(31 * 60_000);
    const res = await b.get('/me/certificates');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fme%2Fcertificates&expired=1');
    const login = await b.get(res.headers.location);
    expect(login.text).toContain('请重新登录');
    expect(login.text).toContain('name="next" value="/me/certificates"');
  });

  test('退出 ends the session', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await b.submit('/me', {}, '/logout');
    expect(res.status).toBe(303);
    expect((await b.get('/me')).status).toBe(303);
  });

  test('logout needs the CSRF token too', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    expect((await b.agent.post('/logout')).status).toBe(403);
    expect((await b.get('/me')).status).toBe(200);
  });
});

describe('per-IP login limit', () => {
  let limited: TestContext;
  beforeAll(async () => { limited = await makeTestApp({ env: { LOGIN_IP_LIMIT: '3' } }); });
  afterAll(async () => limited?.close());

  test('beyond the limit the page says to wait, with 429', async () => {
    const b = new Browser(limited.app);
    for (let i = 0; i < 3; i++) await b.submit('/login', { idNumber: `1101051949123100${i}X`, password: 'x' });
    const res = await b.submit('/login', DEMO.liMing);
    expect(res.status).toBe(429);
    expect(res.text).toContain(M.login.rateLimited);
  });
});

describe('the real captcha', () => {
  let real: TestContext;
  beforeAll(async () => { real = await makeTestApp({ env: { CAPTCHA: 'on' } }); });
  afterAll(async () => real?.close());

  async function answerOf(html: string) {
    const id = captchaIdFrom(html);
    expect(id).toBeTruthy();
    // The answer is derived from the id with the server's key (nothing is stored until it is answered).
    const answer = real.container.services.captcha.answer(id as string);
    expect(answer).toMatch(/^[34678A-Z]{4}$/);
    return { id: id as string, answer: answer as string };
  }

  test('the image is a real PNG of sensible size', async () => {
    const b = new Browser(real.app);
    const page = await b.get('/login');
    const { id } = await answerOf(page.text);
    const img = await b.get(`/captcha/${id}.png`).buffer(true);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    const meta = await sharp(img.body as Buffer).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 120, height: 40 });
  });

  test('login with the captcha\'s answer; a wrong or reused answer is refused', async () => {
    const b = new Browser(real.app);
    const page = await b.get('/login');
    const { id, answer } = await answerOf(page.text);
    const wrong = await b.submit('/login', { ...DEMO.liMing, captchaId: id, captcha: 'ZZZZ' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(M.captcha.wrong);
    // The same captcha cannot be tried again, even with the right answer.
    const reused = await b.submit('/login', { ...DEMO.liMing, captchaId: id, captcha: answer });
    expect(reused.status).toBe(422);
    const fresh = await answerOf(reused.text);
    const ok = await b.submit('/login', { ...DEMO.liMing, captchaId: fresh.id, captcha: fresh.answer.toLowerCase() });
    expect(ok.status).toBe(303);
  });

  test('看不清，换一张 works as a plain submit and as an htmx fragment', async () => {
    const b = new Browser(real.app);
    const res = await b.submit('/login', { idNumber: DEMO.liMing.idNumber, action: 'refresh-captcha' });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`value="${DEMO.liMing.idNumber}"`);
    const fragment = await b.get('/captcha/new').set('HX-Request', 'true');
    expect(fragment.status).toBe(200);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('id="group-captcha"');
  });

  test('CAPTCHA=off is refused in production', () => {
    const { loadConfig } = jest.requireActual('../../src/config');
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), CAPTCHA: 'off', NOTIFY_TRANSPORT: 'smtp' })).toThrow(/CAPTCHA=off/);
  });
});
