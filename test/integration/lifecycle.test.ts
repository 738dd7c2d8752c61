/*
 * The staff lifecycle service (applications.staff.transition / leaveMessage) and what the applicant reads of it
 * (定期注册材料确认情况 on 查询报名信息). Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, countRows, accountRow } from '../helpers/app';
import { listRow, stateOf, staffOf, staffStatus, submittedApplication } from '../helpers/applications';
import { agreeToPromise, completeDraft } from '../helpers/applicants';
import type { ApplicationRow } from '../../src/repositories/applications';
import type { StaffPrincipal, StaffRole } from '../../src/domain/principal';
import type { AccountRow } from '../../src/repositories/accounts';
import { snapshotOf } from '../../src/journeys/registration';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const NOT_FOUND = '未找到该报名信息';
const STALE = '该报名信息已被其他人处理，请刷新后重试';
// The driver's error (SQLite: no such table: audit_log; PostgreSQL: relation "audit_log" does not exist). Matched by
// its message: toThrow() is unreliable for errors made in another realm (better-sqlite3's, in a jest worker).
const AUDIT_GONE = { message: expect.stringContaining('audit_log') };
const rowOf = async (id: number): Promise<ApplicationRow> => ctx.db('applications').where({ id }).first();
const lifecycle = () => ctx.container.services.applications.staff;

/** A staff user of any bureau and point (staffOf makes the application's own). */
async function staffAt(role: StaffRole, bureauName: string, pointIndex: number | null): Promise<StaffPrincipal> {
  const bureau = await ctx.db('bureaus').where({ name: bureauName }).first('id');
  const point = pointIndex === null ? null : (await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').offset(pointIndex).first('id'))?.id ?? null;
  const username = `${role}-${bureau.id}-${point ?? 0}-x`;
  await ctx.db('staff_users').insert({ username, name: username, role, bureau_id: bureau.id, point_id: point, password_hash: 'x', created_at: ctx.clock.now().toISOString() });
  const row = await ctx.db('staff_users').where({ username }).first();
  return { kind: 'staff', staffId: row.id, role, bureauId: row.bureau_id, pointId: row.point_id };
}

/** Renames audit_log for the length of `fn`, so every audit write fails (as a full disk or a lost table would). */
async function withoutAuditLog<T>(fn: () => Promise<T>): Promise<T> {
  await ctx.db.schema.renameTable('audit_log', 'audit_log_away');
  try {
    return await fn();
  } finally {
    await ctx.db.schema.renameTable('audit_log_away', 'audit_log');
  }
}

describe('staff lifecycle: who may act', () => {
  test('an operator of another point and a reviewer of another bureau find nothing, and change nothing', async () => {
    const { row } = await submittedApplication(ctx);
    const otherPoint = await staffAt('operator', '台山市教育局', 1);
    const otherBureau = await staffAt('reviewer', '开平市教育局', null);
    const noPoint = await staffAt('operator', '台山市教育局', null); // a staff row without its point fails closed
    const before = await stateOf(ctx, row.id);
    for (const actor of [otherPoint, noPoint]) {
      expect(await lifecycle().transition(actor, row, 'confirmComplete')).toEqual({ ok: false, errors: { _form: NOT_FOUND } });
      expect(await lifecycle().find(actor, row.application_no)).toBeUndefined();
    }
    expect(await lifecycle().transition(otherBureau, row, 'wrongBureau')).toEqual({ ok: false, errors: { _form: NOT_FOUND } });
    expect(await lifecycle().find(otherBureau, row.application_no)).toBeUndefined();
    for (const actor of [otherPoint, otherBureau]) {
      expect(await lifecycle().leaveMessage(actor, row, '请尽快到确认点确认')).toEqual({ ok: false, errors: { _form: NOT_FOUND } });
    }
    expect(await stateOf(ctx, row.id)).toEqual(before);
    expect(await ctx.db('audit_log').where('action', 'like', 'application.%').whereNot({ action: 'application.submit' })).toEqual([]);
    // The application's own point and bureau do find it.
    expect(await lifecycle().find(await staffOf(ctx, row, 'operator'), row.application_no)).toMatchObject({ id: row.id });
    expect(await lifecycle().find(await staffOf(ctx, row, 'reviewer'), row.application_no)).toMatchObject({ id: row.id });
  });

  test('a wrong role or a wrong status is refused with the table\'s Chinese message; nothing changes', async () => {
    const { row } = await submittedApplication(ctx);
    const operator = await staffOf(ctx, row, 'operator');
    const reviewer = await staffOf(ctx, row, 'reviewer');
    const admin = await staffOf(ctx, row, 'bureau_admin');
    const before = await stateOf(ctx, row.id);
    const refusals: [StaffPrincipal, Parameters<ReturnType<typeof lifecycle>['transition']>[2], Record<string, string>][] = [
      [operator, 'approve', { _form: '确认点操作员不能办理“注册合格”' }],
      [reviewer, 'confirmComplete', { _form: '注册机构审核员不能办理“材料齐全”' }],
      [admin, 'wrongBureau', { _form: '机构管理员不能办理“机构选择有误”' }],
      [reviewer, 'approve', { _form: '注册结论为“网报待确认”的申请不能办理“注册合格”' }],
      [operator, 'confirmIncomplete', { missingMaterials: '请填写缺少的材料' }],
      [reviewer, 'defer', { _form: '注册结论为“网报待确认”的申请不能办理“暂缓注册”' }],
    ];
    for (const [actor, action, errors] of refusals) {
      expect(await lifecycle().transition(actor, row, action, { reason: action === 'defer' ? '缺少年度考核证明' : undefined })).toEqual({ ok: false, errors });
    }
    // 退回修改 of an application already in 网报待确认: the status, not the missing reason, is what is wrong.
    expect(await lifecycle().transition(reviewer, row, 'returnForCorrection')).toEqual({ ok: false, errors: { _form: '该申请的注册结论已是“网报待确认”' } });
    expect(await stateOf(ctx, row.id)).toEqual(before);

    // After a conclusion, nothing more.
    const approved = await staffStatus(ctx, row.id, '注册合格');
    expect(await lifecycle().transition(reviewer, approved, 'defer', { reason: '年度考核不合格' }))
      .toEqual({ ok: false, errors: { _form: '该申请已有注册结论“注册合格”，不能再办理“暂缓注册”' } });
    expect((await rowOf(row.id)).status).toBe('注册合格');
  });

  test('the counter works inside the confirmation window only', async () => {
    const { row } = await submittedApplication(ctx);
    await ctx.db('plans').where({ id: row.plan_id }).update({ confirm_start: new Date(ctx.clock.now().getTime() + 3600_000).toISOString() });
    const result = await lifecycle().transition(await staffOf(ctx, row, 'operator'), row, 'confirmComplete');
    expect(result).toEqual({ ok: false, errors: { _form: '当前时间不在该确认点的确认时间内，不能办理“材料齐全”' } });
    expect((await rowOf(row.id)).status).toBe('网报待确认');
  });
});

describe('staff lifecycle: one change, all or nothing', () => {
  test('a clerk acting on a stale version is refused; the first change stays', async () => {
    const { row } = await submittedApplication(ctx);
    const operator = await staffOf(ctx, row, 'operator');
    const first = await lifecycle().transition(operator, row, 'confirmComplete');
    expect(first).toMatchObject({ ok: true, value: { status: '待注册审批', version: row.version + 1 } });
    // A second clerk's screen still shows 网报待确认 at the old version.
    const second = await lifecycle().transition(await staffOf(ctx, row, 'operator'), row, 'confirmIncomplete', { missingMaterials: ['年度考核证明'] });
    expect(second).toEqual({ ok: false, errors: { _form: STALE } });
    expect(await rowOf(row.id)).toMatchObject({ status: '待注册审批', version: row.version + 1 });
    const events = await ctx.db('application_events').where({ application_id: row.id }).orderBy('id');
    expect(events.map((e) => e.action)).toEqual(['submit', 'confirmComplete']);
  });

  test('the status, its event and its audit row commit together: when the audit write fails, nothing changed', async () => {
    const { row } = await submittedApplication(ctx);
    const operator = await staffOf(ctx, row, 'operator');
    const before = await stateOf(ctx, row.id);
    const auditRows = await countRows(ctx, 'audit_log');
    await withoutAuditLog(async () => {
      await expect(lifecycle().transition(operator, row, 'confirmIncomplete', { missingMaterials: ['年度考核证明'] })).rejects.toMatchObject(AUDIT_GONE);
      await expect(lifecycle().leaveMessage(operator, row, '请补交年度考核证明')).rejects.toMatchObject(AUDIT_GONE);
    });
    expect(await stateOf(ctx, row.id)).toEqual(before);
    expect(await countRows(ctx, 'audit_log')).toBe(auditRows);

    // With the audit log back, the same change goes through, with its event and audit row.
    const moved = await lifecycle().transition(operator, row, 'confirmIncomplete', { missingMaterials: ['年度考核证明'], ip: '10.0.0.8' });
    expect(moved).toMatchObject({ ok: true, value: { status: '确认未通过', version: row.version + 1 } });
    const event = await ctx.db('application_events').where({ application_id: row.id }).orderBy('id', 'desc').first();
    expect(event).toMatchObject({ actor_type: 'staff', actor_id: operator.staffId, action: 'confirmIncomplete', from_status: '网报待确认', to_status: '确认未通过', missing_materials: '年度考核证明' });
    const audit = await ctx.db('audit_log').orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ actor_type: 'staff', actor_id: operator.staffId, action: 'application.confirm-incomplete', target: `application:${row.application_no}`, ip: '10.0.0.8' });
    expect(JSON.parse(audit.detail)).toEqual({ from: '网报待确认', to: '确认未通过', reason: null, missing: '年度考核证明' });
  });

  test('the applicant\'s own changes too: a failed audit write fails the submission and the edit, which report no false reason', async () => {
    const { row } = await submittedApplication(ctx);
    const account: AccountRow = await accountRow(ctx, row.account_id);
    const before = await stateOf(ctx, row.id);
    const answers = JSON.parse(row.data).answers;
    const { snapshot, columns } = await snapshotOf(ctx.container.journeyDeps.registration, account, { ...answers, details: { ...answers.details, schoolName: '台山市新宁中学' } });
    await withoutAuditLog(async () => {
      // Before: any failure of an edit was reported as "您在该机构的网报计划中已有报名信息" (the plan found was its own).
      await expect(ctx.container.services.applications.applicantEdit(account, row, { part: 'details', columns, data: JSON.stringify(snapshot), ip: null })).rejects.toMatchObject(AUDIT_GONE);
    });
    expect(await stateOf(ctx, row.id)).toEqual(before);

    // A submission whose audit write fails leaves no application, no 报名号 taken and the draft in place.
    await ctx.db('applications').where({ id: row.id }).update({ status: '暂缓注册' }); // frees the certificate
    const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
    await ctx.db('confirmation_points').insert({ bureau_id: kaiping.id, name: '开平市教育局人事股', active: true });
    const point = await ctx.db('confirmation_points').where({ bureau_id: kaiping.id }).first('id');
    await completeDraft(ctx, account, row.certificate_id as number, { bureauId: kaiping.id, pointId: point.id });
    const counter = Number((await ctx.db('counters').first()).value);
    await withoutAuditLog(async () => {
      await expect(agreeToPromise(ctx, account)).rejects.toMatchObject(AUDIT_GONE);
    });
    expect(await countRows(ctx, 'applications')).toBe(1);
    expect(Number((await ctx.db('counters').first()).value)).toBe(counter);
    expect(await countRows(ctx, 'drafts')).toBe(1);
    expect(await agreeToPromise(ctx, account)).toMatchObject({ kind: 'redirect' });
  });
});

describe('定期注册材料确认情况: one true line per status, on 查询报名信息', () => {
  const CONFIRMED = '材料已确认';
  test.each([
    ['网报待确认', '您的报名信息已被注册机构台山市教育局受理，请按照机构要求准备材料并修改报名信息。'],
    ['待注册审批', CONFIRMED],
    ['确认未通过', '材料不全，缺少：年度考核证明、继续教育证明'],
    ['机构选择有误', '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构'],
    ['注册合格', CONFIRMED],
    ['暂缓注册', CONFIRMED],
    ['注册不合格', CONFIRMED],
    ['不属于注册对象', '经审核您不属于注册对象'],
  ])('%s → %s', async (status, line) => {
    const { b, no, row } = await submittedApplication(ctx);
    if (status !== '网报待确认') await staffStatus(ctx, row.id, status, { missing: '年度考核证明、继续教育证明' });
    const listed = listRow((await b.get('/applications')).text, no);
    expect(listed?.cells[4]).toBe(status);
    expect(listed?.materials).toBe(line);
  });

  test('确认未通过 whose event lists nothing (a row from before the list was required): the general line, never 材料已确认', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '确认未通过');
    await ctx.db('application_events').where({ application_id: row.id, to_status: '确认未通过' }).update({ missing_materials: null });
    expect(listRow((await b.get('/applications')).text, no)?.materials).toBe('经审核材料不全，请向确认机构提交补齐');
  });

  test('确认未通过 → 材料齐全 later: 材料已确认, and the old missing list is gone', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    const t = ctx.clock.now().getTime();
    await staffStatus(ctx, row.id, '确认未通过', { missing: '年度考核证明', at: new Date(t + 1000).toISOString() });
    expect(listRow((await b.get('/applications')).text, no)?.materials).toBe('材料不全，缺少：年度考核证明');
    await staffStatus(ctx, row.id, '待注册审批', { at: new Date(t + 2000).toISOString() });
    const after = (await b.get('/applications')).text;
    expect(listRow(after, no)?.materials).toBe(CONFIRMED);
    expect(after).not.toContain('年度考核证明');
  });

  test('确认未通过 → 机构选择有误: the wrong-bureau line, not the missing list; after the correction, not yet confirmed', async () => {
    const { b, no, row, ids } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '确认未通过', { missing: '年度考核证明' });
    await staffStatus(ctx, row.id, '机构选择有误');
    const listed = (await b.get('/applications')).text;
    expect(listRow(listed, no)?.materials).toBe('经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构');
    expect(listed).not.toContain('年度考核证明');
    const moved = await b.submit(`/applications/${no}/edit/bureau`, { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: ids.bureauId, pointId: ids.pointId, action: 'save' });
    expect(moved.status).toBe(303);
    expect(listRow((await b.get('/applications')).text, no)?.materials).toBe('您的报名信息已被注册机构台山市教育局受理，请按照机构要求准备材料并修改报名信息。');
  });

  test('待注册审批 → 退回修改: back in 网报待确认, the line says it was returned and why (not "尚未进行现场确认")', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '待注册审批');
    await staffStatus(ctx, row.id, '网报待确认'); // 退回修改, reason 请修改报名信息
    expect(listRow((await b.get('/applications')).text, no)?.materials).toBe('您的报名信息已被注册机构台山市教育局退回修改（原因：请修改报名信息），请按照机构要求准备材料并修改报名信息。');
  });
});
