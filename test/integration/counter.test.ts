import { staffBrowser as signInStaff } from '../helpers/staff';
import { makeTestApp, TestContext, Browser, csrfFrom, DEMO, escaped, loginAs } from '../helpers/app';
import { applicationRow, editFields, hiddenFields, listRow, postEditDetails, staffOf, staffStatus, submittedApplication } from '../helpers/applications';
import { agreeToPromise, completeDraft, demoPlace, newApplicant } from '../helpers/applicants';
import { DEMO_STAFF_PASSWORD } from '../../seeds';
import { maskIdNumber } from '../../src/domain/personalInfo';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const staffBrowser = (username: string) => signInStaff(ctx, username);

/** An applicant like 李明 (number n) with a submitted application at the given point (the demo's first by default). */
async function submitted(n: number, place?: { bureauId: number; pointId: number }) {
  const who = await newApplicant(ctx, n);
  await completeDraft(ctx, who.account, who.certificateId, place ?? null);
  const outcome = await agreeToPromise(ctx, who.account);
  if (outcome.kind !== 'redirect') throw new Error(`submit ${n}: ${JSON.stringify(outcome)}`);
  const row = await ctx.db('applications').where({ account_id: who.account.id }).first();
  return { ...who, row };
}

const find = (b: Browser, no: string) => b.get(`/staff/counter/find?no=${encodeURIComponent(no)}`);

describe('the scanner at the counter (no JavaScript)', () => {
  test('the start page has a focused 报名号 field; the scanned number opens its page by a 303', async () => {
    const { no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const home = await clerk.get('/staff');
    expect(home.text).toContain('href="/staff/counter"');
    const page = await clerk.get('/staff/counter');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<label for="field-no">报名号<\/label>/);
    expect(page.text).toMatch(/<input id="field-no" name="no"[^>]*\bautofocus\b/);
    expect(page.text).toContain('action="/staff/counter/find"');
    const found = await find(clerk, no);
    expect(found.status).toBe(303);
    expect(found.headers.location).toBe(`/staff/applications/${no}`);
    expect((await clerk.get(found.headers.location)).text).toContain(`报名信息 ${no}`);
    // A scanner in full-width mode, spaces around, a full-width space inside.
    const wide = no.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    for (const typed of [` ${no} `, wide, `${no.slice(0, 4)}\u3000${no.slice(4)}`]) {
      const res = await find(clerk, typed);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/staff/applications/${no}`);
    }
  });

  test('not found, another point\'s number, garbage: a message by the field with what was typed, never a 500', async () => {
    await submittedApplication(ctx);
    const place = await demoPlace(ctx);
    const second = await ctx.db('confirmation_points').where({ bureau_id: place.bureauId }).orderBy('id').offset(1).first('id');
    const elsewhere = await submitted(1, { bureauId: place.bureauId, pointId: second.id });
    const clerk = await staffBrowser('operator');

    const missing = await find(clerk, '26999999');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('未找到报名号为26999999的报名信息（或不属于本确认点）');
    expect(missing.text).toMatch(/<input id="field-no" name="no" type="text" value="26999999"/);
    expect(missing.text).toContain('href="#field-no"');

    const other = await find(clerk, elsewhere.row.application_no);
    expect(other.status).toBe(404);
    expect(other.text).toContain(`未找到报名号为${elsewhere.row.application_no}的报名信息（或不属于本确认点）`);
    expect((await clerk.get(`/staff/applications/${elsewhere.row.application_no}`)).status).toBe(404);

    for (const typed of ['<script>alert(1)</script>', "26000001' or '1'='1", '2600000', 'x'.repeat(5000), '２６']) {
      const res = await find(clerk, typed);
      expect(res.status).toBe(422);
      expect(res.text).toContain('报名号为8位数字');
      expect(res.text).toContain(`value="${escaped([...typed].slice(0, 40).join(''))}`);
      expect(res.text).not.toContain('<script>alert(1)');
    }
    const empty = await find(clerk, '   ');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('请输入或扫描报名号');
    for (const query of ['no[]=1&no[]=2', 'no[a]=b', 'no=%E0%A4%A', 'page=-1&status=<x>', 'status[]=网报待确认&page[]=2']) {
      const res = await clerk.get(`/staff/counter${query.startsWith('no') ? '/find' : ''}?${query}`);
      expect(res.status).toBeLessThan(500);
    }
  });

  test('only the operator: a reviewer is refused, an anonymous visitor is sent to the staff login, an applicant too', async () => {
    const reviewer = await staffBrowser('reviewer');
    expect((await reviewer.get('/staff/counter')).status).toBe(403);
    expect((await reviewer.get('/staff/counter/find?no=26000001')).status).toBe(403);
    const anonymous = await new Browser(ctx.app).get('/staff/counter');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/staff\/login/);
    const { b: applicant } = await submittedApplication(ctx);
    expect((await applicant.get('/staff/counter')).status).toBe(303);
  });
});

describe('the point\'s list', () => {
  test('25+ applications: counts by status, filters, 20 a page, 上一页 / 下一页; other points\' applications never listed', async () => {
    const place = await demoPlace(ctx);
    const made = [];
    for (let n = 1; n <= 25; n += 1) made.push(await submitted(n));
    const second = await ctx.db('confirmation_points').where({ bureau_id: place.bureauId }).orderBy('id').offset(1).first('id');
    const elsewhere = await submitted(40, { bureauId: place.bureauId, pointId: second.id });
    for (const m of made.slice(0, 3)) await staffStatus(ctx, m.row.id, '待注册审批');
    for (const m of made.slice(3, 5)) await staffStatus(ctx, m.row.id, '确认未通过');
    const clerk = await staffBrowser('operator');

    const first = await clerk.get('/staff/counter');
    expect(first.text).toContain('全部（25）');
    expect(first.text).toContain('网报待确认（20）');
    expect(first.text).toContain('待注册审批（3）');
    expect(first.text).toContain('确认未通过（2）');
    expect(first.text).toContain('注册合格（0）');
    expect(first.text).not.toContain(elsewhere.row.application_no);
    const rowsOf = (html: string) => [...html.matchAll(/<tr><td><a href="\/staff\/applications\/(\d{8})">/g)].map((m) => m[1]);
    expect(rowsOf(first.text)).toHaveLength(20);
    expect(rowsOf(first.text)[0]).toBe(made[24].row.application_no); // newest first
    expect(first.text).toContain('第 1 页，共 2 页（25 条）');
    expect(first.text).toContain('<a href="/staff/counter?page=2" rel="next">下一页</a>');
    expect(first.text).not.toContain('rel="prev"');
    // Masked on screen: never the full number.
    expect(first.text).toContain(maskIdNumber(made[24].idNumber));
    expect(first.text).not.toContain(made[24].idNumber);
    expect(first.text).toContain('定期注册');

    const next = await clerk.get('/staff/counter?page=2');
    expect(rowsOf(next.text)).toHaveLength(5);
    expect(next.text).toContain('第 2 页，共 2 页（25 条）');
    expect(next.text).toContain('<a href="/staff/counter" rel="prev">上一页</a>');
    expect([...rowsOf(first.text), ...rowsOf(next.text)].sort()).toEqual(made.map((m) => m.row.application_no).sort());
    expect((await clerk.get('/staff/counter?page=99')).text).toContain('第 2 页，共 2 页');
    expect((await clerk.get('/staff/counter?page=abc')).text).toContain('第 1 页，共 2 页');

    const confirmed = await clerk.get(`/staff/counter?status=${encodeURIComponent('待注册审批')}`);
    expect(rowsOf(confirmed.text).sort()).toEqual(made.slice(0, 3).map((m) => m.row.application_no).sort());
    expect(confirmed.text).toMatch(/class="current" aria-current="page">待注册审批（3）/);
    expect(confirmed.text).toContain('第 1 页，共 1 页（3 条）');
    const none = await clerk.get(`/staff/counter?status=${encodeURIComponent('注册合格')}`);
    expect(none.text).toContain('没有符合条件的报名信息');
    // An unknown status is no filter.
    expect((await clerk.get('/staff/counter?status=drop')).text).toContain('第 1 页，共 2 页（25 条）');
  }, 60_000); // 26 submissions through the journey (photo processing) take a while on PostgreSQL and busy cores

  test('find by 证件号码 (exact) or 姓名 (part), the results in the list with the counts of the search', async () => {
    const a = await submitted(1);
    const b = await submitted(2);
    const clerk = await staffBrowser('operator');
    const rowsOf = (html: string) => [...html.matchAll(/<tr><td><a href="\/staff\/applications\/(\d{8})">/g)].map((m) => m[1]);

    const byId = await clerk.get(`/staff/counter?idNumber=${a.idNumber}`);
    expect(rowsOf(byId.text)).toEqual([a.row.application_no]);
    expect(byId.text).toContain('全部（1）');
    expect(byId.text).toContain(`value="${a.idNumber}"`); // what the clerk typed stays in the field
    // Full-width, spaces: the same number. A part of it is not.
    const wide = a.idNumber.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(rowsOf((await clerk.get(`/staff/counter?idNumber=${encodeURIComponent(` ${wide} `)}`)).text)).toEqual([a.row.application_no]);
    expect(rowsOf((await clerk.get(`/staff/counter?idNumber=${a.idNumber.slice(0, 10)}`)).text)).toEqual([]);

    const byName = await clerk.get(`/staff/counter?name=${encodeURIComponent(b.account.name.slice(-1))}`);
    expect(rowsOf(byName.text)).toEqual([b.row.application_no]);
    expect(rowsOf((await clerk.get(`/staff/counter?name=${encodeURIComponent('测试')}`)).text).sort()).toEqual([a.row.application_no, b.row.application_no].sort());
    for (const odd of ['%', '_', "' or 1=1 --", '<b>']) {
      const res = await clerk.get(`/staff/counter?name=${encodeURIComponent(odd)}`);
      expect(res.status).toBe(200);
      expect(rowsOf(res.text)).toEqual([]);
    }
  });
});

describe('on-site confirmation against the checklist', () => {
  async function pageOf(clerk: Browser, no: string) {
    const page = await clerk.get(`/staff/applications/${no}`);
    return { page, token: csrfFrom(page.text) };
  }
  const post = (clerk: Browser, no: string, fields: Record<string, unknown>) => clerk.agent.post(`/staff/applications/${no}/transition`).type('form').send(fields);

  test('the form shows the default checklist and only the allowed buttons; ticked items are exactly what the applicant sees', async () => {
    const { b: applicant, no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const { page, token } = await pageOf(clerk, no);
    for (const item of ['申请表一式两份', '教师资格证书原件', '身份证件', '师德考核证明', '年度考核证明', '培训学时证明']) {
      expect(page.text).toMatch(new RegExp(`<input type="checkbox" name="missing" value="${item}"[^>]*> ${item}</label>`));
    }
    expect(page.text).toContain('value="confirmComplete">材料齐全');
    expect(page.text).toContain('value="confirmIncomplete" class="secondary">材料不全');
    expect(page.text).not.toContain('value="returnForCorrection"'); // not from 网报待确认
    expect(page.text).toContain('<label for="field-missingOther">其他缺少的材料</label>');

    const done = await post(clerk, no, { _csrf: token, version: '1', action: 'confirmIncomplete', missing: ['师德考核证明', '培训学时证明'], missingOther: '学历证书复印件' });
    expect(done.status).toBe(303);
    expect(listRow((await applicant.get('/applications')).text, no)?.materials).toBe('材料不全，缺少：师德考核证明、培训学时证明、学历证书复印件');
    // 确认未通过: confirm again when the rest is brought, or 退回修改.
    const after = await clerk.get(`/staff/applications/${no}`);
    expect(after.text).toContain('value="confirmComplete"');
    expect(after.text).toContain('value="returnForCorrection"');
  });

  test('a refused form keeps the ticks and the typed text (材料齐全 with ticks; 材料不全 with none)', async () => {
    const { no } = await submittedApplication(ctx);
    const clerk = await staffBrowser('operator');
    const { token } = await pageOf(clerk, no);
    const contradiction = await post(clerk, no, { _csrf: token, version: '1', action: 'confirmComplete', missing: ['身份证件'], missingOther: '<其他>' });
    expect(contradiction.status).toBe(422);
    expect(contradiction.text).toContain('已勾选缺少的材料');
    expect(contradiction.text).toMatch(/value="身份证件" id="missing-\d+" checked>/);
    expect(contradiction.text).not.toMatch(/value="师德考核证明" id="missing-\d+" checked>/);
    expect(contradiction.text).toContain('value="&lt;其他&gt;"');
    expect(contradiction.text).toContain('href="#field-missingMaterials"');
    const nothing = await post(clerk, no, { _csrf: token, version: '1', action: 'confirmIncomplete', missingOther: '  ' });
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('请填写缺少的材料');
    expect((await applicationRow(ctx, no)).status).toBe('网报待确认');
  });

  test('退回修改 needs a reason; with one, the applicant sees it (escaped) and may edit after the online window until the confirmation end', async () => {
    const { b: first, no, row, ids } = await submittedApplication(ctx);
    let applicant = first;
    let clerk = await staffBrowser('operator');
    let { token } = await pageOf(clerk, no);
    expect((await post(clerk, no, { _csrf: token, version: '1', action: 'confirmIncomplete', missing: '年度考核证明', missingOther: '<b>原件</b>' })).status).toBe(303);
    const html = (await applicant.get('/applications')).text;
    expect(html).toContain(escaped('<b>原件</b>'));
    expect(html).not.toContain('<b>原件</b>');

    ({ token } = await pageOf(clerk, no));
    const noReason = await post(clerk, no, { _csrf: token, version: '2', action: 'returnForCorrection', reason: '   ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('请填写退回原因');
    expect(noReason.text).toContain('href="#field-reason"');

    // After the online window, before the confirmation end: not editable yet (not returned).
    const plan = await ctx.db('plans').where({ id: row.plan_id }).first();
    const point = await ctx.db('confirmation_points').where({ id: row.point_id }).first();
    const confirmEnd: string = point.confirm_end ?? plan.confirm_end;
    ctx.clock.set(new Date(Date.parse(plan.online_end) + 3600_000));
    expect(Date.parse(confirmEnd)).toBeGreaterThan(ctx.clock.now().getTime());
    // Days later: both sign in again (sessions end after 30 idle minutes).
    applicant = await loginAs(ctx, DEMO.liMing);
    clerk = await staffBrowser('operator');
    expect((await applicant.get(`/applications/${no}/edit/details`)).status).toBe(303);
    ({ token } = await pageOf(clerk, no));

    const reason = '请把<script>alert(1)</script>毕业学校改为实际的学校';
    const returned = await post(clerk, no, { _csrf: token, version: '2', action: 'returnForCorrection', reason });
    expect(returned.status).toBe(303);
    expect((await applicationRow(ctx, no)).status).toBe('网报待确认');
    const list = (await applicant.get('/applications')).text;
    const line = listRow(list, no);
    expect(line?.cells[4]).toBe('网报待确认');
    expect(line?.materials).toContain(escaped(reason));
    expect(list).not.toContain('<script>alert(1)');
    // The edit link is offered (注册信息 only), the form opens and saves.
    expect(line?.ops).toContain(`/applications/${no}/edit/details`);
    expect((await applicant.get(`/applications/${no}/edit/bureau`)).status).toBe(303);
    const edit = await applicant.get(`/applications/${no}/edit/details`);
    expect(edit.status).toBe(200);
    const saved = await postEditDetails(applicant, `/applications/${no}/edit/details`, { ...editFields(ids, { schoolName: '台山市新宁中学' }), ...hiddenFields(edit.text) });
    expect(saved.status).toBe(303);
    expect((await applicationRow(ctx, no)).school_name).toBe('台山市新宁中学');
    // Still returned (an edit keeps the status): a second correction is allowed too.
    expect((await applicant.get(`/applications/${no}/edit/details`)).status).toBe(200);
    const show = await applicant.get(`/applications/${no}`);
    expect(show.text).toContain('修改注册信息');
    expect(show.text).not.toContain('修改注册机构和确认点');

    // After the confirmation end: no longer.
    ctx.clock.set(new Date(Date.parse(confirmEnd) + 60_000));
    applicant = await loginAs(ctx, DEMO.liMing);
    const late = await applicant.get(`/applications/${no}/edit/details`);
    expect(late.status).toBe(303);
    expect(listRow((await applicant.get('/applications')).text, no)?.ops).not.toContain('/edit/details');
  });

  test('an application never returned is editable after the online window too, until the confirmation end (the rule is general: 001 §5, 003)', async () => {
    const { no, row } = await submittedApplication(ctx);
    const plan = await ctx.db('plans').where({ id: row.plan_id }).first();
    const point = await ctx.db('confirmation_points').where({ id: row.point_id }).first();
    ctx.clock.set(new Date(Date.parse(plan.online_end) + 3600_000));
    const applicant = await loginAs(ctx, DEMO.liMing);
    expect((await applicant.get(`/applications/${no}`)).text).toContain('修改注册信息');
    expect((await applicant.get(`/applications/${no}/edit/details`)).status).toBe(200);
    ctx.clock.set(new Date(Date.parse(point.confirm_end ?? plan.confirm_end) + 60_000));
    const later = await loginAs(ctx, DEMO.liMing);
    expect((await later.get(`/applications/${no}`)).text).not.toContain('修改注册信息');
    expect((await later.get(`/applications/${no}/edit/details`)).status).toBe(303);
  });

  test('two clerks on one application: the second gets 已被他人处理, one transition only', async () => {
    const { no, row } = await submittedApplication(ctx);
    const operator = await staffOf(ctx, row, 'operator');
    await ctx.container.services.staff.resetPassword(`operator-${row.bureau_id}-${row.point_id}`, DEMO_STAFF_PASSWORD);
    expect(operator.pointId).toBe(row.point_id);
    const first = await staffBrowser('operator');
    const second = await staffBrowser(`operator-${row.bureau_id}-${row.point_id}`);
    const a = await pageOf(first, no);
    const b = await pageOf(second, no);
    const [one, two] = await Promise.all([
      post(first, no, { _csrf: a.token, version: '1', action: 'confirmComplete' }),
      post(second, no, { _csrf: b.token, version: '1', action: 'confirmIncomplete', missing: '身份证件' }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.text).toContain('已被他人处理');
    const events = await ctx.db('application_events').where({ application_id: row.id }).orderBy('id');
    expect(events.map((e) => e.action)).toHaveLength(2);
  });
});
