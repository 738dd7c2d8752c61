import { makeTestApp, TestContext, Browser } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { csvFile, dryRunImport, confirmImport, pageText } from '../helpers/imports';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';
import { idNumberSealer } from '../../src/security/idNumbers';
import { gb11643CheckChar } from '../../src/domain/identity';

/**
 * 教师资格认定's imports (考试合格证明, 师范生教师职业能力证书, 普通话水平测试信息, 应届毕业生学籍) through the same
 * pages as the others: the dry run refuses bad rows with reasons by row number, the import writes ID numbers sealed
 * (encrypted, blind index), and the same file again changes nothing.
 */
let ctx: TestContext;
let admin: Browser;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => {
  await ctx?.container.services.importJobs.idle();
  await ctx?.container.close();
  await ctx?.close();
});

const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);
const count = async (table: string) => Number((await ctx.db(table).count({ n: '*' }))[0].n);
const CHEN = '440781199007082424';
const WANG = '44078119900101123' + gb11643CheckChar('44078119900101123');

async function importTwice(kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS, rows: string[][], expected: { planned: string; refused: string[] }) {
  const file = csvFile([header(kind), ...rows]);
  const { location, html } = await dryRunImport(ctx, admin, kind, file, `${kind}.csv`);
  const page = pageText(html);
  expect(page).toContain(expected.planned);
  for (const r of expected.refused) expect(page).toContain(r);
  const done = pageText(await confirmImport(ctx, admin, location));
  expect(done).toContain('导入完成');
  const again = pageText((await dryRunImport(ctx, admin, kind, file, `${kind}.csv`)).html);
  return { done, again };
}

test('the import page offers the four kinds with their templates', async () => {
  const page = await admin.get('/staff/import');
  for (const kind of ['exams', 'abilities', 'putonghua', 'enrolments']) expect(page.text).toContain(`/staff/import/templates/${kind}.xlsx`);
  expect(page.text).toContain('教师资格考试合格证明');
  const csv = await admin.get('/staff/import/templates/putonghua.csv');
  expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('证书编号,姓名,证件类型,证件号码,等级,分数,测试时间,发证单位');
});

test('考试合格证明: rows checked, ID numbers stored sealed, found by blind index; a second import changes nothing', async () => {
  const { again } = await importTwice('exams', [
    ['2024244012345678', '陈芳', '', CHEN, '小学教师资格', '语文', '2024-06-20', '2027-06-19'],
    ['2023244012345679', '陈芳', '', CHEN, '1', '', '2023/1/5', '2026/1/4'],
    ['2024244012345680', '王五', '', '440781199001011230', '2', '数学', '2024-06-20', '2027-06-19'],
    ['2024244012345681', '赵六', '', WANG, '9', 'C04', '2024-06-20', '2023-06-19'],
    ['2024244012345678', '陈芳', '', CHEN, '2', 'C03', '2024-06-20', '2027-06-19'],
  ], {
    planned: '可以导入 2（新增 2，更新 0，无变化 0）',
    refused: ['第 4 行 证件号码校验位不正确，请核对', '第 5 行 资格种类“9”不是资格种类的代码或名称；有效期至不能早于签发日期', '第 6 行 合格证明编号与第2行重复'],
  });
  expect(again).toContain('可以导入 2（新增 0，更新 0，无变化 2）');
  const rows = await ctx.db('qualification_proofs').whereNot({ holder_name: '张晓雯' }).orderBy('proof_number'); // the demo's own proof aside
  expect(rows).toHaveLength(2);
  const ids = idNumberSealer(ctx.container.protector);
  for (const r of rows) {
    expect(JSON.stringify(r)).not.toContain(CHEN);
    expect(ids.open(r.id_number_enc)).toBe(CHEN);
    expect(r.id_number_index).toBe(ids.indexOf(CHEN));
  }
  expect(rows.map((r) => [r.kind, r.qualification_code, r.subject_code, r.valid_until])).toEqual([
    ['exam', '1', 'D', '2026-01-04'], ['exam', '2', 'C03', '2027-06-19'],
  ]);
});

test('师范生教师职业能力证书: the same table, its own kind and school', async () => {
  await importTwice('abilities', [['2025440012345', '陈芳', '居民身份证', CHEN, '3', '数学', '岭南师范学院', '2025-06-30', '2028-06-29']], {
    planned: '可以导入 1（新增 1，更新 0，无变化 0）', refused: [],
  });
  const row = await ctx.db('qualification_proofs').where({ kind: 'ability' }).first();
  expect([row.proof_number, row.subject_code, row.school_name]).toEqual(['2025440012345', 'C04', '岭南师范学院']);
});

test('普通话水平测试信息: the grade and score must agree; the score must be a number', async () => {
  const { again } = await importTwice('putonghua', [
    ['44071920000123', '陈芳', '', CHEN, '二级甲等', '88.5', '2022-11-12', '广东省语言文字工作委员会'],
    ['44071920000124', '王五', '', WANG, '一级甲等', '88', '2022-11-12', ''],
    ['44071920000125', '王五', '', WANG, '二级乙等', '八十五', '2022-11-12', ''],
    ['44071920000126', '王五', '', WANG, '二级', '85', '2099-01-01', ''],
  ], {
    planned: '可以导入 1（新增 1，更新 0，无变化 0）',
    refused: ['第 3 行 分数88与等级“一级甲等”不符', '第 4 行 分数必须填写数字（如 87.5）', '第 5 行 等级只能为 一级甲等、一级乙等、二级甲等、二级乙等、三级甲等、三级乙等；测试时间不能晚于今天'],
  });
  expect(again).toContain('无变化 1');
  const row = await ctx.db('putonghua_results').first();
  expect([row.cert_number, row.level, row.score, row.tested_on]).toEqual(['44071920000123', '二级甲等', '88.5', '2022-11-12']);
  expect(row.id_number_enc).not.toContain(CHEN);
});

test('应届毕业生学籍: keyed by person and school; a changed 学籍状态 is an update', async () => {
  const row = ['陈芳', '', CHEN, '岭南师范学院', '汉语言文学', '本科', '普通全日制', '2021010101', '2021-09-01', '2025-06-30', '注册学籍'];
  await importTwice('enrolments', [row, ['王五', '', WANG, '岭南师范学院', '数学', '本科', '', '', '2021-09-01', '2020-06-30', '注册学籍']], {
    planned: '可以导入 1（新增 1，更新 0，无变化 0）', refused: ['第 3 行 预计毕业日期应晚于入学日期'],
  });
  const changed = [...row];
  changed[10] = '休学';
  const { location, html } = await dryRunImport(ctx, admin, 'enrolments', csvFile([header('enrolments'), changed]), 'e.csv');
  expect(pageText(html)).toContain('可以导入 1（新增 0，更新 1，无变化 0）');
  await confirmImport(ctx, admin, location);
  expect(await count('student_status_list')).toBe(1);
  expect((await ctx.db('student_status_list').first()).status).toBe('休学');
});
