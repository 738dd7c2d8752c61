/*
 * Issue 13: an audit write that fails makes the action fail. A trigger on audit_log refuses every insert for real (no
 * mock); a staff action and an applicant action each answer a Chinese error page (no stack) and change nothing.
 * Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, countRows, csrfFrom, escaped, loginAs, DEMO } from '../helpers/app';
import { stateOf, submittedApplication } from '../helpers/applications';
import { staffBrowser } from '../helpers/staff';
import { fillUpToPromise } from '../helpers/wizard';
import { M } from '../../src/messages';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const REFUSAL = 'audit_log refuses writes (test trigger)';

/** A trigger that makes every insert into audit_log fail, as a broken or locked-down log would. */
async function refuseAuditWrites(): Promise<() => Promise<void>> {
  if (ctx.db.client.config.client === 'pg') {
    await ctx.db.raw(`create function audit_refuse() returns trigger language plpgsql as $$ begin raise exception '${REFUSAL}'; end $$`);
    await ctx.db.raw('create trigger audit_refuse before insert on audit_log for each row execute function audit_refuse()');
    return async () => {
      await ctx.db.raw('drop trigger audit_refuse on audit_log');
      await ctx.db.raw('drop function audit_refuse()');
    };
  }
  await ctx.db.raw(`create trigger audit_refuse before insert on audit_log begin select raise(abort, '${REFUSAL}'); end`);
  return async () => { await ctx.db.raw('drop trigger audit_refuse'); };
}

function expectRefusalPage(res: { status: number; text: string }) {
  expect(res.status).toBe(503);
  expect(res.text).toContain(escaped(M.auditWriteFailed));
  expect(res.text).not.toContain(REFUSAL);
  expect(res.text).not.toMatch(/at \S+ \(|Error:/);
}

describe('audit write failure makes the action fail', () => {
  test('a counter clerk\'s 材料齐全: error page, the application and the audit log unchanged; it goes through once the log takes writes', async () => {
    const { row, no } = await submittedApplication(ctx);
    const clerk = await staffBrowser(ctx, 'operator');
    const token = csrfFrom((await clerk.get(`/staff/applications/${no}`)).text);
    const before = await stateOf(ctx, row.id);
    const auditRows = await countRows(ctx, 'audit_log');
    const head = await ctx.db('audit_chain_head').first();
    const allow = await refuseAuditWrites();
    const refused = await clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send({ _csrf: token, version: String(row.version), action: 'confirmComplete' });
    await allow();
    expectRefusalPage(refused);
    expect(await stateOf(ctx, row.id)).toEqual(before);
    expect(await countRows(ctx, 'audit_log')).toBe(auditRows);
    expect(await ctx.db('audit_chain_head').first()).toEqual(head);

    const done = await clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send({ _csrf: token, version: String(row.version), action: 'confirmComplete' });
    expect(done.status).toBe(303);
    expect((await ctx.db('applications').where({ id: row.id }).first()).status).toBe('待注册审批');
  });

  test('an applicant\'s submission (同意): error page, no application; submitted once the log takes writes', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await fillUpToPromise(ctx, b);
    const allow = await refuseAuditWrites();
    const refused = await b.submit('/apply/step/6', { promise: 'agree' });
    await allow();
    expectRefusalPage(refused);
    expect(await countRows(ctx, 'applications')).toBe(0);

    const done = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(done.status).toBe(303);
    expect(await countRows(ctx, 'applications')).toBe(1);
  });

  test('a staff sign-in is refused with its audit row', async () => {
    const allow = await refuseAuditWrites();
    try {
      await expect(staffBrowser(ctx, 'reviewer')).rejects.toThrow('staff login reviewer: 503');
    } finally {
      await allow();
    }
    expect((await ctx.db('staff_users').where({ username: 'reviewer' }).first('last_login_at')).last_login_at).toBeNull();
  });
});
