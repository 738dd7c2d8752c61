import { makeTestApp, TestContext, Browser, lastSmsCode, csrfFrom, escaped } from '../helpers/app';
import { M } from '../../src/messages';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());
// SMS limits count per IP and every request here comes from 127.0.0.1: each test starts an hour later.
beforeEach(() => ctx.clock.advance(3600_000 + 1000));

const valid = {
  idType: '1', idNumber: '440781199210030056', name: '王磊', password: 'Abc#12345', password2: 'Abc#12345',
  email: 'wanglei@example.com', mobile: '13800138001', agree: '1',
};

async function sendSms(b: Browser, fields: Record<string, string>) {
  return b.submit('/register', { ...fields, action: 'send-sms' });
}

describe('账号注册', () => {
  test('a teacher registers with an SMS code and can then log in', async () => {
    const b = new Browser(ctx.app);
    const sent = await sendSms(b, valid);
    expect(sent.status).toBe(200);
    expect(sent.text).toContain(M.sms.sent);
    // Everything typed is still there (except passwords).
    expect(sent.text).toContain('value="440781199210030056"');
    expect(sent.text).toContain('value="wanglei@example.com"');
    expect(sent.text).not.toContain('Abc#12345');
    const code = await lastSmsCode(ctx, valid.mobile);
    const done = await b.submit('/register', { ...valid, smsCode: code, action: 'register' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/^\/login/);
    const login = await b.get(done.headers.location);
    expect(login.text).toContain(M.registered);
    const account = await ctx.container.repos.accounts.findByTypeAndNumber('1', '440781199210030056');
    expect(account).toMatchObject({ name: '王磊', sex: '1', birth_date: '1992-10-03', realname_status: 'unverified' });
    expect(account?.password_hash).not.toContain('Abc#12345');
    const loggedIn = await b.submit('/login', { idNumber: valid.idNumber, password: valid.password });
    expect(loggedIn.status).toBe(303);
  });

  test('a number already registered gets 该用户已注册 with a link to 忘记密码 (once the SMS code is right)', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...valid, idNumber: '440781198503151236', name: '李明', mobile: '13800138005' };
    await sendSms(b, fields);
    const res = await b.submit('/register', { ...fields, smsCode: await lastSmsCode(ctx, fields.mobile) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('该用户已注册');
    expect(res.text).toContain('href="/password/forgot"');
  });

  test.each([
    ['idType', { idType: '' }, '请选择证件类型'],
    ['idNumber empty', { idNumber: '' }, '请填写证件号码'],
    ['idNumber check digit', { idNumber: '440781199210030057' }, M.idNumber.checkDigit],
    ['idNumber format', { idNumber: '12345' }, M.idNumber.format],
    ['name empty', { name: '' }, '请填写姓名'],
    ['name chars', { name: 'Tom<script>' }, M.name.chars],
    ['password policy', { password: 'abcdefgh', password2: 'abcdefgh' }, M.password.policy],
    ['password mismatch', { password2: 'Abc#12346' }, M.password.mismatch],
    ['email', { email: 'not-an-email' }, M.email],
    ['mobile', { mobile: '1380013800' }, M.mobile],
    ['smsCode', { smsCode: '12ab' }, M.sms.format],
    ['agreement', { agree: '' }, M.agreement],
  ])('%s: the page re-renders with the summary and the message', async (_label, change, message) => {
    const b = new Browser(ctx.app);
    const res = await b.submit('/register', { ...valid, smsCode: '123456', ...change });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请修改以下内容后重新提交');
    expect(res.text).toContain(escaped(message));
    expect(res.text).toContain('class="error-message"');
    expect(res.text).not.toContain('Abc#12345');
  });

  test('a wrong SMS code is refused and no account is created', async () => {
    const b = new Browser(ctx.app);
    const res = await b.submit('/register', { ...valid, idNumber: '11010519491231002X', name: '张三', mobile: '13800138009', smsCode: '000000' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.sms.wrong);
    expect(await ctx.container.repos.accounts.findByTypeAndNumber('1', '11010519491231002X')).toBeUndefined();
  });

  test('look-alike dots in a name are stored as the 姓名间隔符', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...valid, idNumber: '110102198611267047', name: '阿依古丽 . 买买提', mobile: '13800138002' };
    await sendSms(b, fields);
    const code = await lastSmsCode(ctx, fields.mobile);
    const res = await b.submit('/register', { ...fields, smsCode: code });
    expect(res.status).toBe(303);
    const account = await ctx.container.repos.accounts.findByTypeAndNumber('1', '110102198611267047');
    expect(account?.name).toBe('阿依古丽·买买提');
  });

  test('SMS codes: 60 s cool-down, then at most 5 an hour per number', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...valid, mobile: '13800138003' };
    expect((await sendSms(b, fields)).status).toBe(200);
    const again = await sendSms(b, fields);
    expect(again.status).toBe(429);
    expect(again.text).toContain('秒后再重新获取');
    for (let i = 0; i < 4; i++) {
      ctx.clock.advance(61_000);
      expect((await sendSms(b, fields)).status).toBe(200);
    }
    ctx.clock.advance(61_000);
    const sixth = await sendSms(b, fields);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain(M.sms.hourly);
    ctx.clock.advance(3600_000);
    expect((await sendSms(b, fields)).status).toBe(200);
  });

  test('SMS codes: at most 5 an hour per IP, across numbers', async () => {
    const c2 = await makeTestApp();
    try {
      const b = new Browser(c2.app);
      for (let i = 0; i < 5; i++) {
        expect((await sendSms(b, { ...valid, mobile: `1390000000${i}` })).status).toBe(200);
      }
      const res = await sendSms(b, { ...valid, mobile: '13900000009' });
      expect(res.status).toBe(429);
      expect(res.text).toContain(M.sms.hourly);
    } finally {
      await c2.close();
    }
  });

  test('an SMS code expires after 5 minutes', async () => {
    const b = new Browser(ctx.app);
    const fields = { ...valid, idNumber: '34052419800101001X', name: '赵六', mobile: '13800138004' };
    await sendSms(b, fields);
    const code = await lastSmsCode(ctx, fields.mobile);
    ctx.clock.advance(5 * 60_000 + 1000);
    const res = await b.submit('/register', { ...fields, smsCode: code });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.sms.wrong);
  });

  test('a POST without the CSRF token is refused with a Chinese page', async () => {
    const b = new Browser(ctx.app);
    await b.get('/register');
    const res = await b.agent.post('/register').type('form').send(valid);
    expect(res.status).toBe(403);
    expect(res.text).toContain(M.csrf);
    const wrong = await b.agent.post('/register').type('form').send({ ...valid, _csrf: 'forged' });
    expect(wrong.status).toBe(403);
  });

  test('the page token works as a header too (htmx)', async () => {
    const b = new Browser(ctx.app);
    const page = await b.get('/register');
    const res = await b.agent.post('/register').set('X-CSRF-Token', csrfFrom(page.text)).type('form').send({ action: 'refresh-captcha' });
    expect(res.status).toBe(200);
  });
});
