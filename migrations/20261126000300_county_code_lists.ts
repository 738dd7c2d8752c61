import type { Knex } from 'knex';

/*
 * 岗位性质 and 教师职务 as 003 (台山's notice) lists them, on installs seeded before: the new items are added and
 * the old ones stay, inactive — drafts and applications that chose them still read their names, and nothing
 * offers them again. A fresh database has no items yet: the seed brings the new lists, so this does nothing.
 * The lists are copied here (not imported from seeds/) so this migration keeps doing what it did.
 */
type Item = [code: string, name: string, parent?: string];

const POST_TYPE_NEW: Item[] = [['11', '在编在岗'], ['12', '事业单位岗位聘用'], ['13', '在岗（民办学校）']];
const POST_TYPE_OLD: Item[] = [['1', '专任教师'], ['2', '行政人员兼课'], ['3', '教辅人员兼课'], ['9', '其他']];

const TITLE_NEW: Item[] = [
  ['M', '中学系列'], ['M1', '中学正高级教师', 'M'], ['M2', '中学高级教师', 'M'], ['M3', '中学一级教师', 'M'], ['M4', '中学二级教师', 'M'], ['M5', '中学三级教师', 'M'],
  ['P', '小学系列'], ['P1', '小学正高级教师', 'P'], ['P2', '小学高级教师', 'P'], ['P3', '小学一级教师', 'P'], ['P4', '小学二级教师', 'P'], ['P5', '小学三级教师', 'P'],
  ['V', '中等职业学校系列'], ['21', '正高级讲师', 'V'], ['22', '高级讲师', 'V'], ['23', '讲师', 'V'], ['24', '助理讲师', 'V'], ['25', '教员', 'V'],
  ['S', '实习指导教师系列'], ['31', '高级实习指导教师', 'S'], ['32', '一级实习指导教师', 'S'], ['33', '二级实习指导教师', 'S'], ['34', '三级实习指导教师', 'S'],
  ['00', '无'],
];
/** The earlier 教师职务 items that the new list does not carry (21–25 and 31–34 move under their series). */
const TITLE_RETIRED = ['11', '12', '13', '14', '15', '99'];
const TITLE_EARLIER: Item[] = [
  ['11', '正高级教师'], ['12', '高级教师'], ['13', '一级教师'], ['14', '二级教师'], ['15', '三级教师'],
  ['21', '正高级讲师'], ['22', '高级讲师'], ['23', '讲师'], ['24', '助理讲师'], ['25', '教员'],
  ['31', '高级实习指导教师'], ['32', '一级实习指导教师'], ['33', '二级实习指导教师'], ['34', '三级实习指导教师'], ['99', '未评职称'],
];

/** Puts `items` in the list in their order (sort = index): missing ones inserted, present ones re-parented and re-sorted. */
async function place(knex: Knex, list: string, items: Item[]): Promise<void> {
  const existing = new Set((await knex('code_items').where({ list_name: list }).select('code')).map((r: { code: string }) => r.code));
  for (const [i, [code, name, parent]] of items.entries()) {
    if (existing.has(code)) await knex('code_items').where({ list_name: list, code }).update({ parent_code: parent ?? null, sort: i, active: true });
    else await knex('code_items').insert({ list_name: list, code, name, parent_code: parent ?? null, sort: i, active: true });
  }
}

const seeded = async (knex: Knex, list: string) => Boolean(await knex('code_items').where({ list_name: list }).first('id'));

export async function up(knex: Knex): Promise<void> {
  if (await seeded(knex, 'postType')) {
    await knex('code_items').where({ list_name: 'postType' }).whereNotIn('code', POST_TYPE_NEW.map(([c]) => c)).update({ active: false });
    await place(knex, 'postType', POST_TYPE_NEW);
  }
  if (await seeded(knex, 'teacherTitle')) {
    await knex('code_items').where({ list_name: 'teacherTitle' }).whereIn('code', TITLE_RETIRED).update({ active: false, sort: 1000 });
    await place(knex, 'teacherTitle', TITLE_NEW);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (await seeded(knex, 'postType')) {
    await knex('code_items').where({ list_name: 'postType' }).whereIn('code', POST_TYPE_NEW.map(([c]) => c)).delete();
    await place(knex, 'postType', POST_TYPE_OLD);
  }
  if (await seeded(knex, 'teacherTitle')) {
    const kept = new Set(TITLE_EARLIER.map(([c]) => c));
    await knex('code_items').where({ list_name: 'teacherTitle' }).whereIn('code', TITLE_NEW.map(([c]) => c).filter((c) => !kept.has(c))).delete();
    await place(knex, 'teacherTitle', TITLE_EARLIER);
  }
}
