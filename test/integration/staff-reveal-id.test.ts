/*
 * Issue 13: staff see ID numbers masked on every page; 显示完整证件号码 on the application page shows the full number
 * (a POST with the CSRF token; without JavaScript the page, with htmx only the number's block) and writes an audit
 * row first. Nothing remembers it: the next page is masked again.
 */
import { makeTestApp, TestContext, Browser, csrfFrom, accountRow } from '../helpers/app';
import { applicationsAt, otherStaff, staffBrowser } from '../helpers/staff';
import { maskIdNumber } from '../../src/domain/personalInfo';

let ctx: TestContext;
let no: string;
let idNumber: string;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  const [made] = await applicationsAt(ctx, 1);
  no = made.no;
  idNumber = (await accountRow(ctx, made.accountId)).id_number;
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const reveals = async () => ctx.db('audit_log').where({ action: 'application.reveal-id' }).orderBy('id');
async function reveal(b: Browser, headers: Record<string, string> = {}) {
  const token = csrfFrom((await b.get(`/staff/applications/${no}`)).text);
  return b.agent.post(`/staff/applications/${no}/reveal-id`).set(headers).type('form').send({ _csrf: token });
}

test('every staff page that lists or shows the application has the number masked, never whole', async () => {
  const pages: Record<string, string[]> = {
    operator: ['/staff', '/staff/counter', `/staff/counter?idNumber=${idNumber.slice(0, 6)}`, `/staff/applications/${no}`, `/staff/applications/${no}/form`],
    reviewer: ['/staff', '/staff/review', `/staff/applications/${no}`, `/staff/applications/${no}/form`, '/staff/certificates'],
    bureauadmin: ['/staff', `/staff/applications/${no}`],
    sysadmin: ['/staff', '/staff/realname', '/staff/certificates'],
    // 三权分立: only the 审计管理员 reads the audit log.
    auditadmin: ['/staff', '/staff/audit'],
  };
  for (const [who, urls] of Object.entries(pages)) {
    const b = await staffBrowser(ctx, who);
    for (const url of urls) {
      const res = await b.get(url);
      expect([who, url, res.status]).toEqual([who, url, 200]);
      expect([who, url, res.text.includes(idNumber)]).toEqual([who, url, false]);
    }
  }
  const page = await (await staffBrowser(ctx, 'reviewer')).get(`/staff/applications/${no}`);
  expect(page.text).toContain(`证件号码：<strong>${maskIdNumber(idNumber)}</strong>`);
  expect(page.text).toContain('显示完整证件号码</button>');
});

test('显示完整证件号码 without JavaScript: the page with the full number, audited; the next page is masked again', async () => {
  const operator = await staffBrowser(ctx, 'operator');
  const before = (await reveals()).length;
  const res = await reveal(operator);
  expect(res.status).toBe(200);
  expect(res.text).toContain(`证件号码：<strong>${idNumber}</strong>`);
  expect(res.text).toContain('本次查看已记入审计日志');
  expect(res.text).toContain('<html'); // the whole page
  expect(res.headers['cache-control']).toContain('no-store');
  const rows = await reveals();
  expect(rows).toHaveLength(before + 1);
  const staff = await ctx.db('staff_users').where({ username: 'operator' }).first('id');
  expect(rows[rows.length - 1]).toMatchObject({ actor_type: 'staff', actor_id: staff.id, target: `application:${no}` });
  expect(rows[rows.length - 1].detail ?? '').not.toContain(idNumber);
  expect((await operator.get(`/staff/applications/${no}`)).text).not.toContain(idNumber);
});

test('with htmx only the number\'s block comes back, and it is audited too', async () => {
  const reviewer = await staffBrowser(ctx, 'reviewer');
  const before = (await reveals()).length;
  const res = await reveal(reviewer, { 'HX-Request': 'true' });
  expect(res.status).toBe(200);
  expect(res.text).not.toContain('<html');
  expect(res.text).toMatch(/^\s*<div id="id-number"/);
  expect(res.text).toContain(idNumber);
  expect(await reveals()).toHaveLength(before + 1);
});

test('no CSRF token or another point\'s operator: no number and no audit row', async () => {
  const before = (await reveals()).length;
  const operator = await staffBrowser(ctx, 'operator');
  const noToken = await operator.agent.post(`/staff/applications/${no}/reveal-id`).type('form').send({});
  expect(noToken.status).toBe(403);
  expect(noToken.text).not.toContain(idNumber);
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const [, other] = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').select('id');
  const stranger = await otherStaff(ctx, { bureau_id: bureau.id, point_id: other.id }, 'operator');
  const foreign = await stranger.agent.post(`/staff/applications/${no}/reveal-id`).type('form')
    .send({ _csrf: csrfFrom((await stranger.get('/staff/counter')).text) });
  expect(foreign.status).toBe(404);
  expect(foreign.text).not.toContain(idNumber);
  expect(await reveals()).toHaveLength(before);
});

test('the audit page names the action and shows no full number', async () => {
  const admin = await staffBrowser(ctx, 'auditadmin');
  const page = await admin.get('/staff/audit');
  expect(page.text).toContain('显示完整证件号码');
  expect(page.text).not.toContain(idNumber);
});
