import { codeOf, mapHeader, validateRow, isBlankRow, naturalKey, ImportLists, RowContext, IMPORT_COLUMNS } from './importKinds';
import { CellValue } from './importCells';

const lists: ImportLists = {
  qualification: [['1', '幼儿园教师资格'], ['2', '小学教师资格'], ['3', '初级中学教师资格'], ['4', '高级中学教师资格']].map(([code, name]) => ({ code, name })),
  subject: [['D', '幼儿园'], ['C03', '语文'], ['C04', '数学'], ['B02', '语文'], ['B04', '数学'], ['C18', '其他(注明具体学科)']].map(([code, name]) => ({ code, name })),
  teachingStage: [['2', '小学'], ['3', '初级中学']].map(([code, name]) => ({ code, name })),
  schoolType: [['1', '普通高等学校'], ['3', '中等专业学校']].map(([code, name]) => ({ code, name })),
  province: [['440000', '广东省'], ['110000', '北京市']].map(([code, name]) => ({ code, name })),
};
const ctx: RowContext = { lists, today: '2026-11-23', now: new Date('2026-11-23T02:00:00Z') };
const header = IMPORT_COLUMNS.certificates.map((c) => c.label);
const columns = (mapHeader('certificates', header) as { columns: Record<string, number> }).columns;
const cert = (over: Partial<Record<string, CellValue>> = {}): CellValue[] => {
  const base: Record<string, CellValue> = {
    certNumber: '20094478131000123', holderName: '李明', idType: null, idNumber: '440781198503151236', qualification: '3',
    subject: '数学', issueDate: '2009/7/1', authority: '台山市教育局', status: null, ...over,
  };
  return IMPORT_COLUMNS.certificates.map((c) => base[c.key] ?? null);
};

describe('mapHeader', () => {
  test('matches labels and aliases, whatever the spaces, asterisks and brackets; extra columns are ignored and named', () => {
    const r = mapHeader('certificates', ['* 证书号码', '姓名', '身份证号码', '资格种类', '任教学科', '发证日期', '认定机构', '备注']);
    expect(r).toEqual({ ok: true, columns: { certNumber: 0, holderName: 1, idNumber: 2, qualification: 3, subject: 4, issueDate: 5, authority: 6 }, ignored: ['备注'] });
  });
  test('names missing columns, and recognises another kind\'s file', () => {
    expect(mapHeader('certificates', ['证书号码', '持证人'])).toEqual({ ok: false, reason: expect.stringContaining('表头缺少以下列：证件号码、资格种类、任教学科、签发日期、认定机构') });
    const wrongKind = mapHeader('certificates', ['名称', '确认范围', '地址', '电话']);
    expect(wrongKind.ok).toBe(false);
    if (!wrongKind.ok) expect(wrongKind.reason).toMatch(/这似乎是“确认点”文件/);
    const noHeader = mapHeader('points', ['20094478131000123', '李明']);
    if (!noHeader.ok) expect(noHeader.reason).toMatch(/第一行应为表头/);
  });
});

describe('certificate rows', () => {
  test('a good row, with the sex from the ID number and the subject resolved by series', () => {
    expect(validateRow('certificates', cert(), columns, ctx)).toEqual({ ok: true, row: {
      cert_number: '20094478131000123', holder_name: '李明', id_type: '1', id_number: '440781198503151236', sex: '1', issue_date: '2009-07-01',
      qualification_code: '3', subject_code: 'C04', subject_name: '数学', issuing_authority: '台山市教育局', restriction: null,
    } });
    const senior = validateRow('certificates', cert({ certNumber: '20154478141000456', qualification: '高级中学教师资格', subject: '数学' }), columns, ctx);
    expect(senior.ok && senior.row.subject_code).toBe('B04');
    const kindergarten = validateRow('certificates', cert({ certNumber: '20154478111000456', qualification: '1', subject: null }), columns, ctx);
    expect(kindergarten.ok && kindergarten.row.subject_code).toBe('D');
  });
  test('状态 撤销 and 丧失 become the restriction the applicant side reads', () => {
    const r = validateRow('certificates', cert({ status: '撤销' }), columns, ctx);
    expect(r.ok && r.row.restriction).toBe('撤销');
    const l = validateRow('certificates', cert({ status: '丧失' }), columns, ctx);
    expect(l.ok && l.row.restriction).toBe('丧失');
  });
  test('each problem is named in one Chinese reason', () => {
    const r = validateRow('certificates', cert({ idNumber: '440781198503151235', issueDate: '2009-02-30', status: '作废', qualification: '9', subject: '书法' }), columns, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('证件号码校验位不正确');
      expect(r.reason).toContain('签发日期日期格式不正确');
      expect(r.reason).toContain('状态只能为 有效、撤销 或 丧失');
      expect(r.reason).toContain('“9”不是资格种类的代码或名称');
      expect(r.reason).toContain('“书法”不是任教学科的代码或名称');
    }
  });
  test('the 10th digit of a 17-digit number is the 资格种类; empty required cells; ID numbers stored as numbers', () => {
    const r = validateRow('certificates', cert({ qualification: '2', subject: '语文' }), columns, ctx);
    expect(!r.ok && r.reason).toMatch(/第10位（资格种类）为3/);
    const empty = validateRow('certificates', cert({ holderName: null, authority: ' ' }), columns, ctx);
    expect(!empty.ok && empty.reason).toBe('持证人不能为空；认定机构不能为空');
    const rounded = validateRow('certificates', cert({ idNumber: Number('440781198503151236') }), columns, ctx);
    expect(!rounded.ok && rounded.reason).toMatch(/证件号码为超过15位的数字/);
  });
  test('other document types by name, with their own number rules', () => {
    const r = validateRow('certificates', cert({ idType: '港澳居民来往内地通行证', idNumber: 'H12345678', holderName: 'CHAN Tai Man' }), columns, ctx);
    expect(r.ok && [r.row.id_type, r.row.sex]).toEqual(['3', null]);
  });
});

describe('records, schools, points', () => {
  test('a record row and its key', () => {
    const cols = (mapHeader('records', IMPORT_COLUMNS.records.map((c) => c.label)) as { columns: Record<string, number> }).columns;
    const r = validateRow('records', ['20094478131000123', '定期注册', '注册合格', 43830, '台山市教育局', null, null, '3', '数学'], cols, ctx);
    expect(r).toEqual({ ok: true, row: { cert_number: '20094478131000123', reg_type: '定期注册', conclusion: '注册合格', concluded_on: '2019-12-31', bureau_name: '台山市教育局', point_name: null, school_name: null, teaching_stage: '初级中学', teaching_subject: '数学' } });
    if (r.ok) expect(naturalKey('records', r.row)).toBe('20094478131000123|2019-12-31');
    const bad = validateRow('records', ['20094478131000123', '年度注册', '通过', '', '', null, null, null, null], cols, ctx);
    expect(!bad.ok && bad.reason).toBe('注册类型只能为 首次注册 或 定期注册；注册结论只能为 注册合格、暂缓注册、注册不合格、不属于注册对象；注册日期不能为空；注册机构不能为空');
  });
  test('schools by code or name; points with a multi-line scope', () => {
    const sc = (mapHeader('schools', ['学校名称', '办学类型', '所在省份']) as { columns: Record<string, number> }).columns;
    expect(validateRow('schools', ['五邑大学', '普通高等学校', '广东省'], sc, ctx)).toEqual({ ok: true, row: { name: '五邑大学', school_type: '1', province_code: '440000' } });
    expect(validateRow('schools', ['五邑大学', '1', '440000'], sc, ctx)).toEqual({ ok: true, row: { name: '五邑大学', school_type: '1', province_code: '440000' } });
    const pc = (mapHeader('points', ['名称', '确认范围', '地址', '电话']) as { columns: Record<string, number> }).columns;
    expect(validateRow('points', ['台城确认点', '台城街道\n各小学', null, '0750-5500000'], pc, ctx)).toEqual({ ok: true, row: { name: '台城确认点', scope: '台城街道\n各小学', address: null, phone: '0750-5500000' } });
    expect(validateRow('points', ['台城确认点', null, null, 'call me'], pc, ctx)).toEqual({ ok: false, reason: '电话只能包含数字、“-”和括号' });
  });
  test('codeOf: by code, by name, ambiguous names, preference', () => {
    expect(codeOf(lists.subject, 'c04')).toEqual({ code: 'C04', name: '数学' });
    expect(codeOf(lists.subject, '数学')).toBe('ambiguous');
    expect(codeOf(lists.subject, '数学', (c) => c.startsWith('B'))).toEqual({ code: 'B04', name: '数学' });
    expect(codeOf(lists.subject, '其他')).toEqual({ code: 'C18', name: '其他(注明具体学科)' });
    expect(codeOf(lists.subject, '书法')).toBeNull();
  });
  test('blank rows', () => {
    expect(isBlankRow([null, '  ', null])).toBe(true);
    expect(isBlankRow([null, 'x'])).toBe(false);
  });
});
