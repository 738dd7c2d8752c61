import { staffBrowser as signInStaff } from '../helpers/staff';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, escaped } from '../helpers/app';
import { submittedApplication } from '../helpers/applications';
import { M } from '../../src/messages';
import { SYSTEM_ACTOR } from '../../src/services/audit';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const staffBrowser = (username: string) => signInStaff(ctx, username);

/** The audit rows a page lists, as their ids (newest first). */
const rowIds = (html: string) => [...html.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));
const totalOf = (html: string) => Number(/id="audit-total">(\d+)</.exec(html)?.[1]);

test('三权分立: the audit admin reads every row, and each read is itself audited; system and bureau admins read none', async () => {
  const { no } = await submittedApplication(ctx); // 李明 logs in (account row) and submits (application row) at 台山
  const clerk = await staffBrowser('operator');
  const clerkPage = await clerk.get(`/staff/applications/${no}`);
  await clerk.agent.post(`/staff/applications/${no}/messages`).type('form').send({ _csrf: csrfFrom(clerkPage.text), body: '请带原件' });
  await ctx.container.services.audit.record(SYSTEM_ACTOR, 'staff.create', { target: 'staff:99', detail: 'cli' });

  const all = await ctx.db('audit_log').orderBy('id', 'desc');
  const auditor = await staffBrowser('auditadmin');
  const everything = await auditor.get('/staff/audit?target=application');
  expect(everything.status).toBe(200);
  const reads = await ctx.db('audit_log').where({ action: 'audit.read' });
  expect(reads).toHaveLength(1);
  expect(JSON.parse(reads[0].detail)).toMatchObject({ target: 'application', page: 1 });
  const unfiltered = await auditor.get('/staff/audit');
  // Every row: those before, the auditor's two login rows (password, 动态口令) and both reads.
  expect(totalOf(unfiltered.text)).toBe(all.length + 4);
  expect(unfiltered.text).toContain('operator（确认点操作员）');
  expect(unfiltered.text).toContain('auditadmin（审计管理员）');

  for (const who of ['sysadmin', 'bureauadmin']) {
    const b = await staffBrowser(who);
    expect((await b.get('/staff/audit')).status).toBe(403);
    expect((await b.get('/staff/audit/export')).status).toBe(403);
    expect((await b.get('/staff')).text).not.toContain('href="/staff/audit"');
  }
  expect(await ctx.db('audit_log').where({ action: 'audit.read' })).toHaveLength(2);
});

test('审计管理员 exports the audit log as CSV (the filter applies); the export is audited', async () => {
  const { no } = await submittedApplication(ctx);
  await ctx.container.services.audit.record(SYSTEM_ACTOR, 'staff.create', { target: 'staff:99', detail: '=HYPERLINK("http://x")' });
  const auditor = await staffBrowser('auditadmin');
  const page = await auditor.get(`/staff/audit?target=${no}`);
  expect(page.text).toContain(`href="/staff/audit/export?target=${no}"`);
  const csv = await auditor.get(`/staff/audit/export?target=${no}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-2026-11-23\.csv"/);
  const text = (csv.body as Buffer).toString('utf8');
  expect(text.startsWith('\uFEFF编号,时间,操作人类型')).toBe(true);
  const lines = text.trim().split('\r\n');
  expect(lines.slice(1).every((l) => l.includes(`application:${no}`))).toBe(true);
  expect(lines.some((l) => l.includes('提交报名'))).toBe(true);
  const exports = await ctx.db('audit_log').where({ action: 'audit.export' });
  expect(exports).toHaveLength(1);
  expect(JSON.parse(exports[0].detail)).toMatchObject({ target: no, format: 'csv' });
  // A formula typed into a field is written as text, never as a formula.
  const whole = (await auditor.get('/staff/audit/export?actorType=system')).text;
  expect(whole).toContain(`"'=HYPERLINK(""http://x"")"`);
  expect((await auditor.get('/staff/audit/export?from=2026-13-01')).status).toBe(400);
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
  const admin = await staffBrowser('auditadmin');
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
  const admin = await staffBrowser('auditadmin');
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

test('who may read it: the audit admin alone; others 403; applicants and anonymous to the staff login; no role deletes a row', async () => {
  const applicant = await loginAs(ctx, DEMO.liMing);
  expect((await applicant.get('/staff/audit')).status).toBe(303);
  const anonymous = await new Browser(ctx.app).get('/staff/audit');
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/staff\/login/);
  for (const who of ['operator', 'reviewer', 'bureauadmin', 'sysadmin', 'securityadmin']) {
    const b = await staffBrowser(who);
    expect((await b.get('/staff/audit')).status).toBe(403);
    expect((await b.get('/staff')).text).not.toContain('href="/staff/audit"');
  }
  for (const who of ['auditadmin', 'sysadmin']) {
    const b = await staffBrowser(who);
    const home = await b.get('/staff');
    if (who === 'auditadmin') expect(home.text).toContain('href="/staff/audit"');
    const before = await ctx.db('audit_log').count({ n: '*' });
    // Nothing deletes or edits it: no state-changing route exists.
    for (const path of ['/staff/audit', '/staff/audit/export']) {
      for (const method of ['post', 'put', 'delete', 'patch'] as const) {
        const res = await b.agent[method](path).type('form').send({ _csrf: csrfFrom(home.text) });
        expect([404, 403]).toContain(res.status);
      }
    }
    expect(await ctx.db('audit_log').count({ n: '*' })).toEqual(before);
  }
});
