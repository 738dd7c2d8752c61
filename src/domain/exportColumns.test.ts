import { EXPORT_COLUMNS, EXPORT_HEADERS, EXPORT_SUMMARY_KEYS, exportRow, handlingOf, ExportEvent, ExportSource } from './exportColumns';

const names = { sex: (c: string | null | undefined) => (c === '1' ? '男' : c === '2' ? '女' : ''), ethnicity: (c: string | null | undefined) => (c === '01' ? '汉族' : ''), idType: (c: string | null | undefined) => (c === '1' ? '居民身份证' : '') };
const TZ = 'Asia/Shanghai';
const ev = (action: string, from: string | null, to: string | null, at: string, reason: string | null = null, missing: string | null = null): ExportEvent =>
  ({ action, from_status: from, to_status: to, reason, missing_materials: missing, created_at: at });

const snapshot = {
  summary: [
    { rows: [{ key: 'stage', value: '初级中学' }, { key: 'point', value: '台山市教育局人事股' }] },
    { rows: [{ key: 'certNumber', value: '20094478131000123' }, { key: 'regType', value: '定期注册' }] },
    { rows: [{ key: 'address', value: '=HYPERLINK("x")' }, { key: 'postcode', value: '529200' }] },
  ],
  applicant: { name: '李明', sex: '1', birthDate: '1985-03-15', ethnicityCode: '01', idType: '1' },
  certificate: { issueDate: '2009-07-01', issuingAuthority: '台山市教育局', passedCount: 2, lastDate: '2019-12-31', lastConclusion: '注册合格' },
};
const source = (over: Partial<ExportSource> = {}): ExportSource => ({
  application_no: '26000001', status: '网报待确认', submitted_at: '2026-11-23T02:00:00.000Z', data: JSON.stringify(snapshot), applicant_name: '李明',
  id_number: '440781198503151236', mobile: '13800000000', email: 'li@example.com', events: [], ...over,
});
const cell = (row: string[], header: string) => row[EXPORT_HEADERS.indexOf(header)];

test('the column order: 报名号, then the 申请表\'s sections, then the handling; headers unique; every summary key read', () => {
  expect(EXPORT_HEADERS[0]).toBe('报名号');
  expect(EXPORT_HEADERS.slice(1, 7)).toEqual(['姓名', '性别', '民族', '出生日期', '证件类型', '证件号码']);
  expect(EXPORT_HEADERS.slice(-7)).toEqual(['报名状态', '注册结论', '原因或审核意见', '缺少的材料', '提交时间', '确认时间', '办结时间']);
  expect(EXPORT_HEADERS.indexOf('证书号码')).toBeLessThan(EXPORT_HEADERS.indexOf('注册类型'));
  expect(EXPORT_HEADERS.indexOf('确认点')).toBeLessThan(EXPORT_HEADERS.indexOf('普通话证书信息'));
  expect(new Set(EXPORT_HEADERS).size).toBe(EXPORT_HEADERS.length);
  expect(new Set(EXPORT_SUMMARY_KEYS).size).toBe(EXPORT_SUMMARY_KEYS.length);
  for (const c of EXPORT_COLUMNS) expect(c.width).toBeGreaterThan(0);
});

test('a row: snapshot values by key, names of codes, full numbers as text, local times; a formula-like value stays text', () => {
  const row = exportRow(source(), names, TZ);
  expect(row).toHaveLength(EXPORT_HEADERS.length);
  for (const v of row) expect(typeof v).toBe('string');
  expect([cell(row, '报名号'), cell(row, '姓名'), cell(row, '性别'), cell(row, '民族'), cell(row, '证件类型'), cell(row, '证件号码')])
    .toEqual(['26000001', '李明', '男', '汉族', '居民身份证', '440781198503151236']);
  expect([cell(row, '现任教学段'), cell(row, '确认点'), cell(row, '证书号码'), cell(row, '注册类型'), cell(row, '通讯邮编')]).toEqual(['初级中学', '台山市教育局人事股', '20094478131000123', '定期注册', '529200']);
  expect(cell(row, '通讯地址')).toBe('=HYPERLINK("x")');
  expect([cell(row, '签发日期'), cell(row, '注册次数'), cell(row, '上次注册日期'), cell(row, '上次注册结论')]).toEqual(['2009-07-01', '2', '2019-12-31', '注册合格']);
  expect(cell(row, '提交时间')).toBe('2026-11-23 10:00');
  expect(cell(row, '毕业学校')).toBe(''); // a key the snapshot lacks is blank, never "undefined"
});

test('an unreadable snapshot gives blanks, not an error; the name falls back to the column', () => {
  const row = exportRow(source({ data: 'not json' }), names, TZ);
  expect(cell(row, '姓名')).toBe('李明');
  expect(cell(row, '证书号码')).toBe('');
  expect(cell(row, '注册次数')).toBe('');
});

describe('handlingOf', () => {
  const submit = ev('submit', null, '网报待确认', '2026-11-23T02:00:00.000Z');
  const confirm = ev('confirmComplete', '网报待确认', '待注册审批', '2026-11-24T01:00:00.000Z');

  test('a conclusion: its status, reason and time; the confirmation time', () => {
    const events = [submit, confirm, ev('defer', '待注册审批', '暂缓注册', '2026-11-25T03:30:00.000Z', '年度考核证明不全')];
    expect(handlingOf('暂缓注册', events, TZ)).toEqual({ conclusion: '暂缓注册', reason: '年度考核证明不全', missing: '', confirmedAt: '2026-11-24 09:00', concludedAt: '2026-11-25 11:30' });
  });

  test('确认未通过 lists the missing materials; a later 材料齐全 replaces the confirmation time and drops them', () => {
    const incomplete = ev('confirmIncomplete', '网报待确认', '确认未通过', '2026-11-24T01:00:00.000Z', null, '年度考核证明');
    expect(handlingOf('确认未通过', [submit, incomplete], TZ)).toEqual({ conclusion: '', reason: '', missing: '年度考核证明', confirmedAt: '2026-11-24 09:00', concludedAt: '' });
    const back = ev('returnForCorrection', '确认未通过', '网报待确认', '2026-11-24T02:00:00.000Z', '请补交');
    const again = ev('confirmComplete', '网报待确认', '待注册审批', '2026-11-26T02:00:00.000Z');
    expect(handlingOf('待注册审批', [submit, incomplete, back, again], TZ)).toEqual({ conclusion: '', reason: '', missing: '', confirmedAt: '2026-11-26 10:00', concludedAt: '' });
  });

  test('a 退回修改 keeps its reason through the applicant\'s edits; the applicant\'s own moves carry no staff reason', () => {
    const back = ev('returnForCorrection', '网报待确认', '网报待确认', '2026-11-24T02:00:00.000Z', '请修改学校名称');
    const moved = ev('returnForCorrection', '待注册审批', '网报待确认', '2026-11-24T02:00:00.000Z', '请修改学校名称');
    const edit = ev('edit', '网报待确认', '网报待确认', '2026-11-24T05:00:00.000Z', '修改注册信息');
    expect(handlingOf('网报待确认', [submit, confirm, moved, edit], TZ).reason).toBe('请修改学校名称');
    expect(handlingOf('网报待确认', [submit, back], TZ).reason).toBe('');
    const wrong = ev('wrongBureau', '网报待确认', '机构选择有误', '2026-11-24T02:00:00.000Z', '请选择正确的机构');
    const corrected = ev('edit', '机构选择有误', '网报待确认', '2026-11-24T06:00:00.000Z', '重新选择注册机构');
    expect(handlingOf('机构选择有误', [submit, wrong], TZ).reason).toBe('请选择正确的机构');
    expect(handlingOf('网报待确认', [submit, wrong, corrected], TZ).reason).toBe('');
  });
});
