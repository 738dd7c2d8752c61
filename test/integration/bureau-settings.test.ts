import { makeTestApp, TestContext, escaped, accountRow } from '../helpers/app';
import { staffBrowser, staffPost } from '../helpers/staff';

/**
 * 机构设置 (/staff/settings): the retirement rule and the SMS/e-mail sender names live in the database per bureau and
 * take effect at once (the registration rule, the next SMS); a bureau admin sets only their own bureau's.
 */
let ctx: TestContext;
let taishan: number;
let kaiping: number;
beforeAll(async () => {
  ctx = await makeTestApp();
  taishan = (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id;
  kaiping = (await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id')).id;
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const good = { maleAge: '60', femaleAge: '55', gradual: 'yes', smsSignature: '台山教育', mailSenderName: '台山市教育局教师资格注册' };

test('the page shows today\'s defaults: 60 / 55 with the 2025 schedule, and what they give', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const res = await b.get('/staff/settings');
  expect(res.status).toBe(200);
  expect(res.text).toContain('台山市教育局');
  expect(res.text).toMatch(/<option value="60" selected>/);
  expect(res.text).toMatch(/<option value="55" selected>/);
  expect(res.text).toMatch(/value="yes" checked/);
  expect(res.text).toContain('<td>1966年11月</td><td>60岁6个月</td>');
  expect(await ctx.container.services.settings.forBureau(taishan)).toEqual({ retirement: { maleAge: 60, femaleAge: 55, gradual: true }, smsSignature: null, mailSenderName: null });
});

test('bad input: 422, each message by its field, everything typed kept, nothing saved', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const res = await staffPost(b, '/staff/settings', { bureauId: String(taishan), maleAge: '65', femaleAge: '45', gradual: '', smsSignature: '【台】', mailSenderName: '<x@y>' }, '/staff/settings');
  expect(res.status).toBe(422);
  for (const m of ['请选择男性原法定退休年龄', '请选择女性原法定退休年龄', '请选择是否按渐进式延迟法定退休年龄计算', '短信签名为2-12个字', '邮件发件人名称不超过30个字']) expect(res.text).toContain(m);
  expect(res.text).toContain('value="【台】"');
  expect(res.text).toContain(`value="${escaped('<x@y>')}"`);
  expect(await ctx.db('bureau_settings').first()).toBeUndefined();
});

test('a bureau admin cannot change another bureau\'s settings', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const res = await staffPost(b, '/staff/settings', { ...good, bureauId: String(kaiping) }, '/staff/settings');
  expect(res.status).toBe(422);
  expect(res.text).toContain('您不能修改该机构的设置');
  expect(await ctx.db('bureau_settings').where({ bureau_id: kaiping }).first()).toBeUndefined();
});

test('saved settings are audited and used: the next SMS carries the signature, the rule the ages', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const res = await staffPost(b, '/staff/settings', { ...good, bureauId: String(taishan), gradual: 'no', femaleAge: '50' }, '/staff/settings');
  expect(res.status).toBe(303);
  expect(await ctx.container.services.settings.forBureau(taishan)).toEqual({ retirement: { maleAge: 60, femaleAge: 50, gradual: false }, smsSignature: '台山教育', mailSenderName: '台山市教育局教师资格注册' });
  const audit = await ctx.db('audit_log').where({ action: 'bureau.settings', target: `bureau:${taishan}` }).first();
  expect(audit.detail).toContain('退休年龄：男60岁、女55岁（渐进式延迟）；短信签名：（系统名称）');
  expect(audit.detail).toContain('→ 退休年龄：男60岁、女50岁（不延迟）；短信签名：台山教育');
  const page = await b.get(`/staff/settings?bureau=${taishan}`);
  expect(page.text).toMatch(/<option value="50" selected>/);
  expect(page.text).toContain('value="台山教育"');
  await ctx.container.services.sms.send('13907501234', 'register', '10.0.0.9');
  const sms = await ctx.container.repos.outbox.latestTo('13907501234');
  expect(sms?.body).toMatch(/^【台山教育】/);
  // A man born 1966-09-23: retired on 2026-09-23 without the schedule; with it at 60岁6个月, on 2027-03-23.
  const li = await ctx.db('accounts').where({ name: '李明' }).first();
  await ctx.db('accounts').where({ id: li.id }).update({ birth_date: '1966-09-23' });
  try {
    const older = await accountRow(ctx, li.id);
    const due = async () => (await ctx.container.services.eligibility.certificateChoices(older, taishan))[0].due;
    expect(await due()).toMatchObject({ eligible: false, reason: '已超过法定退休年龄，不再注册' });
    expect((await staffPost(b, '/staff/settings', { ...good, bureauId: String(taishan) }, '/staff/settings')).status).toBe(303);
    expect(await due()).toMatchObject({ eligible: true, untilRetirementYear: 2027 });
  } finally {
    await ctx.db('accounts').where({ id: li.id }).update({ birth_date: li.birth_date });
  }
});

test('the system admin chooses the bureau', async () => {
  const b = await staffBrowser(ctx, 'sysadmin');
  const page = await b.get(`/staff/settings?bureau=${kaiping}`);
  expect(page.text).toContain('<label for="field-bureau">注册机构</label>');
  expect(page.text).toMatch(new RegExp(`<option value="${kaiping}" selected>开平市教育局`));
  expect((await staffPost(b, '/staff/settings', { ...good, bureauId: String(kaiping) }, '/staff/settings')).status).toBe(303);
  expect(await ctx.db('bureau_settings').where({ bureau_id: kaiping }).first()).toMatchObject({ sms_signature: '台山教育' });
  const none = await staffPost(b, '/staff/settings', { ...good, bureauId: 'x' }, '/staff/settings');
  expect(none.status).toBe(422);
  expect(none.text).toContain('请选择注册机构');
});
