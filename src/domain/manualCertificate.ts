import { FieldErrors, text } from './validation';
import { isIsoDate } from './dates';

/**
 * 添加教师资格证书信息 (seed 000 step 3): only certificates the system cannot sync may be added by hand —
 * issued before 2008 (广西 before 2012). Numbers are 15 or 17 digits; the year they carry must fit.
 */
export const MANUAL_CERT_MESSAGES = {
  synced: '2008年及以后(广西2012年及以后)获得的教师资格证书, 系统可以同步到证书信息, 不允许手动添加证书。',
  number: '教师资格证书号码不规范，请检查您的证书号码，或者去发证机关规范教师资格证书后再报名',
  exists: '该证书已在系统中，不需要添加；如未显示在列表中，请确认证书上的姓名、证件号码与账号信息一致',
  holder: '持证人和身份证件号码须与本账号的姓名、证件号码一致',
  photo: '请上传证书照片',
} as const;

const GUANGXI = '450000';

export interface ManualCertificateInput {
  holderName: string; idNumber: string; certNumber: string; issueDate: string; provinceCode: string; cityName: string;
  qualificationCode: string; subjectCode: string; authority: string;
}

/** The year a certificate number carries: 17 digits start with it, 15 digits with its last two digits. */
export function certNumberYear(certNumber: string): number | null {
  if (/^\d{17}$/.test(certNumber)) return Number(certNumber.slice(0, 4));
  if (/^\d{15}$/.test(certNumber)) return 1900 + Number(certNumber.slice(0, 2));
  return null;
}

export function parseManualCertificate(body: unknown, ctx: {
  account: { name: string; idNumber: string }; provinces: string[]; qualifications: string[]; subjects: string[]; today: string;
}): { input: ManualCertificateInput; errors: FieldErrors } {
  const input: ManualCertificateInput = {
    holderName: text(body, 'holderName', 30), idNumber: text(body, 'idNumber', 18).toUpperCase(), certNumber: text(body, 'certNumber', 17),
    issueDate: text(body, 'issueDate', 10), provinceCode: text(body, 'provinceCode', 6), cityName: text(body, 'cityName', 30),
    qualificationCode: text(body, 'qualificationCode', 2), subjectCode: text(body, 'subjectCode', 4), authority: text(body, 'authority', 60),
  };
  const errors: FieldErrors = {};
  if (!input.holderName) errors.holderName = '请填写持证人';
  if (!input.idNumber) errors.idNumber = '请填写身份证件号码';
  if (input.holderName && input.idNumber && (input.holderName !== ctx.account.name || input.idNumber !== ctx.account.idNumber)) errors.holderName = MANUAL_CERT_MESSAGES.holder;
  const year = certNumberYear(input.certNumber);
  if (!input.certNumber) errors.certNumber = '请填写证书号码';
  else if (year === null || year < 1996) errors.certNumber = MANUAL_CERT_MESSAGES.number;
  if (!isIsoDate(input.issueDate)) errors.issueDate = '请填写正确的证书签发日期（如 2005-07-01）';
  else if (input.issueDate > ctx.today || input.issueDate < '1996-01-01') errors.issueDate = '证书签发日期须在1996年1月1日之后且不晚于今天';
  if (!ctx.provinces.includes(input.provinceCode)) errors.provinceCode = '请选择所属省份';
  if (!input.cityName) errors.cityName = '请填写所属市';
  else if ([...input.cityName].length > 30) errors.cityName = '所属市不能超过30个字符';
  if (!ctx.qualifications.includes(input.qualificationCode)) errors.qualificationCode = '请选择资格种类';
  if (!ctx.subjects.includes(input.subjectCode)) errors.subjectCode = '请选择任教学科（证书上没有任教学科的选“无”）';
  if (!input.authority) errors.authority = '请填写认定机构';
  else if ([...input.authority].length > 60) errors.authority = '认定机构不能超过60个字符';
  // Certificates the national system holds cannot be added by hand.
  if (!errors.issueDate && !errors.provinceCode) {
    const cutoff = input.provinceCode === GUANGXI ? '2012-01-01' : '2008-01-01';
    if (input.issueDate >= cutoff) errors.issueDate = MANUAL_CERT_MESSAGES.synced;
  }
  if (!errors.certNumber && year !== null && year >= (input.provinceCode === GUANGXI ? 2012 : 2008)) errors.certNumber = MANUAL_CERT_MESSAGES.synced;
  return { input, errors };
}

/**
 * Whether a certificate row may be taken as genuine: the bureau's synced data, or a hand-entered
 * (pre-2008) one a person has verified against the original. Hand-entered certificates are the
 * applicant's own claim until then, so the public 证书查询 must not answer with them.
 */
export function isVerifiedCertificate(cert: { source: string; verify_status: string | null }): boolean {
  return cert.source === 'synced' || cert.verify_status === 'verified';
}

/** What the personal centre says of a certificate not (yet) verified; null when it is. */
export function verificationLabel(cert: { source: string; verify_status: string | null }): string | null {
  if (isVerifiedCertificate(cert)) return null;
  return cert.verify_status === 'rejected' ? '核验未通过' : '待人工核验';
}

/**
 * 教师资格证书信息 (000 §2.2, 004 §2.2): "本功能仅展示 2008 年及以后（广西壮族自治区是 2012 年及以后）认定的教师资格证书"
 * as synced ones; the teacher's own hand-added (older) certificates are listed too, marked until verified.
 */
export function shownInPersonalCentre(cert: { source: string; issue_date: string; province_code: string | null }): boolean {
  if (cert.source === 'manual') return true;
  return cert.issue_date >= (cert.province_code === GUANGXI ? '2012-01-01' : '2008-01-01');
}

/**
 * A hand-added certificate is the teacher's own claim: it may be corrected (修改, as 000's step 3 shows on its row) or
 * removed until an application holds it — from 提交 on it is part of what the bureau confirms — or a record does.
 */
export function manualCertificateChangeable(cert: { source: string }, used: boolean): boolean {
  return cert.source === 'manual' && !used;
}

export const MANUAL_CERT_CHANGE_MESSAGES = {
  used: '该证书已用于提交的定期注册申请，不能再修改或删除。如证书信息有误，请联系注册机构。',
  notFound: '未找到该证书，或该证书不是您添加的证书',
} as const;
