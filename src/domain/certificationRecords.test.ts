import {
  isGraduatingStudent, needsPreviousEducation, parseDegree, parseEducation, parseOtherCertificate, parsePutonghuaEntry, parsePutonghuaLookup,
  parseStudentStatus, proofValid,
} from './certificationRecords';

const today = '2026-11-23';

describe('认定 personal-centre forms', () => {
  test('核验 takes a 证书编号 of digits and letters (full-width read, upper-cased)', () => {
    expect(parsePutonghuaLookup({ certNumber: ' ４４０７ab ' })).toEqual({ values: { certNumber: '4407AB' }, errors: {} });
    expect(parsePutonghuaLookup({ certNumber: '' }).errors).toEqual({ certNumber: '请填写证书编号' });
  });
  test('录入: grade from the list, score a number in its band, a past test date; values as typed are kept', () => {
    const ok = parsePutonghuaEntry({ certNumber: '0012345', level: '二级甲等', score: '８８', testedOn: '2005/5/20', issuer: '广东省' }, today);
    expect(ok).toEqual({ values: { certNumber: '0012345', level: '二级甲等', score: '88', testedOn: '2005-05-20', issuer: '广东省' }, errors: {} });
    const bad = parsePutonghuaEntry({ certNumber: '1', level: '二甲', score: 'abc', testedOn: '2027-01-01', issuer: '' }, today);
    expect(bad.errors).toEqual({ level: '请选择等级', score: '分数必须填写数字（如 87.5）', testedOn: '测试时间不能晚于今天', issuer: '请填写发证单位' });
    expect(bad.values.score).toBe('abc');
  });
  test('补充数据: listed level and status; graduation after enrolment and may be in the future', () => {
    const body = { schoolName: 'A', major: 'B', level: '本科', studyForm: '普通全日制', enrolledOn: '2023-09-01', expectedGraduation: '2027-06-30', status: '注册学籍' };
    expect(parseStudentStatus(body, today).errors).toEqual({});
    expect(parseStudentStatus({ ...body, level: '大专', status: '在读', expectedGraduation: '2023-09-01' }, today).errors)
      .toEqual({ level: '请选择层次', status: '请选择学籍状态', expectedGraduation: '预计毕业时间应晚于入学日期' });
  });
  test('学历, 学位 and 其他证书 take codes from their lists and past dates', () => {
    expect(parseEducation({ educationCode: '21', schoolName: 'A', major: 'B', studyForm: '1', graduatedOn: '2020-06-30', diplomaNumber: '123' }, { education: ['21'], learningForm: ['1'] }, today).errors).toEqual({});
    expect(parseDegree({ degree: '9', schoolName: 'A', major: 'B', awardedOn: '2020-02-30', degreeNumber: 'x#y' }, ['2', '3', '4'], today).errors)
      .toEqual({ degree: '请选择学位', awardedOn: '授予日期格式不正确，请按 YYYY-MM-DD 填写（如 2024-06-20）', degreeNumber: '学位证书编号只能由数字和字母组成' });
    expect(parseOtherCertificate({ certName: '电工', certNumber: 'S1', issuer: 'X', issuedOn: '2019-05-01' }, today).errors).toEqual({});
  });
});

describe('who needs what', () => {
  test('a proof counts through its last day', () => {
    expect(proofValid('2026-11-23', today)).toBe(true);
    expect(proofValid('2026-11-22', today)).toBe(false);
  });
  test('应届毕业生: 注册学籍 not yet past graduation; a 研究生 still needs the previous 学历', () => {
    expect(isGraduatingStudent({ status: '注册学籍', expected_graduation: '2027-06-30' }, today)).toBe(true);
    expect(isGraduatingStudent({ status: '休学', expected_graduation: '2027-06-30' }, today)).toBe(false);
    expect(isGraduatingStudent({ status: '注册学籍', expected_graduation: '2025-06-30' }, today)).toBe(false);
    expect(isGraduatingStudent(null, today)).toBe(false);
    expect(needsPreviousEducation({ level: '硕士研究生' })).toBe(true);
    expect(needsPreviousEducation({ level: '本科' })).toBe(false);
  });
});
