import { makeTestApp, TestContext, Browser, DEMO, loginAs, byIdNumber } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { BUREAU, DETAILS, cameraPhoto, demoIds, postDetails } from '../helpers/wizard';
import { newApplicant, completeDraft } from '../helpers/applicants';
import type { Answers } from '../../src/journeys/registration/types';

/** 代码维护 and 毕业学校维护 by the bureau admin, and what the applicant's step 2 and step 3 then offer. */
let ctx: TestContext;
let admin: Browser;
beforeAll(async () => {
  ctx = await makeTestApp();
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => ctx?.close());

const escaped = (s: string) => s.replace(/"/g, '&#34;');
const item = (list: string, code: string) => ctx.db('code_items').where({ list_name: list, code }).first();
const auditRows = (action: string) => ctx.db('audit_log').where({ action }).orderBy('id');
const selectOf = (html: string, name: string) => new RegExp(`<select id="field-${name}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
const edit = (list: string, fields: Record<string, string>) => admin.post(`/staff/codes/${list}`, fields, `/staff/codes/${list}`);

/** A fresh applicant at step 3 (steps 1–2 done through the pages). */
async function applicantAtStep3(): Promise<{ b: Browser; ids: Awaited<ReturnType<typeof demoIds>> }> {
  const b = await loginAs(ctx, DEMO.liMing);
  const ids = await demoIds(ctx);
  await b.submit('/apply/step/1', { agree: '1' });
  const s2 = await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  expect(s2.status).toBe(303);
  return { b, ids };
}

test('the 工作台 links 代码维护; the page lists the county\'s lists and the schools', async () => {
  expect((await admin.get('/staff')).text).toContain('href="/staff/codes">代码维护</a>');
  const page = await admin.get('/staff/codes');
  expect(page.status).toBe(200);
  for (const label of ['岗位性质', '教师职务', '任教学校性质', '所学专业', '毕业学校']) expect(page.text).toContain(label);
  expect((await admin.get('/staff/codes/ethnicity')).status).toBe(404); // not a list a county edits
});

test('岗位性质 and 教师职务 are 003\'s by default, and step 3 offers them (职务 grouped by series)', async () => {
  const page = await admin.get('/staff/codes/postType');
  for (const name of ['在编在岗', '事业单位岗位聘用', '在岗（民办学校）']) expect(page.text).toContain(`value="${name}"`);
  const { b } = await applicantAtStep3();
  const step3 = (await b.get('/apply/step/3')).text;
  const postType = selectOf(step3, 'postType');
  expect([...postType.matchAll(/<option value="(\w*)"/g)].map((m) => m[1])).toEqual(['', '11', '12', '13']);
  const title = selectOf(step3, 'teacherTitle');
  expect(title).toContain('<optgroup label="中学系列">');
  expect(title).toContain('<optgroup label="小学系列">');
  expect(title).toMatch(/<option value="00">无<\/option>/);
  expect(title).not.toMatch(/<option value="M">/); // a series is a heading, not a choice
  // 所学专业: the 上一级大类 is offered inside its group, and accepted (003 §五(三)7).
  const major = selectOf(step3, 'major');
  expect(major).toContain('<option value="04">教育学（上一级大类）</option>');
  const ids = await demoIds(ctx);
  const res = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, major: '04' }, await cameraPhoto());
  expect(res.status).toBe(303);
  const draft = await ctx.container.services.drafts.find<Answers>((await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id')).id, 'registration');
  expect(draft.answers.details?.major).toBe('04');
});

test('学科 options carry their certificate codes (C04 数学) in step 2 and in 添加教师资格证书信息', async () => {
  const { b, ids } = await applicantAtStep3();
  const step2 = await b.get(`/apply/step/2?provinceCode=440000&cityCode=440700&stage=3&bureauId=${ids.bureauId}`);
  expect(step2.text).toContain('>C04 数学</option>');
  expect(step2.text).toContain('>C18 其他(注明具体学科)</option>');
  const entry = await b.get('/apply/certificates/new/form');
  expect(entry.status).toBe(200);
  expect(entry.text).toContain('>C03 语文</option>');
  expect(entry.text).toContain('<option value="NONE">无</option>');
});

test('现任教学科 其他(注明具体学科) gets its 具体学科 box: required, kept, and read in the summary', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const ids = await demoIds(ctx);
  await b.submit('/apply/step/1', { agree: '1' });
  const missing = await b.submit('/apply/step/2', { ...BUREAU, subject: 'C18', bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  expect(missing.status).toBe(422);
  expect(missing.text).toContain('请注明具体学科');
  expect(missing.text).toContain('<label for="field-subjectOther">');
  const ok = await b.submit('/apply/step/2', { ...BUREAU, subject: 'C18', subjectOther: '书法', bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  expect(ok.status).toBe(303);
  expect((await b.get('/apply/step/2')).text).toMatch(/id="field-subjectOther"[^>]*value="书法"/);
  expect((await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto())).status).toBe(303);
  expect((await b.get('/apply/step/4')).text).toContain('其他（书法）');
  // Back to an ordinary subject for the tests after this one.
  expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
});

test('新增: bad input is a 422 with the messages by the fields and the values kept; a good one is offered at once and audited', async () => {
  const empty = await edit('postType', { action: 'add', code: '', name: '' });
  expect(empty.status).toBe(422);
  expect(empty.text).toContain('请填写代码');
  expect(empty.text).toContain('请填写名称');
  const taken = await edit('postType', { action: 'add', code: '11', name: '代课' });
  expect(taken.status).toBe(422);
  expect(taken.text).toContain('代码 11 已存在');
  expect(taken.text).toMatch(/id="field-name"[^>]*value="代课"|value="代课"/);
  const wide = await edit('postType', { action: 'add', code: 'ABCDE', name: '代课' });
  expect(wide.text).toContain('代码只能由字母和数字组成，不超过4位');
  const sameName = await edit('postType', { action: 'add', code: '14', name: '在编在岗' });
  expect(sameName.text).toContain(escaped('同一级已有名称为“在编在岗”的项目'));
  expect(await item('postType', '14')).toBeUndefined();

  const ok = await edit('postType', { action: 'add', code: '14', name: '代课' });
  expect(ok.status).toBe(303);
  const shown = await admin.get('/staff/codes/postType');
  expect(shown.text).toContain('岗位性质：14 代课 已新增');
  expect(await auditRows('code.add')).toEqual([expect.objectContaining({ target: 'code:postType:14', actor_type: 'staff' })]);
  // The cache of this process was dropped: the very next step-3 page offers it.
  const { b } = await applicantAtStep3();
  expect((await b.get('/apply/step/3')).text).toContain('<option value="14">代课</option>');
});

test('修改名称, 上移/下移, 停用/启用: each audited; a deactivated item is not offered, old choices still read their names', async () => {
  const blank = await edit('postType', { action: 'rename', code: '14', name: '' });
  expect(blank.status).toBe(422);
  expect(blank.text).toContain('id="error-name-14"');
  const renamed = await edit('postType', { action: 'rename', code: '14', name: '临时代课' });
  expect(renamed.status).toBe(303);
  expect((await item('postType', '14')).name).toBe('临时代课');

  await edit('postType', { action: 'up', code: '14' });
  const order = async () => (await ctx.db('code_items').where({ list_name: 'postType', active: true }).orderBy('sort')).map((r) => r.code);
  expect(await order()).toEqual(['11', '12', '14', '13']);
  await edit('postType', { action: 'down', code: '11' });
  expect(await order()).toEqual(['12', '11', '14', '13']);
  const first = await edit('postType', { action: 'up', code: '12' });
  expect(first.status).toBe(303); // already first: said, nothing changes

  // A draft that chose 在编在岗 keeps reading it after it is deactivated; step 3 no longer offers it.
  const { b, ids } = await applicantAtStep3();
  expect((await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto())).status).toBe(303);
  expect((await edit('postType', { action: 'deactivate', code: '11' })).status).toBe(303);
  expect((await item('postType', '11')).active).toBeFalsy();
  const review = await b.get('/apply/step/4');
  expect(review.text).toContain('在编在岗');
  expect(selectOf((await b.get('/apply/step/3')).text, 'postType')).not.toContain('<option value="11"');
  const refused = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, null);
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('请选择岗位性质');
  expect((await admin.get('/staff/codes/postType')).text).toContain('已停用');
  expect((await edit('postType', { action: 'activate', code: '11' })).status).toBe(303);
  expect(selectOf((await b.get('/apply/step/3')).text, 'postType')).toContain('<option value="11"');
  expect((await auditRows('code.rename'))[0]).toMatchObject({ target: 'code:postType:14', detail: JSON.stringify({ from: '代课', to: '临时代课' }) });
  for (const action of ['code.up', 'code.down', 'code.deactivate', 'code.activate']) expect((await auditRows(action)).length).toBeGreaterThan(0);
});

test('a tree: a new 专业 goes under its 大类; a group that is deactivated takes its items out of step 3', async () => {
  const bad = await edit('major', { action: 'add', code: '0708', name: '统计学', parentCode: '0701' });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain('请选择上一级');
  expect((await edit('major', { action: 'add', code: '0708', name: '统计学', parentCode: '07' })).status).toBe(303);
  expect(await item('major', '0708')).toMatchObject({ parent_code: '07', name: '统计学' });
  const { b } = await applicantAtStep3();
  expect((await b.get('/apply/step/3')).text).toContain('<option value="0708">统计学</option>');
  await edit('teacherTitle', { action: 'deactivate', code: 'P' });
  const title = selectOf((await b.get('/apply/step/3')).text, 'teacherTitle');
  expect(title).toContain('中学系列');
  expect(title).not.toContain('小学系列');
  expect(title).not.toContain('<option value="P3"');
  await edit('teacherTitle', { action: 'activate', code: 'P' });
});

test('an unknown action or code is a message, never a 500; other roles get 403', async () => {
  expect((await edit('postType', { action: 'explode', code: '11' })).status).toBe(422);
  expect((await edit('postType', { action: 'rename', code: 'NOPE', name: 'x' })).status).toBe(409);
  const reviewer = await staffBrowser(ctx, 'reviewer');
  expect((await reviewer.get('/staff/codes')).status).toBe(403);
  const sysadmin = await staffBrowser(ctx, 'sysadmin');
  expect((await sysadmin.get('/staff/codes/teacherTitle')).status).toBe(200);
});

describe('毕业学校', () => {
  test('list and search; rename moves the name in applications and drafts; a taken name is refused', async () => {
    const list = await admin.get('/staff/schools?q=%E5%B8%88%E8%8C%83'); // 师范
    expect(list.status).toBe(200);
    expect(list.text).toContain('华南师范大学');
    expect(list.text).not.toContain('五邑大学');
    const school = await ctx.db('schools').where({ name: '五邑大学' }).first();
    const taken = await admin.post(`/staff/schools/${school.id}/rename`, { name: '华南师范大学' }, '/staff/schools');
    expect(taken.status).toBe(422);
    expect(taken.text).toContain(escaped('已有名为“华南师范大学”的学校'));
    expect(taken.text).toContain(`id="error-name-${school.id}"`);
    const applicant = await newApplicant(ctx, 7);
    await completeDraft(ctx, applicant.account, applicant.certificateId);
    const draft = await ctx.container.services.drafts.find<Answers>(applicant.account.id, 'registration');
    await ctx.container.services.drafts.save(applicant.account.id, 'registration', { answers: { ...draft.answers, details: { ...draft.answers.details!, graduationSchool: '五邑大学' } } });
    const ok = await admin.post(`/staff/schools/${school.id}/rename`, { name: '五邑大学（江门）' }, '/staff/schools');
    expect(ok.status).toBe(303);
    const moved = await ctx.container.services.drafts.find<Answers>(applicant.account.id, 'registration');
    expect(moved.answers.details?.graduationSchool).toBe('五邑大学（江门）');
    expect((await auditRows('school.rename'))[0]).toMatchObject({ target: `school:${school.id}` });
  });

  test('a teacher-added school merges into an existing one: every reference moves in one transaction, audited', async () => {
    // 李明 adds 华南师大 with 新增学校 and submits with it.
    const { b, ids } = await applicantAtStep3();
    const added = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, graduationSchool: '', newSchoolName: '华南师大', newSchoolType: '1', action: 'add-school' }, null);
    expect(added.text).toContain('已新增学校：华南师大');
    expect((await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, graduationSchool: '华南师大' }, await cameraPhoto())).status).toBe(303);
    await b.submit('/apply/step/4', {});
    await b.submit('/apply/step/5', {});
    const done = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(done.status).toBe(303);
    const no = String(done.headers.location).split('/').pop();
    const before = await ctx.db('applications').where({ application_no: no }).first();
    expect(before.graduation_school).toBe('华南师大');

    const source = await ctx.db('schools').where({ name: '华南师大' }).first();
    const target = await ctx.db('schools').where({ name: '华南师范大学' }).first();
    const list = await admin.get('/staff/schools?added=1');
    expect(list.text).toContain(`href="/staff/schools/${source.id}/merge"`);
    const page = await admin.get(`/staff/schools/${source.id}/merge?q=%E5%8D%8E%E5%8D%97`); // 华南
    expect(page.text).toContain(`value="${target.id}"`);
    const none = await admin.post(`/staff/schools/${source.id}/merge`, { q: '华南' }, `/staff/schools/${source.id}/merge?q=%E5%8D%8E%E5%8D%97`);
    expect(none.status).toBe(422);
    expect(none.text).toContain('请选择要合并到的学校');
    expect(none.text).toContain(`value="${target.id}"`); // the search is kept
    const seeded = await admin.post(`/staff/schools/${target.id}/merge`, { targetId: String(source.id) }, `/staff/schools/${target.id}/merge`);
    expect(seeded.status).toBe(409);
    expect(seeded.text).toContain('只能合并教师新增的学校');

    const merged = await admin.post(`/staff/schools/${source.id}/merge`, { targetId: String(target.id) }, `/staff/schools/${source.id}/merge`);
    expect(merged.status).toBe(303);
    expect(await ctx.db('schools').where({ id: source.id }).first()).toBeUndefined();
    const after = await ctx.db('applications').where({ application_no: no }).first();
    expect(after.graduation_school).toBe('华南师范大学');
    expect(after.version).toBe(before.version + 1);
    const data = JSON.parse(after.data);
    expect(data.answers.details.graduationSchool).toBe('华南师范大学');
    expect(JSON.stringify(data.summary)).not.toContain('华南师大');
    const [row] = await auditRows('school.merge');
    expect(row).toMatchObject({ target: `school:${source.id}`, actor_type: 'staff' });
    expect(JSON.parse(row.detail)).toMatchObject({ from: '华南师大', to: '华南师范大学', applications: 1, nos: [no] });
    // The applicant's 查看报名信息 reads the merged name; the school is known again for 修改报名信息.
    expect((await b.get(`/applications/${no}`)).text).toContain('华南师范大学');
  });
});
