import { makeTestApp, TestContext, Browser, loginAs, DEMO, escaped } from '../helpers/app';
import { staffBrowser, otherStaff, staffPost } from '../helpers/staff';
import { submittedApplication } from '../helpers/applications';
import { BUREAU } from '../helpers/wizard';
import { WINDOW_MESSAGES } from '../../src/domain/planWindow';
import { DEFAULT_NOTES } from '../../src/domain/notices';
import { DEFAULT_CERTIFICATION_NOTES } from '../../src/domain/certification/bureauSettings';

/**
 * 机构管理员's pages over HTTP on the demo county (台山; TEST_NOW 2026-11-23, its plan open 2026-10-24 … 2027-01-22,
 * confirmation until 2027-02-06, every 学段), with one submitted application of 李明 (学段 3, the first point).
 */
let ctx: TestContext;
let admin: Browser;
let no: string;
let taishan: number;
let planId: number;
let pointIds: number[];
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  ({ no } = await submittedApplication(ctx));
  taishan = (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id;
  planId = (await ctx.db('plans').where({ bureau_id: taishan }).first('id')).id;
  pointIds = (await ctx.db('confirmation_points').where({ bureau_id: taishan }).orderBy('id').select('id')).map((r: { id: number }) => r.id);
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const auditRows = (action: string) => ctx.db('audit_log').where({ action }).orderBy('id');
const PROFILE = {
  contactPhone: '0750-5522000', contactAddress: '台山市台城环市北路', officeHours: '工作日 8:30-12:00',
  announcement: '<script>alert(1)</script>\n第二行 & 更多', notes: '（一）<b>请按时</b>确认\n（二）第二条', materialsChecklist: '申请表一式两份\n<i>学历证书</i>',
};

describe('机构信息', () => {
  test('a bad form: 422, the summary, each message by its field, everything typed kept', async () => {
    const res = await staffPost(admin, '/staff/bureau', { ...PROFILE, contactPhone: '', contactAddress: 'a\nb' }, '/staff/bureau');
    expect(res.status).toBe(422);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toMatch(/id="error-contactPhone">请填写联系电话</);
    expect(res.text).toMatch(/id="error-contactAddress">地址只能填写一行</);
    expect(res.text).toContain(escaped(PROFILE.announcement));
    expect(res.text).toContain(escaped(PROFILE.notes));
    expect((await ctx.db('bureaus').where({ id: taishan }).first()).contact_phone).toBe('0750-5522000');
  });

  test('saved as typed, audited before → after, shown escaped to applicants', async () => {
    const before = await ctx.db('bureaus').where({ id: taishan }).first();
    const res = await staffPost(admin, '/staff/bureau', PROFILE, '/staff/bureau');
    expect(res.status).toBe(303);
    const after = await ctx.db('bureaus').where({ id: taishan }).first();
    expect([after.announcement, after.notes, after.materials_checklist, after.office_hours]).toEqual([PROFILE.announcement, PROFILE.notes, PROFILE.materialsChecklist, PROFILE.officeHours]);
    const [row] = await auditRows('bureau.profile-updated');
    expect(row).toMatchObject({ actor_type: 'staff', target: `bureau:${taishan}` });
    expect(JSON.parse(row.detail)).toEqual({
      office_hours: ['', PROFILE.officeHours], announcement: [before.announcement, PROFILE.announcement],
      notes: ['', PROFILE.notes], materials_checklist: ['', PROFILE.materialsChecklist],
    });

    // The public 联系方式 page and the applicant's 查看注册事项 show the text, never as HTML.
    const contacts = await new Browser(ctx.app).get('/contacts');
    expect(contacts.status).toBe(200);
    expect(contacts.text).toContain(`id="bureau-${taishan}"`);
    expect(contacts.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\n第二行 &amp; 更多');
    expect(contacts.text).not.toContain('<script>alert(1)');
    expect(contacts.text).toContain('工作日 8:30-12:00');
    const applicant = await loginAs(ctx, DEMO.liMing);
    const notes = await applicant.get(`/applications/${no}/notes`);
    expect(notes.text).toContain('<p>（一）&lt;b&gt;请按时&lt;/b&gt;确认</p>');
    expect(notes.text).not.toContain(DEFAULT_NOTES[0]);
    expect(notes.text).toContain('&lt;script&gt;');
    expect(notes.text).not.toContain('<b>请按时');

    // The counter checks the bureau's own list.
    const operator = await staffBrowser(ctx, 'operator');
    const page = await operator.get(`/staff/applications/${no}`);
    expect(page.text).toContain('&lt;i&gt;学历证书&lt;/i&gt;');
    expect(page.text).not.toContain('师德考核证明');
  });

  test('emptied 注意事项 and checklist fall back to the defaults', async () => {
    expect((await staffPost(admin, '/staff/bureau', { ...PROFILE, notes: '', materialsChecklist: '' }, '/staff/bureau')).status).toBe(303);
    const applicant = await loginAs(ctx, DEMO.liMing);
    expect((await applicant.get(`/applications/${no}/notes`)).text).toContain(DEFAULT_NOTES[0]);
    expect((await (await staffBrowser(ctx, 'operator')).get(`/staff/applications/${no}`)).text).toContain('师德考核证明');
  });
});

describe('网报计划', () => {
  const plan = (over: Record<string, string | string[]> = {}) => ({
    business: 'registration', title: '2027年上半年', stages: ['2', '3'], onlineStart: '2027-03-01', onlineEnd: '2027-03-31', confirmStart: '2027-03-05', confirmEnd: '2027-04-15', ...over,
  });

  test('the list shows each plan with its application count', async () => {
    const res = await admin.get('/staff/plans');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/2026年度定期注册<\/a><\/td><td class="nowrap">定期注册<\/td><td>幼儿园、小学、初级中学、高级中学、中等职业学校<\/td><td>2026-10-24 至 2027-01-22<\/td><td>2026-10-29 至 2027-02-06<\/td><td>网报中<\/td><td class="nowrap">1<\/td>/);
  });

  test('bad plans: 422 with messages by field, values kept; nothing written', async () => {
    const count = Number((await ctx.db('plans').count({ n: '*' }))[0].n);
    const inverted = await staffPost(admin, '/staff/plans', plan({ onlineEnd: '2027-02-01', confirmEnd: '2027-02-20' }), '/staff/plans/new');
    expect(inverted.status).toBe(422);
    expect(inverted.text).toContain('class="error-summary"');
    expect(inverted.text).toMatch(/id="error-onlineEnd">网报结束日期不能早于网报开始日期</);
    expect(inverted.text).toContain('value="2027年上半年"');
    expect(inverted.text).toMatch(/value="3" checked/);
    const overlapping = await staffPost(admin, '/staff/plans', plan({ onlineStart: '2027-01-20', confirmStart: '2027-01-20' }), '/staff/plans/new');
    expect(overlapping.status).toBe(422);
    expect(overlapping.text).toContain(escaped('网报时间与网报计划“2026年度定期注册”（2026-10-24 至 2027-01-22）重叠，两者都包括学段：小学、初级中学。'));
    const empty = await staffPost(admin, '/staff/plans', {}, '/staff/plans/new');
    expect(empty.status).toBe(422);
    expect(empty.text).toMatch(/id="error-stages">请至少选择一个学段</);
    expect(empty.text).toMatch(/id="error-business">请选择业务类型</);
    expect(Number((await ctx.db('plans').count({ n: '*' }))[0].n)).toBe(count);
  });

  test('a good plan is created and audited; a plan for other 学段 may overlap', async () => {
    expect((await staffPost(admin, '/staff/plans', plan(), '/staff/plans/new')).status).toBe(303);
    const created = await ctx.db('plans').where({ bureau_id: taishan, title: '2027年上半年' }).first();
    expect(created).toMatchObject({ stages: '2,3', year: 2027, online_start: '2027-02-28T16:00:00.000Z', online_end: '2027-03-31T15:59:00.000Z' });
    const [row] = await auditRows('plan.created');
    expect(row.target).toBe(`plan:${created.id}`);
    expect(JSON.parse(row.detail).stages).toEqual(['', '2,3']);
    const kids = plan({ title: '2027年幼儿园', stages: ['1'] });
    expect((await staffPost(admin, '/staff/plans', kids, '/staff/plans/new')).status).toBe(303);
  });

  test('plans are per business: a 教师资格认定 plan may overlap the 定期注册 one, and the registration wizard never sees it', async () => {
    // The demo county's own 认定 plan (seeds) would overlap: this test makes its own.
    await ctx.db('plans').where({ bureau_id: taishan, business: 'certification' }).del();
    const spring = plan({ business: 'certification', title: '2026年认定', onlineStart: '2026-11-01', onlineEnd: '2026-12-31', confirmStart: '2026-11-05', confirmEnd: '2027-01-15' });
    expect((await staffPost(admin, '/staff/plans', spring, '/staff/plans/new')).status).toBe(303);
    const created = await ctx.db('plans').where({ bureau_id: taishan, title: '2026年认定' }).first();
    expect(created.business).toBe('certification');
    expect((await admin.get('/staff/plans')).text).toMatch(/2026年认定<\/a><\/td><td class="nowrap">教师资格认定<\/td>/);
    const unknown = await staffPost(admin, '/staff/plans', plan({ business: 'other', title: '未知业务' }), '/staff/plans/new');
    expect(unknown.status).toBe(422);
    expect(unknown.text).toMatch(/id="error-business">请从列表中选择业务类型</);
    const applicant = await loginAs(ctx, DEMO.huang);
    const window = await applicant.get(`/platform/window?provinceCode=440000&cityCode=440700&stage=3&subject=C04&bureauId=${taishan}`);
    expect(window.text).not.toContain('2026年认定');
    await ctx.db('plans').where({ id: created.id }).del();
  });

  test('editing a plan with applications: its 学段 stay, its end may move later; audited before → after', async () => {
    const url = `/staff/plans/${planId}`;
    const page = await admin.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('该计划已有 <strong>1</strong> 条报名信息');
    const current = { business: 'registration', title: '2026年度定期注册', stages: ['1', '2', '3', '4', '5'], onlineStart: '2026-10-24', onlineEnd: '2027-01-22', confirmStart: '2026-10-29', confirmEnd: '2027-02-06' };
    const removing = await staffPost(admin, url, { ...current, stages: ['1', '2', '4', '5'] }, url);
    expect(removing.status).toBe(422);
    expect(removing.text).toMatch(/id="error-stages">已有报名信息使用学段：初级中学，不能取消</);
    const closing = await staffPost(admin, url, { ...current, onlineEnd: '2026-11-01' }, url);
    expect(closing.status).toBe(422);
    expect(closing.text).toContain('网报结束日期只能延后，或提前到今天（2026-11-23）及以后');
    const extended = await staffPost(admin, url, { ...current, confirmEnd: '2027-02-10' }, url);
    expect(extended.status).toBe(303);
    expect((await ctx.db('plans').where({ id: planId }).first()).confirm_end).toBe('2027-02-10T15:59:00.000Z');
    const [row] = await auditRows('plan.updated');
    expect(JSON.parse(row.detail)).toEqual({ confirm_end: ['2027-02-06T15:59:00.000Z', '2027-02-10T15:59:00.000Z'] });
  });

  test('step 2 and the platform honour the 学段 a plan covers', async () => {
    const url = `/staff/plans/${planId}`;
    const fields = { business: 'registration', title: '2026年度定期注册', stages: ['2', '3'], onlineStart: '2026-10-24', onlineEnd: '2027-01-22', confirmStart: '2026-10-29', confirmEnd: '2027-02-10' };
    expect((await staffPost(admin, url, fields, url)).status).toBe(303);
    const applicant = await loginAs(ctx, DEMO.huang);
    const query = (stage: string) => `/platform/window?provinceCode=440000&cityCode=440700&stage=${stage}&subject=${stage === '4' ? 'B04' : 'C04'}&bureauId=${taishan}`;
    const covered = await applicant.get(query('3'));
    expect(covered.text).not.toContain(escaped(WINDOW_MESSAGES.stageNotCovered));
    expect(covered.text).toContain('台山市教育局人事股');
    const uncovered = await applicant.get(query('4'));
    expect(uncovered.text).toContain(escaped(WINDOW_MESSAGES.stageNotCovered));
    expect(uncovered.text).not.toContain('台山市第一中学确认点');
    const chosen = await ctx.container.services.places.chooseBureau({ ...BUREAU, stage: '4', subject: 'B04', bureauId: String(taishan), pointId: String(pointIds[0]), q: '' });
    expect(chosen.errors).toEqual({ bureauId: WINDOW_MESSAGES.stageNotCovered });
    const platform = await applicant.get('/platform');
    expect(platform.text).toMatch(/台山市教育局<\/a><\/td><td>小学、初级中学<\/td>/);
  });
});

describe('确认点', () => {
  test('the list shows operators and applications of each point', async () => {
    const res = await admin.get('/staff/points');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/台山市教育局人事股<\/a><\/td>[\s\S]*?<td class="nowrap">启用<\/td><td class="nowrap">1<\/td><td class="nowrap">1<\/td>/);
    const page = await admin.get(`/staff/points/${pointIds[0]}`);
    expect(page.text).toMatch(/确认点操作员 <strong>1<\/strong> 名，报名信息 <strong>1<\/strong> 条/);
  });

  test('bad points: 422 with messages, values kept; a good one is created and audited', async () => {
    const bad = await staffPost(admin, '/staff/points', point({ name: '台山市教育局人事股', confirmStart: '2026-10-01', confirmEnd: '2026-11-30' }), '/staff/points/new');
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="error-name">本机构已有同名的确认点</);
    expect(bad.text).toContain('确认点的确认时间须在网报计划“2026年度定期注册”的确认时间（2026-10-29 至 2027-02-10）之内');
    expect(bad.text).toContain('value="2026-10-01"');
    expect((await staffPost(admin, '/staff/points', point({ confirmStart: '2026-12-01', confirmEnd: '2026-12-20' }), '/staff/points/new')).status).toBe(303);
    const created = await ctx.db('confirmation_points').where({ name: '台山市斗山镇中心小学' }).first();
    expect(created).toMatchObject({ bureau_id: taishan, confirm_start: '2026-11-30T16:00:00.000Z', confirm_end: '2026-12-20T15:59:00.000Z' });
    expect((await auditRows('point.created'))[0].target).toBe(`point:${created.id}`);
  });

  test('an inactive point keeps its applications and staff view, but is no longer offered', async () => {
    const url = `/staff/points/${pointIds[0]}`;
    const res = await staffPost(admin, url, point({ name: '台山市教育局人事股', scope: '市直属学校', active: '0' }), url);
    expect(res.status).toBe(303);
    const [row] = await auditRows('point.updated');
    expect(JSON.parse(row.detail).active).toEqual(['true', 'false']);
    expect((await ctx.db('applications').where({ application_no: no }).first()).point_id).toBe(pointIds[0]);
    const cascade = await ctx.container.services.places.cascade({ ...BUREAU, bureauId: String(taishan), pointId: '', q: '' });
    expect(cascade.points.map((p) => p.id)).not.toContain(pointIds[0]);
    const chosen = await ctx.container.services.places.chooseBureau({ ...BUREAU, bureauId: String(taishan), pointId: String(pointIds[0]), q: '' });
    expect(chosen.errors).toEqual({ pointId: '请选择确认点' });
    expect((await (await staffBrowser(ctx, 'operator')).get(`/staff/applications/${no}`)).status).toBe(200);
    expect((await (await staffBrowser(ctx, 'reviewer')).get('/staff/review')).text).toContain('台山市教育局人事股');
    expect((await admin.get('/staff/points')).text).toContain('已停用');
  });

  test('a point serving only 教师资格认定 is not offered to 定期注册 applicants; the list names what each serves', async () => {
    const only = point({ name: '认定专用确认点', businesses: ['certification'] });
    expect((await staffPost(admin, '/staff/points', only, '/staff/points/new')).status).toBe(303);
    const created = await ctx.db('confirmation_points').where({ name: '认定专用确认点' }).first();
    expect(created.businesses).toBe('certification');
    expect((await admin.get('/staff/points')).text).toMatch(/认定专用确认点<\/a><\/td><td>教师资格认定<\/td>/);
    const cascade = await ctx.container.services.places.cascade({ ...BUREAU, bureauId: String(taishan), pointId: '', q: '' });
    expect(cascade.points.map((p) => p.id)).not.toContain(created.id);
    const none = await staffPost(admin, '/staff/points', point({ name: '无业务确认点', businesses: [] }), '/staff/points/new');
    expect(none.status).toBe(422);
    expect(none.text).toMatch(/id="error-businesses">请至少选择一项服务业务</);
  });
});

describe('教师资格认定设置', () => {
  const url = '/staff/bureau/certification';
  test('the page shows the defaults; a bad form keeps everything typed; a good one is saved and audited', async () => {
    const page = await admin.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('是否开通全程网办');
    expect(page.text).toContain(DEFAULT_CERTIFICATION_NOTES[0]);
    const bad = await staffPost(admin, url, { onlineProcessing: '1', onlineMaterials: '', certificationNotes: '<b>自定</b>第一条', certificationChecklist: '', formCopies: '1' }, url);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('class="error-summary"');
    expect(bad.text).toMatch(/id="error-onlineMaterials">开通全程网办时，请填写申请人须上传的材料（每行一项）</);
    expect(bad.text).toContain(escaped('<b>自定</b>第一条'));
    expect(bad.text).toMatch(/value="1" checked/);
    const good = await staffPost(admin, url, { onlineProcessing: '1', onlineMaterials: '身份证件\n学历证书', certificationNotes: '', certificationChecklist: '', formCopies: '1' }, url);
    expect(good.status).toBe(303);
    const row = await ctx.db('bureaus').where({ id: taishan }).first();
    expect([Boolean(row.online_processing), row.online_materials, Number(row.certification_form_copies)]).toEqual([true, '身份证件\n学历证书', 1]);
    const [audited] = await auditRows('bureau.certification-settings');
    expect(JSON.parse(audited.detail)).toEqual({ online_processing: ['false', 'true'], online_materials: ['', '身份证件\n学历证书'], certification_form_copies: ['2', '1'] });
  });

  test('operators and reviewers are refused', async () => {
    for (const username of ['operator', 'reviewer']) expect((await (await staffBrowser(ctx, username)).get(url)).status).toBe(403);
  });
});

describe('who may', () => {
  test('operators and reviewers are refused; the system admin manages the instance\'s bureau', async () => {
    for (const username of ['operator', 'reviewer']) {
      const b = await staffBrowser(ctx, username);
      for (const url of ['/staff/bureau', '/staff/plans', `/staff/plans/${planId}`, '/staff/points', `/staff/points/${pointIds[0]}`]) expect([url, (await b.get(url)).status]).toEqual([url, 403]);
    }
    const sys = await staffBrowser(ctx, 'sysadmin');
    expect((await sys.get('/staff/bureau')).text).toContain('台山市教育局');
    expect((await sys.get(`/staff/plans/${planId}`)).status).toBe(200);
    expect((await sys.get('/staff')).text).toContain('href="/staff/plans"');
  });

  test('another bureau\'s admin neither reads nor changes this bureau\'s plans and points', async () => {
    const kaiping = (await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id')).id;
    const other = await otherStaff(ctx, { bureau_id: kaiping, point_id: null }, 'bureau_admin');
    expect((await other.get('/staff/bureau')).text).toContain('开平市教育局');
    expect((await other.get('/staff/plans')).text).not.toContain('2026年度定期注册');
    expect((await other.get('/staff/points')).text).not.toContain('台山市第一中学确认点');
    const before = { plan: await ctx.db('plans').where({ id: planId }).first(), point: await ctx.db('confirmation_points').where({ id: pointIds[1] }).first() };
    expect((await other.get(`/staff/plans/${planId}`)).status).toBe(404);
    expect((await other.get(`/staff/points/${pointIds[1]}`)).status).toBe(404);
    const changePlan = await staffPost(other, `/staff/plans/${planId}`, { business: 'registration', title: 'x', stages: ['1'], onlineStart: '2026-10-24', onlineEnd: '2027-01-22', confirmStart: '2026-10-29', confirmEnd: '2027-02-10' }, '/staff/plans');
    expect(changePlan.status).toBe(404);
    const changePoint = await staffPost(other, `/staff/points/${pointIds[1]}`, point({ name: 'x' }), '/staff/points');
    expect(changePoint.status).toBe(404);
    expect({ plan: await ctx.db('plans').where({ id: planId }).first(), point: await ctx.db('confirmation_points').where({ id: pointIds[1] }).first() }).toEqual(before);
  });
});

/** A 确认点 form. */
function point(over: Record<string, string | string[]> = {}) {
  return { name: '台山市斗山镇中心小学', businesses: ['registration', 'certification'], scope: '斗山镇各中小学、幼儿园', address: '斗山镇', phone: '0750-5500000', confirmStart: '', confirmEnd: '', active: '1', ...over };
}
