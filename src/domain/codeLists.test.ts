import { checkNewItem, editableList, moved, offeredItems, selectableCodes, selectEntries, withCode } from './codeLists';
import type { CodeListItem } from './codeLists';

const it = (code: string, name: string, parent: string | null = null, active = true, sort = 0): CodeListItem => ({ code, name, parent_code: parent, active, sort });
const titles = [
  it('M', '中学系列', null, true, 0), it('M1', '中学高级教师', 'M', true, 0), it('M2', '中学一级教师', 'M', true, 1),
  it('P', '小学系列', null, false, 1), it('P1', '小学高级教师', 'P', true, 0),
  it('00', '无', null, true, 2), it('99', '未评职称', null, false, 3),
];

test('offered: active items under an active parent only', () => {
  expect(offeredItems(titles).map((i) => i.code)).toEqual(['M', 'M1', 'M2', '00']);
});

test('selectable: leaves (a series is a heading), or every level where the 大类 may be chosen', () => {
  const offered = offeredItems(titles);
  expect(selectableCodes(offered)).toEqual(['M1', 'M2', '00']);
  expect(selectableCodes(offered, true)).toEqual(['M', 'M1', 'M2', '00']);
});

test('select entries: headings with their items, top-level leaves alone', () => {
  expect(selectEntries(offeredItems(titles)).map((e) => [e.item.code, e.children.map((c) => c.code)])).toEqual([['M', ['M1', 'M2']], ['00', []]]);
});

test('a new item: code format and width, codes never reused, a real parent of the first level, no twin names', () => {
  const list = editableList('teacherTitle')!;
  expect(checkNewItem(list, titles, { code: 'M3', name: '中学二级教师', parentCode: 'M' })).toEqual({});
  expect(checkNewItem(list, titles, { code: '99', name: '其他', parentCode: '' }).code).toMatch('已存在');
  expect(checkNewItem(list, titles, { code: 'M-3', name: 'x', parentCode: '' }).code).toMatch('字母和数字');
  expect(checkNewItem(list, titles, { code: 'ABCDE', name: 'x', parentCode: '' }).code).toMatch('不超过4位');
  expect(checkNewItem(list, titles, { code: 'X', name: 'x', parentCode: 'M1' }).parentCode).toBeDefined();
  expect(checkNewItem(list, titles, { code: 'M3', name: '中学高级教师', parentCode: 'M' }).name).toMatch('同一级已有');
  expect(checkNewItem(editableList('postType')!, [], { code: '1', name: 'x', parentCode: '1' }).parentCode).toBeDefined();
  expect(checkNewItem(list, titles, { code: '', name: '', parentCode: '' })).toEqual({ code: '请填写代码', name: '请填写名称' });
});

test('moved: swaps with the neighbour among siblings; null at either end', () => {
  expect(moved(titles, 'M2', 'up')).toEqual(['M2', 'M1']);
  expect(moved(titles, 'M1', 'up')).toBeNull();
  expect(moved(titles, 'M', 'down')).toEqual(['P', 'M', '00', '99']);
  expect(moved(titles, '99', 'down')).toBeNull();
  expect(moved(titles, 'nope', 'down')).toBeNull();
});

test('withCode reads as on certificates', () => {
  expect(withCode({ code: 'C03', name: '语文' }).name).toBe('C03 语文');
});
