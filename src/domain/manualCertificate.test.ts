import { certNumberYear, isVerifiedCertificate, manualCertificateChangeable, MANUAL_CERT_MESSAGES, parseManualCertificate, shownInPersonalCentre, verificationLabel } from './manualCertificate';

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

describe('教师资格证书信息 lists synced certificates from 2008 (广西 2012) on, and every hand-added one', () => {
  test.each([
    ['synced', '2008-01-01', '440000', true],
    ['synced', '2007-12-31', '440000', false],
    ['synced', '2007-12-31', null, false],
    ['synced', '2010-07-01', '450000', false],
    ['synced', '2012-01-01', '450000', true],
    ['manual', '2003-07-01', '440000', true],
    ['manual', '2003-07-01', '450000', true],
  ] as const)('%s, issued %s in %s → %s', (source, issueDate, province, shown) => {
    expect(shownInPersonalCentre({ source, issue_date: issueDate, province_code: province })).toBe(shown);
  });
});

describe('a hand-added certificate may be corrected or removed until an application or a record holds it', () => {
  test('hand-added and unused: yes; used: no; synced: never', () => {
    expect(manualCertificateChangeable({ source: 'manual' }, false)).toBe(true);
    expect(manualCertificateChangeable({ source: 'manual' }, true)).toBe(false);
    expect(manualCertificateChangeable({ source: 'synced' }, false)).toBe(false);
  });
});
