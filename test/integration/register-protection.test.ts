import { makeTestApp, TestContext, Browser, DEMO, csrfFrom, captchaAnswerFrom, lastSmsCode, escaped } from '../helpers/app';
import { M } from '../../src/messages';

/**
 * 账号注册 says "该用户已注册" only to a person who passed the captcha and holds the SMS code it
 * unlocked; dummy codes learn nothing and are limited per IP (database-held, like every limit).
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CAPTCHA: 'on' } }); });
afterAll(async () => ctx?.close());

const form = {
  idType: '1', name: '李明', password: 'Abc#12345', password2: 'Abc#12345', email: 'x@example.com', mobile: '13800139001', agree: '1', smsCode: '123456',
};
const registered = DEMO.liMing.idNumber;
const unregistered = '440781199210030056';

/** A POST as an attacker sends it: the page's token, no captcha answered. */
async function post(b: Browser, fields: Record<string, string>) {
  const page = await b.get('/register');
  return b.agent.post('/register').type('form').send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The page without what changes from one response to the next (tokens, captcha ids). */
const stable = (html: string) => html.replace(/value="[0-9a-f]{32}"/g, '').replace(/\/captcha\/[0-9a-f]{32}\.png/g, '').replace(/name="_csrf" value="[^"]*"/g, '')
  .replace(new RegExp(`${registered}|${unregistered}`, 'g'), 'ID');

describe('账号注册 does not tell who is registered', () => {
  test('dummy SMS codes without the captcha: the same answer for a registered and an unknown number, then the IP waits', async () => {
    const b = new Browser(ctx.app);
    const answers: { status: number; text: string }[] = [];
    for (let i = 0; i < 30; i++) {
      answers.push(await post(b, { ...form, name: i % 2 ? '王磊' : '李明', idNumber: i % 2 ? unregistered : registered, action: 'register' }));
    }
    for (const res of answers) {
      expect(res.text).not.toContain(M.idNumber.registered);
      expect(res.text).not.toContain('href="/password/forgot"');
    }
    expect(answers.slice(0, 19).every((r) => r.status === 422 && r.text.includes(M.sms.wrong))).toBe(true);
    expect(stable(answers[0].text.replace('李明', '王磊'))).toBe(stable(answers[1].text));
    // The 20th wrong code in an hour blocks the IP; later posts are refused before anything is checked.
    expect(answers.slice(19).every((r) => r.status === 429 && r.text.includes(escaped(M.tooManyAttempts(60))))).toBe(true);
  });

  test('the block holds even for a right code, and ends after an hour', async () => {
    const b = new Browser(ctx.app);
    const page = await b.get('/register');
    const sent = await b.agent.post('/register').type('form')
      .send({ _csrf: csrfFrom(page.text), ...form, idNumber: registered, ...(await captchaAnswerFrom(ctx, page.text)), action: 'send-sms' });
    expect(sent.status).toBe(200);
    const code = await lastSmsCode(ctx, form.mobile);
    const blocked = await post(b, { ...form, idNumber: registered, smsCode: code, action: 'register' });
    expect(blocked.status).toBe(429);
    expect(blocked.text).not.toContain(M.idNumber.registered);
    ctx.clock.advance(3600_000 + 1000);
    // A fresh code (the last one expired), obtained through the captcha, and the seeds' message is there.
    const page2 = await b.get('/register');
    await b.agent.post('/register').type('form')
      .send({ _csrf: csrfFrom(page2.text), ...form, idNumber: registered, ...(await captchaAnswerFrom(ctx, page2.text)), action: 'send-sms' });
    const res = await post(b, { ...form, idNumber: registered, smsCode: await lastSmsCode(ctx, form.mobile), action: 'register' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.idNumber.registered);
    expect(res.text).toContain('href="/password/forgot"');
  });

  test('no SMS code without the right captcha', async () => {
    ctx.clock.advance(3600_000 + 1000);
    const b = new Browser(ctx.app);
    const res = await post(b, { ...form, idNumber: registered, mobile: '13800139002', captcha: 'ZZZZ', action: 'send-sms' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.captcha.wrong);
    expect(res.text).not.toContain(M.idNumber.registered);
    expect(await ctx.container.repos.outbox.latestTo('13800139002')).toBeUndefined();
  });
});
