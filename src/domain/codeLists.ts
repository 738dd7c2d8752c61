import type { FieldErrors } from './validation';

/** One item of a code list as the rules see it (the table is code_items). */
export interface CodeListItem { code: string; name: string; parent_code: string | null; active: boolean; sort: number }

/**
 * The code lists a county legitimately changes on 代码维护 (003 §五(三)). `codeMax` is the width of the
 * applications column that stores the chosen code (PostgreSQL enforces it). `tree`: items may have a parent
 * (one level). `parentsSelectable`: a teacher may choose a 大类 when no leaf fits (所学专业, 003 §五(三)7);
 * otherwise a top-level item with children is only a heading (<optgroup>).
 */
export interface EditableList { name: string; label: string; codeMax: number; tree: boolean; parentsSelectable: boolean; column: string }
export const EDITABLE_LISTS: readonly EditableList[] = [
  { name: 'postType', label: '岗位性质', codeMax: 4, tree: false, parentsSelectable: false, column: 'post_type' },
  { name: 'teacherTitle', label: '教师职务', codeMax: 4, tree: true, parentsSelectable: false, column: 'teacher_title' },
  { name: 'schoolNature', label: '任教学校性质', codeMax: 4, tree: false, parentsSelectable: false, column: 'school_nature' },
  { name: 'major', label: '所学专业', codeMax: 10, tree: true, parentsSelectable: true, column: 'major' },
];
export const editableList = (name: string): EditableList | undefined => EDITABLE_LISTS.find((l) => l.name === name);

/** An item of a list the national exchange codes (学科, printed on certificates): "C03 语文". */
export const withCode = <T extends { code: string; name: string }>(item: T): T => ({ ...item, name: `${item.code} ${item.name}` });

/** What may be offered: active items whose parent (if any) is active too. */
export function offeredItems<T extends CodeListItem>(items: readonly T[]): T[] {
  const activeCodes = new Set(items.filter((i) => i.active).map((i) => i.code));
  return items.filter((i) => i.active && (!i.parent_code || activeCodes.has(i.parent_code)));
}

/**
 * The codes a teacher may choose among the offered items: every one when parents are selectable, else only the
 * items with no offered children (a heading with nothing under it offers nothing either).
 */
export function selectableCodes(offered: readonly { code: string; parent_code: string | null }[], parentsSelectable = false): string[] {
  if (parentsSelectable) return offered.map((i) => i.code);
  const parents = new Set(offered.map((i) => i.parent_code).filter(Boolean));
  return offered.filter((i) => !parents.has(i.code)).map((i) => i.code);
}

/** Groups for a select: top-level items with children become <optgroup>s; top-level leaves stay plain options. */
export interface SelectEntry<T> { item: T; children: T[] }
export function selectEntries<T extends { code: string; parent_code: string | null }>(offered: readonly T[]): SelectEntry<T>[] {
  return offered.filter((i) => !i.parent_code).map((item) => ({ item, children: offered.filter((c) => c.parent_code === item.code) }));
}

export interface NewItemInput { code: string; name: string; parentCode: string }
const CODE_PATTERN = /^[A-Za-z0-9]+$/;
export const NAME_MAX = 50;

export function checkName(name: string, field = 'name'): FieldErrors {
  if (!name) return { [field]: '请填写名称' };
  if ([...name].length > NAME_MAX) return { [field]: `名称不能超过${NAME_MAX}个字` };
  return {};
}

/** 新增代码: a code of letters and digits no wider than the list's column, not used before (inactive items count), and a name. */
export function checkNewItem(list: EditableList, items: readonly CodeListItem[], input: NewItemInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.code) errors.code = '请填写代码';
  else if (!CODE_PATTERN.test(input.code) || input.code.length > list.codeMax) errors.code = `代码只能由字母和数字组成，不超过${list.codeMax}位`;
  else if (items.some((i) => i.code === input.code)) errors.code = `代码 ${input.code} 已存在（包括已停用的项目），请换一个代码`;
  Object.assign(errors, checkName(input.name));
  if (input.parentCode) {
    const parent = items.find((i) => i.code === input.parentCode);
    if (!list.tree || !parent || parent.parent_code) errors.parentCode = '请选择上一级（或不选，作为第一级）';
  }
  if (!errors.name && !errors.parentCode && siblingNamed(items, input.parentCode || null, input.name)) {
    errors.name = `同一级已有名称为“${input.name}”的项目`;
  }
  return errors;
}

export const siblingNamed = (items: readonly CodeListItem[], parent: string | null, name: string, except?: string) =>
  items.some((i) => (i.parent_code ?? null) === parent && i.name === name && i.code !== except);

/**
 * 上移 / 下移: the new order of the item's siblings (same parent), or null when it is already first / last.
 * Callers write `sort` = index for each code.
 */
export function moved(items: readonly CodeListItem[], code: string, direction: 'up' | 'down'): string[] | null {
  const item = items.find((i) => i.code === code);
  if (!item) return null;
  const siblings = items.filter((i) => (i.parent_code ?? null) === (item.parent_code ?? null))
    .sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)).map((i) => i.code);
  const at = siblings.indexOf(code);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to < 0 || to >= siblings.length) return null;
  [siblings[at], siblings[to]] = [siblings[to], siblings[at]];
  return siblings;
}
