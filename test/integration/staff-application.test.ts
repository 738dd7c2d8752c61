import { staffBrowser as signInStaff } from '../helpers/staff';
import { makeTestApp, TestContext, csrfFrom, escaped } from '../helpers/app';
import { listRow, staffOf, submittedApplication } from '../helpers/applications';
import { DEMO_STAFF_PASSWORD } from '../../seeds';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const staffBrowser = (username: string) => signInStaff(ctx, username);

describe('one application, as staff see it', () => {
  test('operator and reviewer of its bureau open it (summary, photo, history, 申请表); another point\'s operator gets 404', async () => {
    const { no, row } = await submittedApplication(ctx);
    for (const who of ['operator', 'reviewer', 'bureauadmin', 'sysadmin']) {
      const b = await staffBrowser(who);
      const page = await b.get(`/staff/applications/${no}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('华南师范大学');
      expect(page.text).toContain('提交报名');
      const photo = await b.get(`/staff/applications/${no}/photo`);
      expect(photo.status).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(photo.headers['cache-control']).toBe('no-store');
      expect((await b.get(`/staff/applications/${no}/form`)).text).toContain('教师资格定期注册申请表');
    }
    // An operator of the bureau's second point.
    const second = await ctx.db('confirmation_points').where({ bureau_id: row.bureau_id }).orderBy('id').offset(1).first('id');
    await staffOf(ctx, { bureau_id: row.bureau_id, point_id: second.id }, 'operator');
    await ctx.container.services.staff.resetPassword(`operator-${row.bureau_id}-${second.id}`, DEMO_STAFF_PASSWORD);
    const other = await staffBrowser(`operator-${row.bureau_id}-${second.id}`);
    for (const url of [`/staff/applications/${no}`, `/staff/applications/${no}/photo`, `/staff/applications/${no}/form`]) expect((await other.get(url)).status).toBe(404);
    expect((await other.get('/staff/applications/1e9999')).status).toBe(404);
  });

  test('材料不全 with the missing items; the applicant sees exactly those; a second clerk on the old version is told 已被他人处理', async () => {
    const { b: applicant, no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const page = await clerk.get(`/staff/applications/${no}`);
    const form = { _csrf: csrfFrom(page.text), action: 'confirmIncomplete', version: '1', missing: ['年度考核证明', '培训学时证明'], missingOther: '' };
    const done = await clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send(form);
    expect(done.status).toBe(303);
    const row = listRow((await applicant.get('/applications')).text, no);
    expect(row?.cells[4]).toBe('确认未通过');
    expect(row?.materials).toBe('材料不全，缺少：年度考核证明、培训学时证明');
    const again = await clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send({ ...form, action: 'confirmComplete' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('已被他人处理');
    const audit = await ctx.db('audit_log').where({ action: 'application.confirm-incomplete' });
    expect(audit).toHaveLength(1);
  });

  test('bad input: no action, an unknown action, a missing version, an empty list for 材料不全 — a message, never a 500', async () => {
    const { no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const token = csrfFrom((await clerk.get(`/staff/applications/${no}`)).text);
    const post = (fields: Record<string, unknown>) => clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send({ _csrf: token, ...fields });
    expect((await post({})).status).toBe(422);
    expect((await post({ action: 'drop table', version: '1' })).status).toBe(422);
    expect((await post({ action: 'confirmComplete' })).status).toBe(422);
    const empty = await post({ action: 'confirmIncomplete', version: '1' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('请填写缺少的材料');
    const reviewerOnly = await post({ action: 'approve', version: '1' });
    expect(reviewerOnly.status).toBe(422);
  });

  test('a 留言 reaches the applicant, escaped', async () => {
    const { b: applicant, no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const token = csrfFrom((await clerk.get(`/staff/applications/${no}`)).text);
    const body = '请带<原件>来 & 复印件';
    expect((await clerk.agent.post(`/staff/applications/${no}/messages`).type('form').send({ _csrf: token, body })).status).toBe(303);
    expect((await clerk.agent.post(`/staff/applications/${no}/messages`).type('form').send({ _csrf: token, body: '   ' })).status).toBe(422);
    const messages = await applicant.get(`/applications/${no}/messages`);
    expect(messages.text).toContain(escaped(body));
    expect(messages.text).toContain('台山市教育局人事股');
  });
});
