import request from 'supertest';
import { makeTestApp, TestContext, Browser, DEMO, csrfFrom, countRows, captchaIdFrom } from '../helpers/app';
import { M } from '../../src/messages';

/** Crawlers and monitors that look at pages without a cookie leave no rows behind. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CAPTCHA: 'on' } }); });
afterAll(async () => ctx?.close());

// The help pages too (办事指南, 网报时间查询 and its cascade fragment, 常见问题, 联系方式): public, and read by crawlers most.
const PAGES = ['/', '/login', '/register', '/password/forgot', '/certificates/query', '/guide', '/guide/window', '/guide/window/cascade', '/faq', '/contacts'];

test('many cookieless page views write no session row and no captcha row', async () => {
  const sessions = await countRows(ctx, 'sessions');
  const captchas = await countRows(ctx, 'captchas');
  for (let i = 0; i < 10; i++) {
    for (const url of PAGES) {
      const res = await request(ctx.app).get(url);
      expect([url, res.status]).toEqual([url, 200]);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('tr.sid=');
    }
    await request(ctx.app).get('/captcha/new').set('HX-Request', 'true');
  }
  expect(await countRows(ctx, 'sessions')).toBe(sessions);
  expect(await countRows(ctx, 'captchas')).toBe(captchas);
});

test('a visitor who keeps its cookies but only looks writes nothing either', async () => {
  const sessions = await countRows(ctx, 'sessions');
  const b = new Browser(ctx.app);
  for (let i = 0; i < 5; i++) for (const url of PAGES) await b.get(url);
  expect(await countRows(ctx, 'sessions')).toBe(sessions);
});

test('the anonymous forms still carry a working token: a captcha mistake is a 422, not a 403; no token is a 403', async () => {
  const b = new Browser(ctx.app);
  const login = await b.submit('/login', { idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password, captcha: 'ZZZZ', captchaId: '0'.repeat(32) });
  expect(login.status).toBe(422);
  expect(login.text).toContain(M.captcha.wrong);
  const register = await b.submit('/register', { idType: '1', action: 'refresh-captcha' });
  expect(register.status).toBe(200);
  expect((await b.agent.post('/login').type('form').send({ idNumber: DEMO.liMing.idNumber })).status).toBe(403);
  // A token from another visitor's cookie does not fit this one.
  const other = csrfFrom((await new Browser(ctx.app).get('/login')).text);
  expect((await b.agent.post('/login').type('form').send({ _csrf: other, idNumber: DEMO.liMing.idNumber })).status).toBe(403);
  // A tampered cookie is no cookie at all.
  const page = await request(ctx.app).get('/login');
  const cookie = String((page.headers['set-cookie'] as unknown as string[])[0]).split(';')[0];
  const token = csrfFrom(page.text);
  const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  expect((await request(ctx.app).post('/login').set('Cookie', cookie).type('form').send({ _csrf: token, action: 'refresh-captcha' })).status).toBe(200);
  expect((await request(ctx.app).post('/login').set('Cookie', tampered).type('form').send({ _csrf: token, action: 'refresh-captcha' })).status).toBe(403);
});

test('at login the session is regenerated with a fresh token; the token from before login no longer works', async () => {
  const b = new Browser(ctx.app);
  const page = await b.get('/login');
  const before = csrfFrom(page.text);
  const captchaId = captchaIdFrom(page.text) as string;
  const captcha = ctx.container.services.captcha.answer(captchaId) as string;
  const sessions = await countRows(ctx, 'sessions');
  const res = await b.agent.post('/login').type('form').send({ _csrf: before, ...DEMO.liMing, captchaId, captcha });
  expect(res.status).toBe(303);
  expect(String(res.headers['set-cookie'])).toContain('tr.sid=');
  expect(await countRows(ctx, 'sessions')).toBe(sessions + 1);
  const after = csrfFrom((await b.get('/me/password')).text);
  expect(after).not.toBe(before);
  expect((await b.agent.post('/logout').type('form').send({ _csrf: before })).status).toBe(403);
  expect((await b.get('/me')).status).toBe(200);
  const out = await b.agent.post('/logout').type('form').send({ _csrf: after });
  expect(out.status).toBe(303);
  expect((await b.get('/me')).status).toBe(303);
  // After logout the visitor's token is a new one again.
  expect(csrfFrom((await b.get('/login')).text)).not.toBe(before);
});

test('a form sent after the idle limit still leads to 请重新登录 with the place kept, not to a CSRF refusal', async () => {
  const b = new Browser(ctx.app);
  const page = await b.get('/login');
  const captchaId = captchaIdFrom(page.text) as string;
  await b.agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), ...DEMO.liMing, captchaId, captcha: ctx.container.services.captcha.answer(captchaId) as string });
  const form = await b.get('/me/password');
  ctx.clock.advance(31 * 60 * 1000);
  const res = await b.agent.post('/me/password').set('Referer', 'http://x/me/password').type('form')
    .send({ _csrf: csrfFrom(form.text), oldPassword: 'a', password: 'b', password2: 'b' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/login?next=%2Fme%2Fpassword&expired=1');
  expect((await b.get(res.headers.location)).text).toContain('请重新登录');
});
