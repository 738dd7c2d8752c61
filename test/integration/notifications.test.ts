import { makeTestApp, TestContext } from '../helpers/app';
import { staffOf } from '../helpers/applications';
import { applicationsAt, staffBrowser, staffPost } from '../helpers/staff';
import { createContainer } from '../../src/container';
import type { Notifier } from '../../src/notify/transport';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const outboxFor = (recipient: string) => ctx.container.repos.outbox.allTo(recipient);

describe('the applicant hears of every staff change and every 留言', () => {
  test('a status change by staff: an SMS to the mobile and an e-mail naming the 报名号 and the new status, without the reason', async () => {
    const [a] = await applicationsAt(ctx, 1);
    expect(await outboxFor(a.mobile)).toHaveLength(0); // 提交 itself sends nothing new
    const operator = await staffBrowser(ctx, 'operator');
    const url = `/staff/applications/${a.no}`;
    expect((await staffPost(operator, `${url}/transition`, { action: 'confirmComplete', version: '1' }, url)).status).toBe(303);
    const [sms] = await outboxFor(a.mobile);
    expect(sms.channel).toBe('sms');
    expect(sms.body).toContain(a.no);
    expect(sms.body).toContain('“待注册审批”');
    const [mail] = await outboxFor(a.email);
    expect(mail.channel).toBe('email');
    expect(mail.subject).toContain('报名状态变更');
    expect(mail.body).toContain(a.no);

    const reviewer = await staffBrowser(ctx, 'reviewer');
    expect((await staffPost(reviewer, `${url}/transition`, { action: 'defer', version: '2', reason: '年度考核证明不全（内部说明）' }, url)).status).toBe(303);
    const texts = (await outboxFor(a.mobile)).map((m) => m.body);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('“暂缓注册”');
    expect(texts[1]).not.toContain('内部说明');
  });

  test('a 留言: "您有一条新留言" by SMS (and e-mail); no e-mail when the account has none', async () => {
    const [a] = await applicationsAt(ctx, 1);
    await ctx.db('accounts').where({ id: a.accountId }).update({ email: '' });
    const operator = await staffBrowser(ctx, 'operator');
    const url = `/staff/applications/${a.no}`;
    expect((await staffPost(operator, `${url}/messages`, { body: '请带原件' }, url)).status).toBe(303);
    const rows = (await ctx.container.repos.outbox.latest(10)).reverse();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'sms', recipient: a.mobile });
    expect(rows[0].body).toContain('您有一条新留言');
    expect(rows[0].body).toContain(a.no);
    expect(rows[0].body).not.toContain('请带原件');
  });

  test('bulk: one SMS per concluded application, none for the refused rows', async () => {
    const made = await applicationsAt(ctx, 2, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const before = await ctx.db('outbox').count<{ n: number | string }[]>({ n: '*' });
    const res = await staffPost(reviewer, '/staff/review/bulk', { action: 'approve', no: [`${made[0].no}:2`, `${made[1].no}:1`] }, '/staff/review');
    expect(res.status).toBe(200);
    expect((await outboxFor(made[0].mobile)).map((m) => m.body).at(-1)).toContain('“注册合格”');
    const second = (await outboxFor(made[1].mobile)).map((m) => m.body);
    expect(second.some((b) => b.includes('注册合格'))).toBe(false);
    const after = await ctx.db('outbox').count<{ n: number | string }[]>({ n: '*' });
    expect(Number(after[0].n) - Number(before[0].n)).toBe(2); // the SMS and the e-mail of the one that passed
  });

  test('a failed send is logged and never undoes the change (sent after the transaction commits)', async () => {
    const [a] = await applicationsAt(ctx, 1, { status: '待注册审批' });
    const failing: Notifier = {
      sms: () => Promise.reject(new Error('gateway down')),
      email: () => Promise.reject(new Error('smtp down')),
    };
    const broken = createContainer(ctx.db, ctx.config, ctx.clock, { notifier: failing });
    const application = await ctx.db('applications').where({ id: a.id }).first();
    const reviewer = await staffOf(ctx, application, 'reviewer');
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await broken.services.applications.staff.transition(reviewer, application, 'approve', {});
      expect(result.ok).toBe(true);
      const message = await broken.services.applications.staff.leaveMessage(reviewer, { ...application, status: '注册合格' }, '结论已公示');
      expect(message.ok).toBe(true);
      expect(logged.mock.calls.map((c) => String(c[0])).filter((line) => line.startsWith('[notify]'))).toHaveLength(4);
    } finally {
      logged.mockRestore();
    }
    expect((await ctx.db('applications').where({ id: a.id }).first()).status).toBe('注册合格');
    expect(await ctx.db('messages').where({ application_id: a.id })).toHaveLength(1);
    expect(await ctx.db('registration_records').where({ conclusion: '注册合格', concluded_on: '2026-11-23' })).toHaveLength(1);
  });

  test('a change that fails (stale version) sends nothing', async () => {
    const [a] = await applicationsAt(ctx, 1, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const url = `/staff/applications/${a.no}`;
    expect((await staffPost(reviewer, `${url}/transition`, { action: 'approve', version: '1' }, url)).status).toBe(409);
    expect((await staffPost(reviewer, `${url}/transition`, { action: 'reject', version: '2' }, url)).status).toBe(422);
    expect((await outboxFor(a.mobile)).filter((m) => m.body.includes('注册'))).toHaveLength(1); // only 待注册审批's
  });
});
