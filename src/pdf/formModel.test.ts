import { rowValue, summarySections, Answers, SummaryRefs } from '../journeys/registration';
import { PROMISE_TEXT } from '../domain/notices';
import { applicationFormModel, FormInputs } from './formModel';

const answers: Answers = {
  agreement: { agreed: true },
  bureau: { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: 7, planId: 3, pointId: 11 },
  details: {
    certificateId: 5, putonghua: '3', education: '21', majorCategory: '1', major: '0701', degree: '4', graduationSchool: '华南师范大学',
    graduationDate: '2007-07-01', learningForm: '1', schoolName: '台山市台城第一初级中学', schoolNature: '1', schoolLocation: '1',
    workStartDate: '2007-09-01', teacherTitle: '13', employmentDate: '2019-09-01', hukou: '广东省台山市台城街道', postType: '1',
    political: '13', postcode: '529200', address: '广东省台山市台城街道环市北路1号', photoFileId: 9,
  },
};
const names: Record<string, string> = {
  'teachingStage:3': '初级中学', 'subject:C04': '数学', 'putonghua:3': '二级甲等', 'education:21': '大学本科', 'majorCategory:1': '师范类',
  'major:0701': '数学与应用数学', 'degree:4': '学士', 'learningForm:1': '普通全日制', 'schoolNature:1': '公办', 'schoolLocation:1': '城区',
  'teacherTitle:13': '一级教师', 'postType:1': '专任教师', 'political:13': '群众',
};
const refs: SummaryRefs = {
  codeName: (list, code) => names[`${list}:${code}`] ?? `?${list}:${code}`,
  bureauName: '台山市教育局', pointName: '台山市教育局人事股', provinceName: '广东省', cityName: '江门市',
  certificate: { certNumber: '20094478131000123', qualification: '初级中学教师资格', subject: '数学', regType: '定期注册' },
};

function inputs(over: Partial<FormInputs> = {}): FormInputs {
  return {
    application: { application_no: '26000001', version: 3 },
    summary: summarySections(answers, refs),
    account: { name: '李明', sex: '1', birth_date: '1985-03-15', id_type: '1', id_number: '440781198503151236', mobile: '13907501236', email: 'liming@example.com' },
    sexName: '男', ethnicityName: '汉族', idTypeName: '居民身份证',
    certificate: { issueDate: '2009-07-01', issuingAuthority: '台山市教育局', passedCount: 2, lastDate: '2019-12-31', lastConclusion: '注册合格' },
    photoSrc: 'data:image/jpeg;base64,AAAA', generatedAt: '2026-11-23 10:00', mask: false,
    ...over,
  };
}
const cells = (m: ReturnType<typeof applicationFormModel>) => new Map(m.sections.flatMap((s) => s.rows.flat()).map((c) => [c.label, c.value]));

describe('the 申请表 rows come from the wizard summary and the account', () => {
  test('every field the issue lists is on the form, none empty, with the summary\'s values', () => {
    const m = applicationFormModel(inputs());
    const got = cells(m);
    const expected: Record<string, string> = {
      姓名: '李明', 性别: '男', 民族: '汉族', 出生日期: '1985-03-15', 证件类型: '居民身份证', 证件号码: '440781198503151236',
      政治面貌: '群众', 户籍所在地: '广东省台山市台城街道', 手机号码: '13907501236', 安全邮箱: 'liming@example.com',
      通讯地址: '广东省台山市台城街道环市北路1号', 通讯邮编: '529200',
      证书号码: '20094478131000123', 资格种类: '初级中学教师资格', 任教学科: '数学', 签发日期: '2009-07-01', 认定机构: '台山市教育局',
      注册次数: '2次', 上次注册日期与结论: '2019-12-31 注册合格',
      注册类型: '定期注册', 注册机构: '台山市教育局', 确认点: '台山市教育局人事股', 现任教学段: '初级中学', 现任教学科: '数学',
      普通话: '二级甲等', '最高学历/学位': '大学本科 / 学士', 所学专业: '数学与应用数学（师范类）', 毕业学校: '华南师范大学',
      毕业时间: '2007-07-01', 学习形式: '普通全日制', 现任教学校: '台山市台城第一初级中学', 任教学校性质与所在地: '公办 / 城区',
      开始参加工作时间: '2007-09-01', 现任教聘用日期: '2019-09-01', 教师职务: '一级教师', 岗位性质: '专任教师',
    };
    expect(Object.fromEntries(got)).toEqual(expected);
    expect(m.sections.map((s) => s.title)).toEqual(['个人信息', '教师资格证书信息', '注册信息', '学历与工作']);
    expect(m.promise).toBe(PROMISE_TEXT);
    expect(m).toMatchObject({ applicationNo: '26000001', version: 3, bureauName: '台山市教育局', pointName: '台山市教育局人事股', photoRows: 5 });
  });

  test('the photo sits beside two-pair rows only; the long free-text rows span the width', () => {
    const m = applicationFormModel(inputs());
    const personal = m.sections[0].rows;
    expect(personal.slice(0, m.photoRows).every((r) => r.length === 2)).toBe(true);
    for (const label of ['户籍所在地', '通讯地址']) expect(personal.find((r) => r[0].label === label)).toHaveLength(1);
    const education = m.sections[3].rows;
    for (const label of ['毕业学校', '现任教学校']) expect(education.find((r) => r[0].label === label)).toHaveLength(1);
  });

  test('on screen the ID and mobile numbers are masked; on paper they are in full', () => {
    const screen = cells(applicationFormModel(inputs({ mask: true })));
    expect(screen.get('证件号码')).not.toContain('19850315');
    expect(screen.get('证件号码')).toMatch(/^44\*+36$/);
    expect(screen.get('手机号码')).toBe('139****1236');
    expect(cells(applicationFormModel(inputs())).get('证件号码')).toBe('440781198503151236');
  });

  test('a first registration has no previous one; a missing certificate leaves blanks, never "undefined"', () => {
    const first = cells(applicationFormModel(inputs({ certificate: { issueDate: '2024-07-01', issuingAuthority: '台山市教育局', passedCount: 0, lastDate: '', lastConclusion: '' } })));
    expect(first.get('上次注册日期与结论')).toBe('无');
    expect(first.get('注册次数')).toBe('0次');
    const none = applicationFormModel(inputs({ certificate: null, summary: summarySections(answers, { ...refs, certificate: null }) }));
    const values = [...cells(none).values()];
    expect(values.some((v) => /undefined|null/.test(v))).toBe(false);
    expect(cells(none).get('证书号码')).toBe('');
  });

  test('the barcode is the 报名号 in Code 128 with quiet zones', () => {
    const m = applicationFormModel(inputs());
    expect(m.barcode.modules).toBe(10 + 6 * 11 + 13 + 10);
    expect(m.barcode.bars.length).toBeGreaterThan(20);
  });

  test('rowValue finds a row by its stable key anywhere in the sections', () => {
    const sections = summarySections(answers, refs);
    expect(rowValue(sections, 'point')).toBe('台山市教育局人事股');
    expect(rowValue(sections, 'certNumber')).toBe('20094478131000123');
    expect(rowValue(sections, 'nope')).toBe('');
  });

  test('a relabelled row still prints: the form reads keys, not labels', () => {
    const sections = summarySections(answers, refs).map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, label: `新${r.label}` })) }));
    const m = applicationFormModel(inputs({ summary: sections }));
    const cells = m.sections.flatMap((s) => s.rows.flat());
    expect(cells.find((c) => c.label === '证书号码')?.value).toBe('20094478131000123');
    expect(cells.find((c) => c.label === '毕业学校')?.value).toBe('华南师范大学');
  });
});
