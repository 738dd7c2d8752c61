import ExcelJS from 'exceljs';
import { makeTestApp, TestContext, Browser, DEMO, accountRow } from '../helpers/app';
import { submittedCertification } from '../helpers/certification';
import { submittedApplication, staffStatus } from '../helpers/applications';
import { otherStaff, staffBrowser, staffPost } from '../helpers/staff';
import { DEFAULT_CERTIFICATION_CHECKLIST } from '../../src/domain/certification/bureauSettings';
import { EXPORT_HEADERS } from '../../src/domain/exportColumns';

/**
 * 教师资格认定 on the staff side (issue 14): the counter and the reviewer work on a 认定 application with the same
 * screens as 定期注册, in 认定's words — 材料不一致或不符合要求 with the items, 退回修改, 材料齐全 (with the 普通话 未核验
 * check), 认定通过 / 认定不通过, one by one and in bulk — inside their scope; the applicant hears of it in 认定's words.
 */
let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const page = (no: string) => `/staff/applications/${no}`;
const act = (b: Browser, no: string, fields: Record<string, unknown>) => staffPost(b, `${page(no)}/transition`, fields, page(no));
const statusOf = async (no: string) => (await ctx.db('applications').where({ application_no: no }).first('status')).status as string;
const versionOf = async (no: string) => String((await ctx.db('applications').where({ application_no: no }).first('version')).version);
const unverified = { snapshot: { putonghua: { certNumber: '4407812005000321', level: '二级乙等', score: '82', testedOn: '2005-05-18', issuer: null, verifyStatus: 'unverified' as const } } };

describe('the counter on a 认定 application', () => {
  test('the scanner opens it; the page shows the snapshot, photo, signature, 认定 checklist and buttons in 认定 words', async () => {
    const { no } = await submittedCertification(ctx);
    const clerk = await staffBrowser(ctx, 'operator');
    const found = await clerk.get(`/staff/counter/find?no=${no}`);
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe(page(no));
    const html = (await clerk.get(page(no))).text;
    expect(html).toContain('业务类型：<strong id="business">教师资格认定</strong>');
    expect(html).toContain('认定状态：<strong id="status">网报待确认</strong>');
    for (const value of ['小学教师资格', '国家统一考试', '台山市教育局人事股']) expect(html).toContain(value);
    expect(html).toContain(`src="/staff/applications/${no}/photo"`);
    expect(html).toContain(`src="/staff/applications/${no}/signature"`);
    for (const item of DEFAULT_CERTIFICATION_CHECKLIST) expect(html).toContain(`value="${item}"`);
    expect(html).toContain('不一致或不符合要求的材料</legend>');
    expect(html).toMatch(/value="confirmIncomplete" class="secondary">材料不一致或不符合要求<\/button>/);
    expect(html).not.toContain('>材料不全<');
    // Its 申请表 preview is the 教师资格认定申请表 (not 定期注册's form), with the signature from the staff route.
    const form = (await clerk.get(`/staff/applications/${no}/form`)).text;
    expect(form).toContain('<h1>教师资格认定申请表</h1>');
    expect(form).toContain(`/staff/applications/${no}/signature`);
    expect(form).not.toContain('教师资格定期注册申请表');
    expect(html).not.toContain('putonghua-flag'); // 已核验: no flag
    const signature = await clerk.get(`${page(no)}/signature`);
    expect(signature.status).toBe(200);
    expect(signature.headers['content-type']).toMatch(/^image\/png/);
    expect(signature.headers['cache-control']).toContain('no-store');
    expect((await clerk.get(`${page(no)}/photo`)).status).toBe(200);
  });

  test('the list: a 业务类型 tab each, with its own statuses; search finds the 认定 by name on its tab', async () => {
    await submittedApplication(ctx);
    const { row } = await submittedCertification(ctx);
    const clerk = await staffBrowser(ctx, 'operator');
    const registration = (await clerk.get('/staff/counter')).text;
    expect(registration).toContain('教师资格认定（1）');
    expect(registration).toContain('确认未通过（0）');
    expect(registration).not.toContain(row.application_no);
    const certification = (await clerk.get('/staff/counter?business=certification')).text;
    expect(certification).toContain(row.application_no);
    expect(certification).toContain('材料不一致或不符合要求（0）');
    expect(certification).toContain('待认定审批（0）');
    expect(certification).not.toContain('确认未通过');
    expect(certification).toContain('<th scope="col">认定状态</th>');
    expect(certification).toContain('<td>小学教师资格</td>');
    const name = (row.applicant_name ?? '').slice(0, 1);
    const search = (await clerk.get(`/staff/counter?business=certification&name=${encodeURIComponent(name)}`)).text;
    expect(search).toContain(row.application_no);
    // A 定期注册 status on the 认定 tab (an old link) is dropped, not mixed in.
    expect((await clerk.get(`/staff/counter?business=certification&status=${encodeURIComponent('确认未通过')}`)).text).toContain(row.application_no);
  });

  test('材料不一致或不符合要求 needs its items; 退回修改 needs a reason; then 材料齐全 → 待认定审批', async () => {
    const { no } = await submittedCertification(ctx);
    const clerk = await staffBrowser(ctx, 'operator');
    const none = await act(clerk, no, { action: 'confirmIncomplete', version: '1' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('请填写不一致或不符合要求的材料');
    const wrong = await act(clerk, no, { action: 'confirmIncomplete', version: '1', missing: ['体检合格证明'], missingOther: '学历证书复印件不清晰' });
    expect(wrong.status).toBe(303);
    expect(await statusOf(no)).toBe('材料不一致或不符合要求');
    const event = await ctx.db('application_events').where({ action: 'confirmIncomplete' }).first();
    expect(event.missing_materials).toBe('体检合格证明、学历证书复印件不清晰');
    const shown = (await clerk.get(page(no))).text;
    expect(shown).toContain('已办理：材料不一致或不符合要求');
    expect(shown).toContain('（不一致或不符合要求：体检合格证明、学历证书复印件不清晰）');

    const noReason = await act(clerk, no, { action: 'returnForCorrection', version: '2' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('请填写退回原因');
    expect((await act(clerk, no, { action: 'returnForCorrection', version: '2', reason: '请重新上传个人承诺书' })).status).toBe(303);
    expect(await statusOf(no)).toBe('网报待确认');

    expect((await act(clerk, no, { action: 'confirmComplete', version: '3' })).status).toBe(303);
    expect(await statusOf(no)).toBe('待认定审批');
    const again = await act(clerk, no, { action: 'confirmComplete', version: '4' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('该申请的认定状态已是“待认定审批”');
  });

  test('普通话 未核验: flagged, and 材料齐全 needs 已核对普通话证书原件 ticked (recorded in the audit row)', async () => {
    const { no } = await submittedCertification(ctx, DEMO.chenFang, unverified);
    const clerk = await staffBrowser(ctx, 'operator');
    const html = (await clerk.get(page(no))).text;
    expect(html).toContain('<div class="flash flash-error" role="alert" id="putonghua-flag">普通话证书未核验，请核对原件</div>');
    expect(html).toContain('4407812005000321 · 二级乙等（82分） · 未核验');
    expect(html).toContain('name="putonghuaChecked" value="1"');
    const refused = await act(clerk, no, { action: 'confirmComplete', version: '1' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('该申请的普通话证书未核验，请核对原件后勾选“已核对普通话证书原件”');
    expect(refused.text).toContain('href="#field-putonghuaChecked"');
    expect(await statusOf(no)).toBe('网报待确认');
    // 材料不一致 needs no box.
    expect((await act(clerk, no, { action: 'confirmIncomplete', version: '1', missing: ['普通话水平测试等级证书'] })).status).toBe(303);
    expect((await act(clerk, no, { action: 'confirmComplete', version: '2', putonghuaChecked: '1' })).status).toBe(303);
    expect(await statusOf(no)).toBe('待认定审批');
    const audit = await ctx.db('audit_log').where({ action: 'application.confirm-complete' }).orderBy('id', 'desc').first();
    expect(audit.detail).toContain('"putonghuaChecked":true');
  });

  test('scope: another point\'s operator and another bureau\'s reviewer cannot find or move it', async () => {
    const { no, row } = await submittedCertification(ctx);
    const points = (await ctx.db('confirmation_points').where({ bureau_id: row.bureau_id }).orderBy('id').pluck('id')) as number[];
    const otherPoint = await otherStaff(ctx, { bureau_id: row.bureau_id, point_id: points[1] }, 'operator');
    expect((await otherPoint.get(`/staff/counter/find?no=${no}`)).status).toBe(404);
    expect((await otherPoint.get(page(no))).status).toBe(404);
    expect((await otherPoint.get(`${page(no)}/signature`)).status).toBe(404);
    expect((await otherPoint.get('/staff/counter?business=certification')).text).not.toContain(no);
    const otherBureau = (await ctx.db('bureaus').where({ name: '江门市新会区教育局' }).first('id')).id as number;
    const stranger = await otherStaff(ctx, { bureau_id: otherBureau, point_id: null }, 'reviewer');
    expect((await stranger.get(page(no))).status).toBe(404);
    expect((await stranger.get('/staff/review?business=certification&status=all')).text).not.toContain(no);
  });
});

describe('the reviewer on a 认定 application', () => {
  test('认定审核 lists 待认定审批 by 业务类型; 认定不通过 needs a reason; 暂缓注册 does not exist; 认定通过 is sealed with no 注册记录', async () => {
    await submittedApplication(ctx);
    const { no, row } = await submittedCertification(ctx);
    await staffBrowser(ctx, 'operator').then((clerk) => act(clerk, no, { action: 'confirmComplete', version: '1' }));
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const queue = (await reviewer.get('/staff/review?business=certification')).text;
    expect(queue).toContain('<h1>认定审核</h1>');
    expect(queue).toContain(`value="${no}:2"`);
    expect(queue).toContain('<strong>待认定审批（1）</strong>');
    expect(queue).toMatch(/value="approve"[^>]*> 认定通过/);
    expect(queue).toMatch(/value="reject"[^>]*> 认定不通过（须填写原因）/);
    expect(queue).not.toContain('value="defer"');
    expect(queue).not.toContain('name="regType"');
    expect((await reviewer.get('/staff/review')).text).not.toContain(`value="${no}:2"`); // 定期注册 by default

    const html = (await reviewer.get(page(no))).text;
    expect(html).toContain('<h2>认定审核</h2>');
    expect(html).toContain('>认定通过</button>');
    expect(html).toContain('<span class="req">*</span>认定不通过原因');
    expect(html).not.toContain('暂缓注册</button>');
    const deferred = await act(reviewer, no, { action: 'defer', version: '2', reason: '体检未完成' });
    expect(deferred.status).toBe(422);
    expect(deferred.text).toContain('教师资格认定没有“暂缓注册”，认定结论为“认定通过”或“认定不通过”');
    const noReason = await act(reviewer, no, { action: 'reject', version: '2' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('请填写认定不通过原因');

    expect((await act(reviewer, no, { action: 'approve', version: '2', reason: '材料齐全，符合条件' })).status).toBe(303);
    expect(await statusOf(no)).toBe('认定通过');
    expect(await ctx.db('registration_records').where({ application_id: row.id }).first()).toBeUndefined();
    const concluded = await ctx.db('applications').where({ id: row.id }).first();
    expect(concluded.conclusion_seal).toMatch(/^v\d+:/);
    expect(await ctx.container.services.applications.staff.sealState(concluded)).toBe('valid');
    const after = (await reviewer.get(page(no))).text;
    expect(after).not.toContain('id="seal-problem"');
    expect(after).toContain('认定通过：材料齐全，符合条件');
    // A conclusion does not lock the applicant's identity for ever.
    const refused = await act(reviewer, no, { action: 'returnForCorrection', version: '3', reason: '重审' });
    expect(refused.text).toContain('该申请已有认定结论“认定通过”，不能再办理“退回修改”');
  });

  test('bulk 认定不通过 / 认定通过 (≤ 200, one reason); a 定期注册 row ticked in a 认定 bulk is refused on its own', async () => {
    const a = await submittedCertification(ctx, DEMO.chenFang);
    const b = await submittedCertification(ctx, DEMO.huang);
    const registration = await submittedApplication(ctx);
    const clerk = await staffBrowser(ctx, 'operator');
    for (const no of [a.no, b.no]) expect((await act(clerk, no, { action: 'confirmComplete', version: '1' })).status).toBe(303);
    await staffStatus(ctx, registration.row.id, '待注册审批');
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const list = '/staff/review?business=certification';
    const noReason = await staffPost(reviewer, '/staff/review/bulk', { business: 'certification', action: 'reject', no: [`${a.no}:2`] }, list);
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('请填写认定不通过原因');
    const defer = await staffPost(reviewer, '/staff/review/bulk', { business: 'certification', action: 'defer', reason: 'x', no: [`${a.no}:2`] }, list);
    expect(defer.status).toBe(422);
    expect(defer.text).toContain('请选择认定结论');
    const tooMany = Array.from({ length: 201 }, (_, i) => `${String(26000000 + i)}:1`);
    expect((await staffPost(reviewer, '/staff/review/bulk', { business: 'certification', action: 'approve', no: tooMany }, list)).text).toContain('一次最多办理200条报名信息');

    const done = await staffPost(reviewer, '/staff/review/bulk', { business: 'certification', action: 'reject', reason: '体检不合格', no: [`${a.no}:2`, `${registration.no}:2`] }, list);
    expect(done.status).toBe(200);
    expect(done.text).toContain('认定状态“认定不通过”：成功 <strong id="bulk-succeeded">1</strong> 条');
    expect(done.text).toContain('已办理，认定状态：认定不通过');
    expect(done.text).toContain('未办理：该报名信息不属于所选业务类型，未办理');
    expect(await statusOf(a.no)).toBe('认定不通过');
    expect(await statusOf(registration.no)).toBe('待注册审批');
    const approved = await staffPost(reviewer, '/staff/review/bulk', { business: 'certification', action: 'approve', no: [`${b.no}:2`] }, list);
    expect(approved.text).toContain('已办理，认定状态：认定通过');
    expect(await statusOf(b.no)).toBe('认定通过');
  });
});

describe('the applicant hears in 认定 words', () => {
  test('a status change and a 留言: SMS naming 认定状态 and 查询认定报名信息', async () => {
    const { no, accountId } = await submittedCertification(ctx);
    const { mobile } = await accountRow(ctx, accountId);
    const before = (await ctx.container.repos.outbox.allTo(mobile)).length;
    const clerk = await staffBrowser(ctx, 'operator');
    expect((await act(clerk, no, { action: 'confirmIncomplete', version: await versionOf(no), missing: ['体检合格证明'] })).status).toBe(303);
    expect((await staffPost(clerk, `${page(no)}/messages`, { body: '请携带体检合格证明原件' }, page(no))).status).toBe(303);
    const texts = (await ctx.container.repos.outbox.allTo(mobile)).slice(before).map((m) => m.body);
    // (after the sender's signature, 【…】)
    expect(texts).toEqual([
      expect.stringContaining(`】您的教师资格认定报名（报名号 ${no}）认定状态已更新为“材料不一致或不符合要求”，请登录系统在“查询认定报名信息”中查看。`),
      expect.stringContaining(`】您的教师资格认定报名（报名号 ${no}）有一条新留言，请登录系统在“查询认定报名信息”中查看。`),
    ]);
    expect(texts.join('')).not.toContain('体检合格证明');
  });
});

describe('数据导出 and 统计 with a 认定 plan', () => {
  test('the 认定 plan exports its row (null 定期注册 columns are blank) and counts 认定 statuses; the 定期注册 plan is unchanged', async () => {
    const reg = await submittedApplication(ctx);
    const cert = await submittedCertification(ctx);
    await staffBrowser(ctx, 'operator').then((clerk) => act(clerk, cert.no, { action: 'confirmIncomplete', version: '1', missing: ['体检合格证明'] }));
    const admin = await staffBrowser(ctx, 'bureauadmin');
    const res = await admin.agent.get(`/staff/export/download?plan=${cert.planId}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(EXPORT_HEADERS.slice(0, rows[0].length));
    expect(rows[1]).toContain(cert.no);
    expect(rows[1]).toContain('小学教师资格');
    expect(rows[1]).toContain('体检合格证明'); // the items while 材料不一致或不符合要求
    expect(rows[1]).not.toContain(reg.no);
    const filtered = await admin.get(`/staff/export?plan=${cert.planId}&status=${encodeURIComponent('材料不一致或不符合要求')}`);
    expect(filtered.status).toBe(200);
    const stats = await admin.get(`/staff/stats?plan=${cert.planId}`);
    expect(stats.status).toBe(200);
    expect(stats.text).toContain('材料不一致或不符合要求');
    expect(stats.text).not.toContain('暂缓注册');
    expect((await admin.get(`/staff/stats?plan=${reg.row.plan_id}`)).text).toContain('暂缓注册');
  });
});
