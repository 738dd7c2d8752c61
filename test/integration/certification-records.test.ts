import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, DEMO, loginAs, csrfFrom, escaped, countRows } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { importRows, pageText } from '../helpers/imports';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';
import { RECORD_MESSAGES } from '../../src/domain/certificationRecords';
import { PUTONGHUA_MESSAGES } from '../../src/domain/putonghua';
import { M } from '../../src/messages';

/**
 * 教师资格认定's personal-centre modules (seed 002 §2.2) over HTTP without JavaScript: each page's good and bad input
 * (messages by the field, values kept), matching by 姓名 and 证件号码 against the bureau's imports, and only one's own rows.
 */
let ctx: TestContext;
let liMing: Browser;
const LI = DEMO.liMing.idNumber;
const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);

beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  const admin = await staffBrowser(ctx, 'bureauadmin');
  await importRows(ctx, admin, 'exams', [header('exams'),
    ['2024244012345678', '李明', '', LI, '2', 'C03', '2024-06-20', '2027-06-19'],
    ['2021244012340001', '李明', '', LI, '1', '', '2021-06-20', '2024-06-19'],
    ['2024244012349999', '李小明', '', LI, '2', 'C04', '2024-06-20', '2027-06-19']]);
  await importRows(ctx, admin, 'abilities', [header('abilities'), ['2025440012345', '李明', '', LI, '3', 'C04', '岭南师范学院', '2025-06-30', '2028-06-29']]);
  await importRows(ctx, admin, 'putonghua', [header('putonghua'),
    ['44071920000123', '李明', '', LI, '二级甲等', '88.5', '2022-11-12', '广东省语言文字工作委员会'],
    ['44071920000124', '李小明', '', LI, '一级乙等', '93', '2022-11-12', '']]);
  liMing = await loginAs(ctx, DEMO.liMing);
});
afterAll(async () => {
  await ctx?.container.services.importJobs.idle();
  await ctx?.container.close();
  await ctx?.close();
});

const post = (b: Browser, page: string, fields: Record<string, string>, to = page) => b.post(to, fields, page);

test('the personal centre links the seven modules of 002 §2.2; an account not yet complete and verified is sent on first (补充个人身份信息 comes first)', async () => {
  const page = pageText((await liMing.get('/me')).text);
  for (const tab of ['个人身份信息', '教师资格考试信息', '普通话证书信息', '学历学籍信息', '学位证书信息', '教师资格证书信息', '其他证书信息']) expect(page).toContain(tab);
  const chen = await loginAs(ctx, DEMO.chenFang);
  const res = await chen.get('/me/exams');
  expect([res.status, res.headers.location]).toEqual([303, '/me/complete']);
});

test('教师资格考试信息: the proofs of this 姓名 and 证件号码, with their validity; another name on the same number is not shown', async () => {
  const page = pageText((await liMing.get('/me/exams')).text);
  expect(page).toContain('2024244012345678 李明 小学教师资格 语文 2024-06-20 2027-06-19 有效');
  expect(page).toContain('2021244012340001 李明 幼儿园教师资格 幼儿园 2021-06-20 2024-06-19 已过有效期');
  expect(page).toContain('2025440012345 李明 初级中学教师资格 数学 岭南师范学院');
  expect(page).not.toContain('2024244012349999');
});

describe('普通话证书信息', () => {
  test('①核验: an unknown number, or data of another name, is not found; a bad number is refused; the number is kept', async () => {
    const bad = await post(liMing, '/me/putonghua/verify', { certNumber: '44071920000124' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(escaped(RECORD_MESSAGES.putonghuaNotFound));
    expect(bad.text).toContain('value="44071920000124"');
    const odd = await post(liMing, '/me/putonghua/verify', { certNumber: '证书#1' });
    expect(odd.status).toBe(422);
    expect(odd.text).toContain('证书编号只能由数字和字母组成');
    const empty = await post(liMing, '/me/putonghua/verify', { certNumber: '' });
    expect(empty.text).toContain('请填写证书编号');
  });
  test('①核验 finds the certificate of 李明: 已核验; a second time is refused', async () => {
    const ok = await post(liMing, '/me/putonghua/verify', { certNumber: '44071920000123' });
    expect([ok.status, ok.headers.location]).toEqual([303, '/me/putonghua']);
    expect(pageText((await liMing.get('/me/putonghua')).text)).toContain('44071920000123 二级甲等 88.5 2022-11-12 广东省语言文字工作委员会 已核验');
    const again = await post(liMing, '/me/putonghua/verify', { certNumber: '44071920000123' });
    expect(again.text).toContain(RECORD_MESSAGES.putonghuaTaken);
  });
  test('②录入: the score must be a number in its grade; what was typed stays; saved 未核验', async () => {
    const fields = { certNumber: '0012345', level: '二级乙等', score: '八十五', testedOn: '2005-05-20', issuer: '广东省普通话培训测试中心' };
    const bad = await post(liMing, '/me/putonghua/enter', fields);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(PUTONGHUA_MESSAGES.scoreNotNumber);
    expect(bad.text).toContain('value="八十五"');
    expect(bad.text).toContain('value="广东省普通话培训测试中心"');
    expect(bad.text).toMatch(/<option value="二级乙等" selected>/);
    const band = await post(liMing, '/me/putonghua/enter', { ...fields, score: '95' });
    expect(band.text).toContain(escaped('分数95与等级“二级乙等”不符'));
    const future = await post(liMing, '/me/putonghua/enter', { ...fields, score: '85', testedOn: '2030-01-01' });
    expect(future.text).toContain('测试时间不能晚于今天');
    const ok = await post(liMing, '/me/putonghua/enter', { ...fields, score: '85' });
    expect(ok.status).toBe(303);
    expect(pageText((await liMing.get('/me/putonghua')).text)).toContain('0012345 二级乙等 85 2005-05-20 广东省普通话培训测试中心 未核验');
  });
  test('删除 removes only the account’s own row', async () => {
    const huang = await loginAs(ctx, DEMO.huang);
    const row = await ctx.db('putonghua_certificates').where({ cert_number: '0012345' }).first();
    await huang.post(`/me/putonghua/${row.id}/delete`, {}, '/me/putonghua');
    expect(await ctx.db('putonghua_certificates').where({ id: row.id }).first()).toBeTruthy();
    const res = await liMing.post(`/me/putonghua/${row.id}/delete`, {}, '/me/putonghua');
    expect(res.status).toBe(303);
    expect(await ctx.db('putonghua_certificates').where({ id: row.id }).first()).toBeUndefined();
  });
});

describe('学历学籍信息 and 学位证书信息', () => {
  test('同步学籍 with nothing imported says what to do; 补充数据 checks its fields and keeps them', async () => {
    const sync = await liMing.post('/me/education/student-status/sync', {}, '/me/education');
    expect(sync.status).toBe(303);
    expect((await liMing.get('/me/education')).text).toContain(RECORD_MESSAGES.studentNotFound.slice(0, 20));
    const fields = { schoolName: '岭南师范学院', major: '汉语言文学', level: '本科', studyForm: '普通全日制', studentNumber: '', enrolledOn: '2023-09-01', expectedGraduation: '2023-06-30', status: '注册学籍' };
    const bad = await post(liMing, '/me/education/student-status/supplement', fields);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('预计毕业时间应晚于入学日期');
    expect(bad.text).toContain('value="汉语言文学"');
    const ok = await post(liMing, '/me/education/student-status/supplement', { ...fields, expectedGraduation: '2027-06-30' });
    expect(ok.status).toBe(303);
    const page = pageText((await liMing.get('/me/education')).text);
    expect(page).toContain('岭南师范学院 汉语言文学 本科 普通全日制 2023-09-01 2027-06-30 注册学籍 补充数据');
    expect(page).toContain('您为应届毕业生（在校最后一学期，且未取得毕业证书），不需要录入学历信息');
    expect(pageText((await liMing.get('/me/degrees')).text)).toContain('无需录入学位信息');
  });
  test('同步学籍 reads the imported list (replacing the hand-typed one) once only, even after 补充数据 replaced its result', async () => {
    const admin = await staffBrowser(ctx, 'bureauadmin');
    await importRows(ctx, admin, 'enrolments', [header('enrolments'), ['李明', '', LI, '华南师范大学', '学科教学（语文）', '硕士研究生', '普通全日制', 'S2024001', '2024-09-01', '2027-06-30', '注册学籍']]);
    expect((await liMing.post('/me/education/student-status/sync', {}, '/me/education')).status).toBe(303);
    const page = pageText((await liMing.get('/me/education')).text);
    expect(page).toContain('华南师范大学 学科教学（语文） 硕士研究生 普通全日制 S2024001 2024-09-01 2027-06-30 注册学籍 同步学籍');
    expect(page).toContain('研究生应届毕业生需补录上个学历信息');
    expect(page).not.toContain('>同步学籍</button>');
    await liMing.post('/me/education/student-status/sync', {}, '/me/education');
    expect((await liMing.get('/me/education')).text).toContain(RECORD_MESSAGES.studentSynced);
    // 002: a synced 学籍 not as expected may be replaced by 补充数据; 同步学籍 stays used up.
    const supplement = await post(liMing, '/me/education/student-status/supplement', { schoolName: '华南师范大学', major: '学科教学（数学）', level: '硕士研究生', studyForm: '普通全日制', enrolledOn: '2024-09-01', expectedGraduation: '2027-06-30', status: '注册学籍' });
    expect([supplement.status, supplement.headers.location]).toEqual([303, '/me/education']);
    const replaced = pageText((await liMing.get('/me/education')).text);
    expect(replaced).toContain('华南师范大学 学科教学（数学） 硕士研究生 普通全日制 2024-09-01 2027-06-30 注册学籍 补充数据');
    expect(replaced).not.toContain('>同步学籍</button>');
    await liMing.post('/me/education/student-status/sync', {}, '/me/education');
    expect((await liMing.get('/me/education')).text).toContain(RECORD_MESSAGES.studentSynced);
    expect(pageText((await liMing.get('/me/education')).text)).toContain('学科教学（数学）');
  });
  test('学历证书: codes from the lists, dates checked; saved and deleted', async () => {
    const bad = await post(liMing, '/me/education/new', { educationCode: '99', schoolName: '', major: '汉语言文学', studyForm: '1', graduatedOn: '2020-13-01', diplomaNumber: '104251202005001234' });
    expect(bad.status).toBe(422);
    for (const m of ['请选择学历', '请填写毕业学校', '毕业时间格式不正确']) expect(bad.text).toContain(m);
    expect(bad.text).toContain('value="104251202005001234"');
    const ok = await post(liMing, '/me/education/new', { educationCode: '21', schoolName: '岭南师范学院', major: '汉语言文学', studyForm: '1', graduatedOn: '2020/6/30', diplomaNumber: '104251202005001234' });
    expect(ok.status).toBe(303);
    expect(pageText((await liMing.get('/me/education')).text)).toContain('大学本科 岭南师范学院 汉语言文学 普通全日制 2020-06-30 104251202005001234');
    const row = await ctx.db('education_certificates').first();
    expect((await liMing.post(`/me/education/${row.id}/delete`, {}, '/me/education')).status).toBe(303);
    expect(await countRows(ctx, 'education_certificates')).toBe(0);
  });
  test('学位证书: 学位 must be one offered (not 无)', async () => {
    const bad = await post(liMing, '/me/degrees/new', { degree: '9', schoolName: '岭南师范学院', major: '汉语言文学', awardedOn: '2020-06-30', degreeNumber: '1042542020001234' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('请选择学位');
    const ok = await post(liMing, '/me/degrees/new', { degree: '4', schoolName: '岭南师范学院', major: '汉语言文学', awardedOn: '2020-06-30', degreeNumber: '1042542020001234' });
    expect(ok.status).toBe(303);
    expect(pageText((await liMing.get('/me/degrees')).text)).toContain('学士 岭南师范学院 汉语言文学 2020-06-30 1042542020001234');
  });
});

describe('其他证书信息', () => {
  const fields = { certName: '电工职业技能等级证书', certNumber: 'S000044070001', level: '高级工', issuer: '江门市人力资源和社会保障局', issuedOn: '2019-05-01' };
  async function send(b: Browser, file: { data: Buffer; name: string } | null, extra: Record<string, string> = fields) {
    const token = csrfFrom((await b.get('/me/others/new')).text);
    let req = b.agent.post('/me/others/new').field('_csrf', token);
    for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
    if (file) req = req.attach('photo', file.data, file.name);
    return req;
  }
  test('the image is required and checked by decoding, whatever its name says; fields are kept', async () => {
    const none = await send(liMing, null);
    expect(none.status).toBe(422);
    expect(none.text).toContain(RECORD_MESSAGES.imageRequired);
    expect(none.text).toContain('value="电工职业技能等级证书"');
    const fake = await send(liMing, { data: Buffer.from('not an image at all'), name: 'cert.jpg' });
    expect(fake.status).toBe(422);
    expect(fake.text).toContain(M.upload.notImage);
  });
  test('a real image is stored re-encoded; its owner sees it, nobody else', async () => {
    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 230, g: 230, b: 210 } } }).png().toBuffer();
    const before = await countRows(ctx, 'files');
    const ok = await send(liMing, { data: png, name: 'cert.png' });
    expect([ok.status, ok.headers.location]).toEqual([303, '/me/others']);
    expect(await countRows(ctx, 'files')).toBe(before + 1);
    const row = await ctx.db('other_certificates').first();
    expect(pageText((await liMing.get('/me/others')).text)).toContain('电工职业技能等级证书 S000044070001 高级工 江门市人力资源和社会保障局 2019-05-01');
    const image = await liMing.get(`/me/others/${row.id}/image`);
    expect([image.status, image.headers['content-type'], image.headers['cache-control']]).toEqual([200, 'image/jpeg', 'no-store']);
    const huang = await loginAs(ctx, DEMO.huang);
    expect((await huang.get(`/me/others/${row.id}/image`)).status).toBe(404);
  });
});
