import { staffBrowser as signInStaff } from '../helpers/staff';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, escaped } from '../helpers/app';
import { staffOf, submittedApplication } from '../helpers/applications';
import { DEMO_STAFF_PASSWORD } from '../../seeds';
import { M } from '../../src/messages';
import { SYSTEM_ACTOR } from '../../src/services/audit';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const staffBrowser = (username: string) => signInStaff(ctx, username);

/** The audit rows a page lists, as their ids (newest first). */
const rowIds = (html: string) => [...html.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));
const totalOf = (html: string) => Number(/id="audit-total">(\d+)</.exec(html)?.[1]);

/** A bureau admin of another bureau (开平), able to sign in. */
async function otherBureauAdmin() {
  const other = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
  const principal = await staffOf(ctx, { bureau_id: other.id, point_id: null }, 'bureau_admin');
  const row = await ctx.db('staff_users').where({ id: principal.staffId }).first();
  await ctx.container.services.staff.resetPassword(row.username, DEMO_STAFF_PASSWORD);
  return { username: row.username as string, id: row.id as number };
}

test('scope: the system admin reads every row; a bureau admin only its staff\'s and its applications\' rows', async () => {
  const { no } = await submittedApplication(ctx); // 李明 logs in (account row) and submits (application row) at 台山
  const clerk = await staffBrowser('operator'); // a 台山 staff login
  const clerkPage = await clerk.get(`/staff/applications/${no}`);
  await clerk.agent.post(`/staff/applications/${no}/messages`).type('form').send({ _csrf: csrfFrom(clerkPage.text), body: '请带原件' });
  const other = await otherBureauAdmin();
  await staffBrowser(other.username); // another bureau's staff login
  await ctx.container.services.audit.record(SYSTEM_ACTOR, 'staff.create', { target: 'staff:99', detail: 'cli' });

  const all = await ctx.db('audit_log').orderBy('id', 'desc');
  const admin = await staffBrowser('sysadmin');
  const everything = await admin.get('/staff/audit');
  expect(everything.status).toBe(200);
  expect(totalOf(everything.text)).toBe(all.length + 1); // and the admin's own login
  expect(everything.text).toContain('operator（确认点操作员）');

  const local = await staffBrowser('bureauadmin');
  const page = await local.get('/staff/audit');
  expect(page.status).toBe(200);
  const seen = await ctx.db('audit_log').whereIn('id', rowIds(page.text));
  const actions = seen.map((r) => r.action).sort();
  expect(actions).toEqual(['application.message', 'application.submit', 'staff.login', 'staff.login'].sort()); // operator's and own login
  expect(seen.every((r) => r.actor_type === 'applicant' ? r.target === `application:${no}` : r.actor_type === 'staff')).toBe(true);
  expect(seen.some((r) => r.actor_id === other.id && r.actor_type === 'staff')).toBe(false);
  expect(seen.some((r) => r.action === 'account.login' || r.actor_type === 'system')).toBe(false);
  // A filter cannot widen the scope.
  const widened = await local.get('/staff/audit?actorType=system');
  expect(rowIds(widened.text)).toEqual([]);
  expect(rowIds((await local.get('/staff/audit?action=account.login')).text)).toEqual([]);

  const otherAdmin = await staffBrowser(other.username);
  const theirs = await ctx.db('audit_log').whereIn('id', rowIds((await otherAdmin.get('/staff/audit')).text));
  expect(theirs.every((r) => r.actor_type === 'staff' && r.actor_id === other.id)).toBe(true);
});

test('filters (date range in local time, action, actor type, target part) and paging, newest first', async () => {
  const { audit } = ctx.container.services;
  const staff = await ctx.db('staff_users').where({ username: 'operator' }).first();
  const operator = { kind: 'staff' as const, staffId: staff.id as number, role: 'operator' as const, bureauId: staff.bureau_id, pointId: staff.point_id };
  // 120 rows over three local days: 2026-11-20 .. 2026-11-22 (10:00 China time each).
  for (let i = 0; i < 120; i++) {
    ctx.clock.set(new Date(Date.UTC(2026, 10, 20 + (i % 3), 2, 0, i)));
    await audit.record(operator, 'application.message', { target: `application:2600${String(i).padStart(4, '0')}`, ip: '10.0.0.1' });
  }
  ctx.clock.set(new Date('2026-11-23T02:00:00Z'));
  const admin = await staffBrowser('sysadmin');
  const first = await admin.get('/staff/audit?action=application.message');
  expect(totalOf(first.text)).toBe(120);
  const ids = rowIds(first.text);
  expect(ids).toHaveLength(50);
  expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  expect(first.text).toContain('10.0.0.1');
  expect(first.text).toContain('rel="next"');
  const third = await admin.get('/staff/audit?action=application.message&page=3');
  expect(rowIds(third.text)).toHaveLength(20);
  expect(third.text).not.toContain('rel="next"');
  expect(third.text).toContain('rel="prev"');
  const beyond = await admin.get('/staff/audit?action=application.message&page=9');
  expect(beyond.status).toBe(200);
  expect(rowIds(beyond.text)).toEqual([]);
  // One local day (its rows were written 10:00 China time, 02:00 UTC).
  expect(totalOf((await admin.get('/staff/audit?action=application.message&from=2026-11-21&to=2026-11-21')).text)).toBe(40);
  expect(totalOf((await admin.get('/staff/audit?action=application.message&from=2026-11-21')).text)).toBe(80);
  expect(totalOf((await admin.get('/staff/audit?action=application.message&to=2026-11-20')).text)).toBe(40);
  expect(totalOf((await admin.get('/staff/audit?target=26000011')).text)).toBe(1);
  expect(totalOf((await admin.get('/staff/audit?target=2600001')).text)).toBe(10);
  expect(totalOf((await admin.get('/staff/audit?target=%25')).text)).toBe(0); // % is literal, not a wildcard
  expect(totalOf((await admin.get('/staff/audit?target=_')).text)).toBe(0);
  expect(totalOf((await admin.get('/staff/audit?actorType=applicant&action=application.message')).text)).toBe(0);
  // Paging links keep the filters.
  expect(first.text).toContain('href="/staff/audit?action=application.message&amp;page=2"');
});

test('bad input: a 422 page with the message by its field, never a 500; the values are kept, escaped', async () => {
  const admin = await staffBrowser('sysadmin');
  const cases: Array<[string, string]> = [
    ['from=2026-13-01', M.audit.badDate],
    ['to=1e9999', M.audit.badDate],
    ['from=2026-11-23&to=2026-11-01', M.audit.dateOrder],
    [`action=${encodeURIComponent("staff.login' or 1=1 --")}`, M.audit.badAction],
    ['actorType=root', M.audit.badActorType],
    ['page=1e9999', M.audit.badPage],
    ['page=-1', M.audit.badPage],
    [`target=${'x'.repeat(200)}`, M.audit.targetTooLong],
  ];
  for (const [query, message] of cases) {
    const res = await admin.get(`/staff/audit?${query}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain(escaped(message));
  }
  const html = '<script>alert(1)</script>';
  const res = await admin.get(`/staff/audit?target=${encodeURIComponent(html)}&from=x`);
  expect(res.status).toBe(422);
  expect(res.text).toContain(escaped(html));
  expect(res.text).not.toContain(html);
  const sql = await admin.get(`/staff/audit?target=${encodeURIComponent("'; delete from audit_log; --")}`);
  expect(sql.status).toBe(200);
  expect(await ctx.db('audit_log').count({ n: '*' })).not.toEqual([{ n: 0 }]);
  expect((await admin.get('/staff/audit?action[]=a&page[x]=1')).status).toBeLessThan(500);
});

test('who may read it: system and bureau admins; others 403; applicants and anonymous to the staff login; read-only', async () => {
  const applicant = await loginAs(ctx, DEMO.liMing);
  expect((await applicant.get('/staff/audit')).status).toBe(303);
  const anonymous = await new Browser(ctx.app).get('/staff/audit');
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/staff\/login/);
  for (const who of ['operator', 'reviewer']) {
    const b = await staffBrowser(who);
    expect((await b.get('/staff/audit')).status).toBe(403);
    expect((await b.get('/staff')).text).not.toContain('href="/staff/audit"');
  }
  for (const who of ['bureauadmin', 'sysadmin']) {
    const b = await staffBrowser(who);
    const home = await b.get('/staff');
    expect(home.text).toContain('href="/staff/audit"');
    const before = await ctx.db('audit_log').count({ n: '*' });
    // Nothing deletes or edits it: no state-changing route exists.
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await b.agent[method]('/staff/audit').type('form').send({ _csrf: csrfFrom(home.text) });
      expect([404, 403]).toContain(res.status);
    }
    expect(await ctx.db('audit_log').count({ n: '*' })).toEqual(before);
  }
});
