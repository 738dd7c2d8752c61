import { certNumberYear, isVerifiedCertificate, MANUAL_CERT_MESSAGES, parseManualCertificate, verificationLabel } from './manualCertificate';

const ctx = { account: { name: '李明', idNumber: '440781198503151236' }, provinces: ['440000', '450000'], qualifications: ['1', '2', '3'], subjects: ['NONE', 'C04'], today: '2026-11-23' };
const body = { holderName: '李明', idNumber: '440781198503151236', certNumber: '20024478131000777', issueDate: '2002-07-01', provinceCode: '440000', cityName: '江门市', qualificationCode: '3', subjectCode: 'C04', authority: '台山市教育局' };

describe('添加教师资格证书信息', () => {
  test('certificate number years', () => {
    expect(certNumberYear('20024478131000777')).toBe(2002);
    expect(certNumberYear('981234567890123')).toBe(1998);
    expect(certNumberYear('1234')).toBeNull();
  });
  test('a valid pre-2008 certificate passes', () => {
    expect(parseManualCertificate(body, ctx).errors).toEqual({});
  });
  test.each([
    [{ issueDate: '2008-01-01' }, 'issueDate', MANUAL_CERT_MESSAGES.synced],
    [{ provinceCode: '450000', issueDate: '2011-12-31', certNumber: '20114581310007770' }, null, null],
    [{ provinceCode: '450000', issueDate: '2012-01-01' }, 'issueDate', MANUAL_CERT_MESSAGES.synced],
    [{ certNumber: '951234567890123' }, 'certNumber', MANUAL_CERT_MESSAGES.number],
    [{ certNumber: 'abc' }, 'certNumber', MANUAL_CERT_MESSAGES.number],
    [{ idNumber: '11010519491231002X' }, 'holderName', MANUAL_CERT_MESSAGES.holder],
    [{ issueDate: '1995-12-31' }, 'issueDate', '证书签发日期须在1996年1月1日之后且不晚于今天'],
    [{ subjectCode: 'X' }, 'subjectCode', '请选择任教学科（证书上没有任教学科的选“无”）'],
  ])('%o', (change, field, message) => {
    const errors = parseManualCertificate({ ...body, ...change }, ctx).errors;
    if (field) expect(errors[field]).toBe(message);
    else expect(errors).toEqual({});
  });
});

describe('whether a certificate counts as genuine', () => {
  test.each([
    ['synced', null, true, null],
    ['manual', 'pending', false, '待人工核验'],
    ['manual', null, false, '待人工核验'],
    ['manual', 'rejected', false, '核验未通过'],
    ['manual', 'verified', true, null],
  ])('%s / %s', (source, verify_status, genuine, label) => {
    expect(isVerifiedCertificate({ source, verify_status })).toBe(genuine);
    expect(verificationLabel({ source, verify_status })).toBe(label);
  });
});
