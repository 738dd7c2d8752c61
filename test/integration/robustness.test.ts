import request from 'supertest';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, lastSmsCode, byIdNumber } from '../helpers/app';
import { M } from '../../src/messages';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());
beforeEach(() => ctx.clock.advance(3600_000 + 1000));

const NASTY: Record<string, string | string[]> = {
  long: 'x'.repeat(5000),
  html: '<script>alert(1)</script><img src=x onerror=alert(1)>',
  sql: "' OR '1'='1'; DROP TABLE accounts; --",
  unicode: '\u0000\u202e𠮷😀\uFFFF',
  array: ['a', 'b'],
  empty: '',
};

// Every form of this issue: page that holds it, and the fields it reads.
const PUBLIC_FORMS: Array<[string, string[]]> = [
  ['/register', ['idType', 'idNumber', 'name', 'password', 'password2', 'email', 'mobile', 'captcha', 'captchaId', 'smsCode', 'agree', 'action']],
  ['/login', ['idNumber', 'password', 'captcha', 'captchaId', 'next', 'action']],
  ['/password/forgot', ['idType', 'idNumber', 'name', 'captcha', 'captchaId', 'action']],
  ['/certificates/query', ['name', 'idNumber', 'certNumber', 'captcha', 'captchaId', 'mobile', 'smsCode', 'action']],
];
const PRIVATE_FORMS: Array<[string, string[]]> = [
  ['/me/identity', ['ethnicityCode', 'validity', 'validFrom', 'email', 'sex', 'birthDate', 'localIdNumber', 'passNumber']],
  ['/me/realname', ['name']],
  ['/me/password', ['oldPassword', 'password', 'password2']],
  ['/me/mobile', ['oldMobile', 'newMobile', 'smsCode', 'action']],
];

function bodyWith(fields: string[], value: string | string[]) {
  const body: Record<string, string | string[]> = { unknownField: 'surprise', 'a[b]': 'c', __proto__x: '1' };
  for (const f of fields) body[f] = value;
  return body;
}

async function postNasty(b: Browser, url: string, fields: string[]) {
  for (const [kind, value] of Object.entries(NASTY)) {
    const page = await b.get(url);
    expect(page.status).toBe(200);
    const res = await b.agent.post(url).type('form').send({ ...bodyWith(fields, value), _csrf: csrfFrom(page.text) });
    expect([url, kind, res.status < 500]).toEqual([url, kind, true]);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
    expect(res.text).not.toContain('<script>alert(1)</script>');
    if (res.status !== 303 && res.status !== 200) expect(res.text).toMatch(/error-message|flash-error|error-summary|role="alert"/);
  }
}

test.each(PUBLIC_FORMS)('%s: long, HTML, SQL-like, array and unknown values give a page with messages, never a 500', async (url, fields) => {
  await postNasty(new Browser(ctx.app), url, fields);
});

test.each(PRIVATE_FORMS)('%s: the same for the personal centre', async (url, fields) => {
  await postNasty(await loginAs(ctx, DEMO.liMing), url, fields);
});

test('the manual-review upload with nasty values and no files', async () => {
  const b = await loginAs(ctx, DEMO.huang);
  await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'failed' });
  const page = await b.get('/me/realname/review');
  const res = await b.agent.post('/me/realname/review').field('_csrf', csrfFrom(page.text)).field('name', NASTY.html as string).field('note', 'x'.repeat(3000));
  expect(res.status).toBe(422);
  expect(res.text).toContain(M.realname.photoFront);
  await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'verified' });
});

test('the password-reset forms with nasty values', async () => {
  const b = new Browser(ctx.app);
  await b.submit('/password/forgot', { idType: '1', idNumber: DEMO.liMing.idNumber, name: '李明' });
  await postNasty(b, '/password/forgot/verify', ['method', 'smsCode', 'password', 'password2', 'action']);
});

test('CSRF refusal on every POST of this issue', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  for (const url of ['/register', '/login', '/logout', '/password/forgot', '/password/forgot/verify', '/password/reset/abcdefghijklmnopqrstuvwxyz',
    '/certificates/query', '/me/complete', '/me/identity', '/me/realname', '/me/password', '/me/mobile']) {
    const res = await b.agent.post(url).type('form').send({ name: 'x' });
    expect([url, res.status]).toEqual([url, 403]);
    expect(res.text).toContain(M.csrf);
  }
  const multipart = await b.agent.post('/me/realname/review').field('name', 'x');
  expect(multipart.status).toBe(403);
});

test('a body over the limit gets 413 in Chinese; malformed bodies get 400', async () => {
  const big = await request(ctx.app).post('/login').type('form').send(`idNumber=${'x'.repeat(100_000)}`);
  expect(big.status).toBe(413);
  expect(big.text).toContain(M.tooLarge);
  const tooMany = await request(ctx.app).post('/login').type('form').send(Array.from({ length: 300 }, (_, i) => `f${i}=1`).join('&'));
  expect(tooMany.status).toBeLessThan(500);
  const bad = await request(ctx.app).post('/login').set('Content-Type', 'application/x-www-form-urlencoded; charset=klingon').send('a=1');
  expect(bad.status).toBeLessThan(500);
});

test('unknown pages get the Chinese 404 page', async () => {
  const res = await request(ctx.app).get('/no/such/page');
  expect(res.status).toBe(404);
  expect(res.text).toContain(M.notFound);
});

test('security headers on every page', async () => {
  const res = await request(ctx.app).get('/login');
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.vary).toContain('HX-Request');
});

test('the session cookie and a visitor\'s CSRF cookie are httpOnly and SameSite=Lax', async () => {
  const visitor = String(((await request(ctx.app).get('/login')).headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tr.csrf=')));
  const b = new Browser(ctx.app);
  const token = csrfFrom((await b.get('/login')).text);
  const login = await b.agent.post('/login').type('form').send({ _csrf: token, ...DEMO.liMing });
  const session = String((login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tr.sid=')));
  for (const cookie of [visitor, session]) {
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  }
});

test('/healthz answers 200 with the database reachable', async () => {
  const res = await request(ctx.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok' });
});

test('every page of the issue carries a <label for> for each input, select and textarea', async () => {
  const signedIn = await loginAs(ctx, DEMO.liMing);
  const anonymous = new Browser(ctx.app);
  const pages = ['/register', '/login', '/password/forgot', '/certificates/query', '/me/identity', '/me/realname', '/me/password', '/me/mobile'];
  for (const url of pages) {
    const html = (await (url.startsWith('/me') ? signedIn : anonymous).get(url)).text;
    const ids = [...html.matchAll(/<(?:input|select|textarea)\b(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect([url, id, html.includes(`for="${id}"`)]).toEqual([url, id, true]);
  }
});

describe('证书查询 其他查询', () => {
  test('with the SMS code the certificate is found; a wrong combination says nothing more', async () => {
    const b = new Browser(ctx.app);
    const fields = { name: '李明', idNumber: DEMO.liMing.idNumber, certNumber: '20094478131000123', mobile: '13811112222' };
    const sent = await b.submit('/certificates/query', { ...fields, action: 'send-sms' });
    expect(sent.text).toContain(M.sms.sent);
    const code = await lastSmsCode(ctx, fields.mobile);
    const found = await b.submit('/certificates/query', { ...fields, smsCode: code, action: 'query' });
    expect(found.status).toBe(200);
    expect(found.text).toContain('初级中学教师资格');
    expect(found.text).toContain('台山市教育局');
    ctx.clock.advance(61_000);
    await b.submit('/certificates/query', { ...fields, action: 'send-sms' });
    const code2 = await lastSmsCode(ctx, fields.mobile);
    const none = await b.submit('/certificates/query', { ...fields, name: '李四', smsCode: code2, action: 'query' });
    expect(none.status).toBe(404);
    expect(none.text).toContain('未查询到符合条件的教师资格证书');
  });

  test('本人查询 lists the signed-in applicant\'s certificates', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const page = await b.get('/certificates/query');
    expect(page.text).toContain('20154478141000456');
    const anon = await new Browser(ctx.app).get('/certificates/query');
    expect(anon.text).toContain('/login?next=%2Fcertificates%2Fquery');
  });
});

describe('流量控制', () => {
  let busy: TestContext;
  beforeAll(async () => { busy = await makeTestApp({ env: { MAX_IN_FLIGHT: '0' } }); });
  afterAll(async () => busy?.close());

  test('beyond the configured requests in flight, a fast 503 with Retry-After and the seeds\' words', async () => {
    const res = await request(busy.app).get('/login');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).toContain(M.flowControl);
    expect((await request(busy.app).get('/healthz')).status).toBe(200);
  });
});

describe('production configuration', () => {
  let prod: TestContext;
  beforeAll(async () => {
    prod = await makeTestApp({ env: { NODE_ENV: 'production', CAPTCHA: 'on', SESSION_SECRET: 's'.repeat(40), NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525', SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' } });
  });
  afterAll(async () => prod?.close());

  test('/dev/outbox does not exist in production', async () => {
    expect((await request(prod.app).get('/dev/outbox')).status).toBe(404);
    expect((await request(prod.app).get('/login')).text).not.toContain('/dev/outbox');
  });

  test('production refuses to start without a session secret', () => {
    const { loadConfig } = jest.requireActual('../../src/config');
    expect(() => loadConfig({ NODE_ENV: 'production', NOTIFY_TRANSPORT: 'smtp' })).toThrow(/SESSION_SECRET/);
  });
});
