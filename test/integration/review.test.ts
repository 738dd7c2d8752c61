import { makeTestApp, TestContext, escaped, loginAs, DEMO, accountRow } from '../helpers/app';
import { editDetailsUrl, editFields, listRow, postEditDetails, staffStatus, submittedApplication } from '../helpers/applications';
import { maskIdNumber } from '../../src/domain/personalInfo';
import { applicationsAt, otherStaff, staffBrowser, staffPost } from '../helpers/staff';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const demoBureau = async () => (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id as number;
const otherBureau = async () => (await ctx.db('bureaus').where({ name: '江门市新会区教育局' }).first('id')).id as number;
const pointsOf = async (bureauId: number) => (await ctx.db('confirmation_points').where({ bureau_id: bureauId }).orderBy('id').select('id')).map((p) => p.id as number);
/** The 报名号 listed in the queue's table, in order. */
const listed = (html: string) => [...html.matchAll(/name="no" value="(\d{8}):\d+"/g)].map((m) => m[1]);
const rowOf = async (no: string) => ctx.db('applications').where({ application_no: no }).first();

describe('注册审核: the queue', () => {
  test('the bureau\'s 待注册审批 by default, masked ID numbers, links; another bureau\'s reviewer sees none of it; other roles get 403', async () => {
    const [a, b] = await applicationsAt(ctx, 2, { status: '待注册审批' });
    const [pending] = await applicationsAt(ctx, 1, { from: 200 });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const page = await reviewer.get('/staff/review');
    expect(page.status).toBe(200);
    expect(listed(page.text).sort()).toEqual([a.no, b.no].sort());
    expect(page.text).not.toContain(pending.no);
    expect(page.text).toContain(`href="/staff/applications/${a.no}"`);
    const idNumber = (await accountRow(ctx, a.accountId)).id_number as string;
    expect(page.text).not.toContain(idNumber);
    expect(page.text).toContain(maskIdNumber(idNumber));
    expect(page.text).toMatch(/待注册审批（2）/);
    expect(page.text).toMatch(/网报待确认（1）/);
    expect(page.text).toContain('台山市教育局人事股');
    expect(page.text).toContain('初级中学');
    expect(page.text).toContain('定期注册');
    // The staff home links to it.
    expect((await reviewer.get('/staff')).text).toContain('href="/staff/review"');

    const stranger = await otherStaff(ctx, { bureau_id: await otherBureau(), point_id: null }, 'reviewer');
    const theirs = await stranger.get('/staff/review?status=all');
    expect(theirs.status).toBe(200);
    expect(listed(theirs.text)).toEqual([]);
    expect(theirs.text).not.toContain(a.no);
    expect((await stranger.get(`/staff/applications/${a.no}`)).status).toBe(404);

    for (const who of ['operator', 'bureauadmin', 'sysadmin']) expect((await (await staffBrowser(ctx, who)).get('/staff/review')).status).toBe(403);
    expect((await (await loginAs(ctx, DEMO.liMing)).get('/staff/review')).status).toBe(303);
  });

  test('filters (确认点, 学段, 注册类型, status), counts and paging; foreign or made-up filter values are ignored', async () => {
    const bureau = await demoBureau();
    const [p1, p2] = await pointsOf(bureau);
    const made = await applicationsAt(ctx, 22, { status: '待注册审批', pointIds: [p1, p2] });
    // One of them is a 首次注册 (the column staff filter on).
    await ctx.db('applications').where({ application_no: made[0].no }).update({ reg_type: '首次注册' });
    const reviewer = await staffBrowser(ctx, 'reviewer');

    const first = await reviewer.get('/staff/review');
    expect(listed(first.text)).toHaveLength(20);
    expect(first.text).toContain('共 22 条，第 1 / 2 页');
    expect(first.text).toContain('下一页');
    const second = await reviewer.get('/staff/review?page=2');
    expect(listed(second.text)).toHaveLength(2);
    expect(new Set([...listed(first.text), ...listed(second.text)]).size).toBe(22);
    // A page past the end shows the last one; nonsense shows the first.
    expect(listed((await reviewer.get('/staff/review?page=99')).text)).toEqual(listed(second.text));
    expect(listed((await reviewer.get('/staff/review?page=abc')).text)).toEqual(listed(first.text));
    expect(listed((await reviewer.get('/staff/review?size=50')).text)).toHaveLength(22);

    const atP2 = await reviewer.get(`/staff/review?point=${p2}`);
    expect(atP2.text).toContain('共 11 条');
    expect(atP2.text).toMatch(/待注册审批（11）/);
    expect((await reviewer.get('/staff/review?regType=首次注册')).text).toContain('共 1 条');
    expect(listed((await reviewer.get(`/staff/review?regType=${encodeURIComponent('首次注册')}`)).text)).toEqual([made[0].no]);
    expect((await reviewer.get('/staff/review?stage=3')).text).toContain('共 22 条');
    expect((await reviewer.get('/staff/review?stage=1')).text).toContain('共 0 条');
    expect((await reviewer.get('/staff/review?status=网报待确认')).text).toContain('共 0 条');
    expect((await reviewer.get('/staff/review?status=all')).text).toContain('共 22 条');
    // Another bureau's point, an unknown 学段, SQL-like text: ignored, the whole queue.
    const otherPoint = (await pointsOf(await otherBureau()))[0];
    for (const q of [`point=${otherPoint}`, 'stage=9', "regType=' or 1=1 --", 'status=<b>x</b>', 'point=1e9999', 'size=100000']) {
      const res = await reviewer.get(`/staff/review?${q}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('共 22 条');
    }
   }, 60_000); // 22 applications through the journey (photos included)
});

describe('注册审核: one application\'s conclusion', () => {
  const conclusions = [
    { action: 'defer', status: '暂缓注册', label: '暂缓注册原因' },
    { action: 'reject', status: '注册不合格', label: '注册不合格原因' },
    { action: 'notEligible', status: '不属于注册对象', label: '不属于注册对象的原因' },
  ] as const;

  test('the page shows only the reviewer\'s allowed actions, with the version', async () => {
    const [a] = await applicationsAt(ctx, 1, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const page = (await reviewer.get(`/staff/applications/${a.no}`)).text;
    for (const action of ['approve', 'defer', 'reject', 'notEligible', 'wrongBureau', 'returnForCorrection']) expect(page).toContain(`id="action-${action}"`);
    expect(page).toContain('name="version" value="2"');
    expect(page).not.toContain('value="confirmComplete"');
    // In 网报待确认 the reviewer may only say 不属于注册对象 or 机构选择有误.
    const [b] = await applicationsAt(ctx, 1, { from: 300 });
    const pending = (await reviewer.get(`/staff/applications/${b.no}`)).text;
    expect(pending).toContain('id="action-notEligible"');
    expect(pending).toContain('id="action-wrongBureau"');
    expect(pending).not.toContain('id="action-approve"');
    expect(pending).not.toContain('id="action-returnForCorrection"');
    // The operator's page has none of the reviewer's forms.
    expect((await (await staffBrowser(ctx, 'operator')).get(`/staff/applications/${a.no}`)).text).not.toContain('id="review-actions"');
  });

  test.each(conclusions)('$status: without a reason 422 with the message by the field (other text kept); with one, concluded and shown to the applicant', async ({ action, status, label }) => {
    const { b: applicant, no, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '待注册审批');
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const url = `/staff/applications/${no}`;
    const empty = await staffPost(reviewer, `${url}/transition`, { action, version: '2', reason: '   ' }, url);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain(`请填写${label}`);
    expect(empty.text).toMatch(new RegExp(`<textarea id="field-reason" name="reason"[^>]*aria-invalid="true"`));
    expect(empty.text).toContain('href="#field-reason"');
    const tooLong = await staffPost(reviewer, `${url}/transition`, { action, version: '2', reason: '长'.repeat(501) }, url);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain(`${label}不能超过500个字符`);
    expect(tooLong.text).toContain('长'.repeat(501));
    expect((await rowOf(no)).status).toBe('待注册审批');

    const reason = '年度考核<b>未提交</b> & "说明"';
    const done = await staffPost(reviewer, `${url}/transition`, { action, version: '2', reason }, url);
    expect(done.status).toBe(303);
    expect((await rowOf(no)).status).toBe(status);
    const list = listRow((await applicant.get('/applications')).text, no);
    expect(list?.cells[4]).toBe(status);
    const detail = (await applicant.get(`/applications/${no}`)).text;
    expect(detail).toContain(escaped(reason));
    expect(detail).not.toContain('<b>未提交</b>');
  });

  test('注册合格 writes the registration record in the same change; 定期注册信息 shows it; 暂缓注册 writes one, 不属于注册对象 none', async () => {
    const { b: applicant, no, row } = await submittedApplication(ctx);
    // Made first: new applicants copy 李明's certificate records, which after 注册合格 are not due any more.
    const [deferred, outside] = await applicationsAt(ctx, 2, { status: '待注册审批' });
    await staffStatus(ctx, row.id, '待注册审批');
    const before = await ctx.db('registration_records').where({ certificate_id: row.certificate_id }).orderBy('id');
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const url = `/staff/applications/${no}`;
    const done = await staffPost(reviewer, `${url}/transition`, { action: 'approve', version: '2', reason: '' }, url);
    expect(done.status).toBe(303);
    const after = await ctx.db('registration_records').where({ certificate_id: row.certificate_id }).orderBy('id');
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({
      reg_type: '定期注册', conclusion: '注册合格', concluded_on: '2026-11-23', bureau_name: '台山市教育局', point_name: '台山市教育局人事股',
      school_name: '台山市台城第一初级中学', teaching_stage: '初级中学', teaching_subject: '数学',
    });
    const regs = (await applicant.get('/me/registrations')).text;
    expect(regs).toContain('2026-11-23');
    // A second 注册合格 (a stale form) is refused and writes nothing.
    expect((await staffPost(reviewer, `${url}/transition`, { action: 'approve', version: '2' }, url)).status).toBe(409);
    expect(await ctx.db('registration_records').where({ certificate_id: row.certificate_id })).toHaveLength(after.length);

    await staffStatus(ctx, deferred.id, '暂缓注册');
    await staffStatus(ctx, outside.id, '不属于注册对象');
    const certOf = async (id: number) => (await ctx.db('applications').where({ id }).first()).certificate_id;
    const deferredRecords = await ctx.db('registration_records').where({ certificate_id: await certOf(deferred.id), conclusion: '暂缓注册' });
    expect(deferredRecords).toHaveLength(1);
    expect(await ctx.db('registration_records').where({ certificate_id: await certOf(outside.id), conclusion: '不属于注册对象' })).toHaveLength(0);
  });

  test('机构选择有误 with an optional 说明; 退回修改 requires its reason', async () => {
    const [a, b] = await applicationsAt(ctx, 2, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const urlA = `/staff/applications/${a.no}`;
    expect((await staffPost(reviewer, `${urlA}/transition`, { action: 'wrongBureau', version: '2' }, urlA)).status).toBe(303);
    expect((await rowOf(a.no)).status).toBe('机构选择有误');
    const urlB = `/staff/applications/${b.no}`;
    const missing = await staffPost(reviewer, `${urlB}/transition`, { action: 'returnForCorrection', version: '2' }, urlB);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('请填写退回原因');
    expect((await staffPost(reviewer, `${urlB}/transition`, { action: 'returnForCorrection', version: '2', reason: '学校名称有误' }, urlB)).status).toBe(303);
    expect((await rowOf(b.no)).status).toBe('网报待确认');
  });
});

describe('注册审核: bulk', () => {
  test('a mix of valid, stale, concluded, foreign and malformed rows: each on its own, a summary of what happened and why', async () => {
    const made = await applicationsAt(ctx, 4, { status: '待注册审批' });
    // Another bureau's application (its window is closed, so it is moved there as a fixture).
    const [foreign] = await applicationsAt(ctx, 1, { from: 400, status: '待注册审批' });
    await ctx.db('applications').where({ id: foreign.id }).update({ bureau_id: await otherBureau(), point_id: null });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    // made[2] is concluded by someone else after the reviewer opened the queue (its version moved on).
    await staffStatus(ctx, made[2].id, '暂缓注册');
    const fields = {
      action: 'approve', reason: '',
      no: [`${made[0].no}:2`, `${made[0].no}:2`, `${made[1].no}:2`, `${made[2].no}:2`, `${made[3].no}:1`, '99999999:1', 'garbage', `${foreign.no}:2`],
    };
    const res = await staffPost(reviewer, '/staff/review/bulk', fields, '/staff/review');
    expect(res.status).toBe(200);
    expect(res.text).toContain('批量审核结果');
    expect(res.text).toMatch(/成功 <strong id="bulk-succeeded">2<\/strong> 条/);
    expect(res.text).toContain('已被其他人处理');
    expect(res.text).toContain('未找到该报名信息');
    expect(res.text).toContain('报名号格式不正确');
    expect(res.text.split(`<a href="/staff/applications/${made[0].no}">`)).toHaveLength(2); // ticked twice, done and listed once
    expect((await rowOf(made[0].no)).status).toBe('注册合格');
    expect((await rowOf(made[1].no)).status).toBe('注册合格');
    expect((await rowOf(made[2].no)).status).toBe('暂缓注册');
    expect((await rowOf(made[3].no)).status).toBe('待注册审批');
    expect((await rowOf(foreign.no)).status).toBe('待注册审批');
    expect(await ctx.db('audit_log').where({ action: 'application.approve' })).toHaveLength(2);
  });

  test('one reason for all; without it, or without a selection or a conclusion, the queue again with the message and the ticks kept', async () => {
    const made = await applicationsAt(ctx, 3, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const ticked = [`${made[0].no}:2`, `${made[1].no}:2`];
    const noReason = await staffPost(reviewer, '/staff/review/bulk', { action: 'reject', reason: '', no: ticked }, '/staff/review');
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('请填写注册不合格原因');
    expect(noReason.text).toContain(`value="${ticked[0]}" id="pick-${made[0].no}" checked`);
    expect(noReason.text).not.toContain(`value="${made[2].no}:2" id="pick-${made[2].no}" checked`);
    expect(noReason.text).toMatch(/value="reject" checked/);
    const none = await staffPost(reviewer, '/staff/review/bulk', { action: 'approve', reason: '意见' }, '/staff/review');
    expect(none.status).toBe(422);
    expect(none.text).toContain('请至少选择一条报名信息');
    expect(none.text).toContain('>意见</textarea>');
    const noAction = await staffPost(reviewer, '/staff/review/bulk', { action: 'drop table', no: ticked }, '/staff/review');
    expect(noAction.status).toBe(422);
    expect(noAction.text).toContain('请选择注册结论');
    // Returning for correction is one by one.
    expect((await staffPost(reviewer, '/staff/review/bulk', { action: 'returnForCorrection', reason: 'x', no: ticked }, '/staff/review')).status).toBe(422);
    const tooMany = await staffPost(reviewer, '/staff/review/bulk', { action: 'approve', no: Array.from({ length: 201 }, (_, i) => `${String(26000000 + i)}:1`) }, '/staff/review');
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('一次最多办理200条报名信息');
    for (const m of made) expect((await rowOf(m.no)).status).toBe('待注册审批');

    const reason = '师德考核不合格';
    const done = await staffPost(reviewer, '/staff/review/bulk', { action: 'reject', reason, no: ticked }, '/staff/review');
    expect(done.status).toBe(200);
    expect(done.text).toMatch(/成功 <strong id="bulk-succeeded">2<\/strong> 条/);
    const events = await ctx.db('application_events').where({ action: 'reject' });
    expect(events.map((e) => e.reason)).toEqual([reason, reason]);
  });

  test('bad input on the staff forms: unknown numbers, HTML, SQL-like and long text give a 4xx page, never a 500', async () => {
    const [a] = await applicationsAt(ctx, 1, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const url = `/staff/applications/${a.no}`;
    for (const no of ['99999999', "1' or '1'='1", '<script>', '1e9999', 'x'.repeat(300)]) {
      expect((await reviewer.get(`/staff/applications/${encodeURIComponent(no)}`)).status).toBe(404);
      expect((await staffPost(reviewer, `/staff/applications/${encodeURIComponent(no)}/transition`, { action: 'approve', version: '2' }, '/staff/review')).status).toBe(404);
    }
    for (const version of ['', 'abc', '-1', '1e9999', "2' --"]) {
      const res = await staffPost(reviewer, `${url}/transition`, { action: 'approve', version }, url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const html = await staffPost(reviewer, `${url}/transition`, { action: 'defer', version: '2', reason: '<script>alert(1)</script>'.repeat(30) }, url);
    expect(html.status).toBe(422);
    expect(html.text).not.toContain('<script>alert(1)</script>');
    const sqlish = await staffPost(reviewer, '/staff/review/bulk', { action: 'approve', no: ["26000001:1' or 1=1 --", { a: 1 }] }, '/staff/review');
    expect(sqlish.status).toBeLessThan(500);
    const fieldsFlood = await staffPost(reviewer, '/staff/review/bulk', { action: 'approve', no: Array.from({ length: 400 }, (_, i) => `${i}`) }, '/staff/review');
    expect(fieldsFlood.status).toBe(413);
    // No CSRF token: refused before anything is read.
    expect((await reviewer.agent.post('/staff/review/bulk').type('form').send({ action: 'approve', no: `${a.no}:2` })).status).toBe(403);
    expect((await rowOf(a.no)).status).toBe('待注册审批');
  });
});

describe('the whole cycle through HTTP', () => {
  test('submit → 材料不全 → applicant sees the items → 退回修改 → applicant edits → 材料齐全 → 注册合格 → 定期注册信息', async () => {
    const { b: applicant, no, ids } = await submittedApplication(ctx);
    const operator = await staffBrowser(ctx, 'operator');
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const url = `/staff/applications/${no}`;
    const version = async () => String((await rowOf(no)).version);

    let res = await staffPost(operator, `${url}/transition`, { action: 'confirmIncomplete', version: await version(), missing: ['师德考核证明', '培训学时证明'] }, url);
    expect(res.status).toBe(303);
    expect(listRow((await applicant.get('/applications')).text, no)?.materials).toBe('材料不全，缺少：师德考核证明、培训学时证明');

    res = await staffPost(operator, `${url}/transition`, { action: 'returnForCorrection', version: await version(), reason: '请更正任教学校名称' }, url);
    expect(res.status).toBe(303);
    const row = listRow((await applicant.get('/applications')).text, no);
    expect(row?.cells[4]).toBe('网报待确认');
    expect(row?.materials).toContain('请更正任教学校名称');

    const edited = await postEditDetails(applicant, editDetailsUrl(no), editFields(ids, { schoolName: '台山市台城第二初级中学' }));
    expect(edited.status).toBe(303);
    expect((await rowOf(no)).school_name).toBe('台山市台城第二初级中学');

    res = await staffPost(operator, `${url}/transition`, { action: 'confirmComplete', version: await version() }, url);
    expect(res.status).toBe(303);
    expect((await rowOf(no)).status).toBe('待注册审批');
    expect((await reviewer.get('/staff/review')).text).toContain(`value="${no}:`);

    res = await staffPost(reviewer, `${url}/transition`, { action: 'approve', version: await version() }, url);
    expect(res.status).toBe(303);
    expect(listRow((await applicant.get('/applications')).text, no)?.cells[4]).toBe('注册合格');
    const regs = (await applicant.get('/me/registrations')).text;
    expect(regs).toContain('台山市台城第二初级中学');
    expect(regs).toContain('2026-11-23');
    const history = (await applicant.get(`/applications/${no}`)).text;
    for (const step of ['材料不全', '退回修改', '材料齐全', '注册合格']) expect(history).toContain(step);
    // Every change reached the applicant's phone.
    const [{ mobile }] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
    const sms = (await ctx.container.repos.outbox.allTo(mobile)).filter((m) => m.channel === 'sms');
    expect(sms.filter((m) => m.body.includes(no)).map((m) => /“(.+?)”/.exec(m.body)?.[1])).toEqual(['确认未通过', '网报待确认', '待注册审批', '注册合格']);
  });
});
