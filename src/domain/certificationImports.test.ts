import { mapHeader, validateRow, naturalKey, IMPORT_COLUMNS } from './importKinds';
import type { CellValue } from './importCells';

const lists = {
  qualification: [{ code: '1', name: '幼儿园教师资格' }, { code: '2', name: '小学教师资格' }, { code: '3', name: '初级中学教师资格' }],
  subject: [{ code: 'D', name: '幼儿园' }, { code: 'C03', name: '语文' }, { code: 'C04', name: '数学' }, { code: 'B04', name: '数学' }],
  teachingStage: [], schoolType: [], province: [],
};
const ctx = { lists, today: '2026-11-23', now: new Date('2026-11-23T02:00:00Z') };
const ID = '440781199007082424';
const columnsOf = (kind: 'exams' | 'putonghua' | 'enrolments') => {
  const h = mapHeader(kind, IMPORT_COLUMNS[kind].map((c) => c.label));
  if (!h.ok) throw new Error(h.reason);
  return h.columns;
};

describe('认定 import rows', () => {
  test('考试合格证明: 数学 under 小学 is C04; the validity may run into the future but not before the issue date', () => {
    const cells: CellValue[] = ['2024244012345678', '陈芳', null, ID, '小学教师资格', '数学', '2024-06-20', '2027-06-19'];
    const r = validateRow('exams', cells, columnsOf('exams'), ctx);
    expect(r).toEqual({ ok: true, row: expect.objectContaining({ proof_number: '2024244012345678', qualification_code: '2', subject_code: 'C04', valid_until: '2027-06-19', id_number: ID }) });
    const bad = validateRow('exams', ['2024244012345678', '陈芳', null, ID, '2', '', '2028-01-01', '2027-06-19'], columnsOf('exams'), ctx);
    expect(bad).toEqual({ ok: false, reason: '任教学科不能为空；签发日期不能晚于今天' });
    expect(validateRow('exams', ['2024244012345678', '陈芳', null, ID, '1', null, '2024-06-20', '2024-06-19'], columnsOf('exams'), ctx)).toEqual({ ok: false, reason: '有效期至不能早于签发日期' });
  });
  test('幼儿园 proofs need no subject', () => {
    const r = validateRow('exams', ['2024244012345679', '陈芳', null, ID, '1', null, '2024-06-20', '2027-06-19'], columnsOf('exams'), ctx);
    expect(r.ok && [r.row.subject_code, r.row.subject_name]).toEqual(['D', '幼儿园']);
  });
  test('普通话: grade names only, score a number within the grade', () => {
    const cols = columnsOf('putonghua');
    expect(validateRow('putonghua', ['44071920000123', '陈芳', null, ID, '二级 甲等', 88.5, '2022-11-12', null], cols, ctx).ok).toBe(true);
    expect(validateRow('putonghua', ['44071920000123', '陈芳', null, ID, '二甲', '88', '2022-11-12', null], cols, ctx))
      .toEqual({ ok: false, reason: '等级只能为 一级甲等、一级乙等、二级甲等、二级乙等、三级甲等、三级乙等' });
  });
  test('学籍 rows are keyed by ID number and school; the header of another kind is named', () => {
    const cells: CellValue[] = ['陈芳', null, ID, '岭南师范学院', '汉语言文学', '本科', null, null, '2021-09-01', '2025-06-30', '注册学籍'];
    const r = validateRow('enrolments', cells, columnsOf('enrolments'), ctx);
    expect(r.ok && naturalKey('enrolments', r.row)).toBe(`${ID}|岭南师范学院`);
    const wrong = mapHeader('enrolments', IMPORT_COLUMNS.putonghua.map((c) => c.label));
    expect(wrong.ok).toBe(false);
  });
});
