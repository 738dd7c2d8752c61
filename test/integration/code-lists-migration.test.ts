import { makeTestApp, TestContext } from '../helpers/app';
import { migrationSource } from '../../migrations';
import { seedReferenceData } from '../../seeds';

/**
 * 20261126000300 on an install seeded before it: 003's 岗位性质 and the 教师职务 series arrive, the old items stay
 * inactive (an application that chose one still reads its name), and down brings the earlier lists back.
 */
const NAME = '20261126000300_county_code_lists';
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

const items = async (list: string) => (await ctx.db('code_items').where({ list_name: list }).orderBy([{ column: 'sort' }, { column: 'code' }]))
  .map((r) => ({ code: r.code, name: r.name, parent: r.parent_code, active: Boolean(r.active) }));
const active = async (list: string) => (await items(list)).filter((i) => i.active).map((i) => i.code);

test('an old install gets the new lists, keeps the old items inactive and readable; down restores them', async () => {
  // The fresh test database has the new seed; going down gives the lists an install seeded earlier had.
  await ctx.db.migrate.down({ migrationSource, name: NAME });
  expect(await active('postType')).toEqual(['1', '2', '3', '9']);
  expect(await active('teacherTitle')).toEqual(['11', '12', '13', '14', '15', '21', '22', '23', '24', '25', '31', '32', '33', '34', '99']);
  expect((await items('teacherTitle')).every((i) => i.parent === null)).toBe(true);

  await ctx.db.migrate.up({ migrationSource, name: NAME });
  expect(await active('postType')).toEqual(['11', '12', '13']);
  expect((await items('postType')).filter((i) => !i.active).map((i) => [i.code, i.name])).toEqual([['1', '专任教师'], ['2', '行政人员兼课'], ['3', '教辅人员兼课'], ['9', '其他']]);
  const titles = await items('teacherTitle');
  expect(titles.filter((i) => i.active).map((i) => i.code)).toEqual([
    'M', 'M1', 'M2', 'M3', 'M4', 'M5', 'P', 'P1', 'P2', 'P3', 'P4', 'P5', 'V', '21', '22', '23', '24', '25', 'S', '31', '32', '33', '34', '00',
  ]);
  expect(titles.find((i) => i.code === '22')).toMatchObject({ parent: 'V', name: '高级讲师' });
  expect(titles.filter((i) => !i.active).map((i) => i.code).sort()).toEqual(['11', '12', '13', '14', '15', '99']);
  // Names of old choices still read (the namer reads inactive items too).
  ctx.container.services.reference.invalidate(); // the migration wrote behind the cache's back
  const names = await ctx.container.services.reference.namer(['postType', 'teacherTitle']);
  expect([names('postType', '1'), names('teacherTitle', '13'), names('teacherTitle', 'M3')]).toEqual(['专任教师', '一级教师', '中学一级教师']);
  expect(await ctx.container.services.reference.selectable('postType')).toEqual(['11', '12', '13']);

  // Running the seed again (every start does) changes nothing.
  const before = await items('teacherTitle');
  await seedReferenceData(ctx.db);
  expect(await items('teacherTitle')).toEqual(before);
});
