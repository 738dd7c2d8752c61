import { M } from '../messages';
import { FieldErrors, text, secret } from './validation';
import {
  IdTypeCode, asksLocalIdNumber, asksPassNumber, idNumberProblem, isIdTypeCode, localIdNumberProblem, normaliseIdNumber,
  normaliseLocalIdNumber, passNumberProblem, passTypeOfResidencePermit,
} from './identity';
import { isEmail, isMobile, isSmsCode, nameProblem, normaliseName, passwordProblem } from './personalInfo';
import { ID_VALIDITIES, idValidUntil, isIsoDate } from './dates';

/** Parsing and validation of the account forms: pure functions, the server-side truth. */

export function checkIdentityDocument(idType: string, rawNumber: string, today: Date, errors: FieldErrors): string {
  const idNumber = normaliseIdNumber(rawNumber);
  if (!isIdTypeCode(idType)) errors.idType = M.choose('证件类型');
  if (!idNumber) errors.idNumber = M.required('证件号码');
  else if (idNumber.length > 30) errors.idNumber = M.idNumber.format;
  else if (isIdTypeCode(idType)) {
    const problem = idNumberProblem(idType, idNumber, today);
    if (problem) errors.idNumber = problem === 'empty' ? M.required('证件号码') : M.idNumber[problem];
  }
  return idNumber;
}

export function checkName(rawName: string, idType: string, errors: FieldErrors, field = 'name'): string {
  const name = normaliseName(rawName);
  const problem = nameProblem(name, idType);
  if (problem === 'empty') errors[field] = M.required('姓名');
  else if (problem === 'tooLong') errors[field] = M.name.tooLong;
  else if (problem) errors[field] = M.name.chars;
  return name;
}

export function checkNewPassword(password: string, confirm: string, errors: FieldErrors, field = 'password', confirmField = 'password2'): void {
  if (passwordProblem(password)) errors[field] = password ? M.password.policy : M.required('密码');
  if (!confirm) errors[confirmField] = M.required('确认密码');
  else if (password !== confirm) errors[confirmField] = M.password.mismatch;
}

export function checkMobile(mobile: string, errors: FieldErrors, field = 'mobile'): void {
  if (!mobile) errors[field] = M.required('手机号码');
  else if (!isMobile(mobile)) errors[field] = M.mobile;
}

export function checkSmsCode(code: string, errors: FieldErrors, field = 'smsCode'): void {
  if (!code) errors[field] = M.required('短信验证码');
  else if (!isSmsCode(code)) errors[field] = M.sms.format;
}

export interface RegistrationInput {
  idType: IdTypeCode;
  idNumber: string;
  name: string;
  password: string;
  email: string;
  mobile: string;
  smsCode: string;
}

/** Values to show again after an error (never the passwords). */
export type Echo = Record<string, string>;

export function parseRegistration(body: unknown, today: Date): { input: RegistrationInput; errors: FieldErrors; echo: Echo } {
  const errors: FieldErrors = {};
  const idType = text(body, 'idType', 2);
  const idNumber = checkIdentityDocument(idType, text(body, 'idNumber', 30), today, errors);
  const name = checkName(text(body, 'name', 30), idType, errors);
  const password = secret(body, 'password');
  checkNewPassword(password, secret(body, 'password2'), errors);
  const email = text(body, 'email', 100);
  if (!email) errors.email = M.required('安全邮箱');
  else if (!isEmail(email)) errors.email = M.email;
  const mobile = text(body, 'mobile', 11);
  checkMobile(mobile, errors);
  const smsCode = text(body, 'smsCode', 6);
  checkSmsCode(smsCode, errors);
  if (text(body, 'agree') !== '1') errors.agree = M.agreement;
  return {
    input: { idType: idType as IdTypeCode, idNumber, name, password, email, mobile, smsCode },
    errors,
    echo: { idType, idNumber, name, email, mobile, smsCode, agree: text(body, 'agree') === '1' ? '1' : '' },
  };
}

export interface IdentityInput {
  ethnicityCode: string;
  validity: string;
  validFrom: string;
  validTo: string | null;
  email: string;
  sex: string;
  birthDate: string;
  /** 港澳或台湾当地有效身份证件号码 (types 2–4), normalised; '' when not asked. */
  localIdNumber: string;
  /** 通行证号码 (type 2), normalised; '' when not asked. */
  passNumber: string;
}

/**
 * The account's document as the identity form needs it: type and number, and which 港澳台 numbers it already holds
 * (the form never shows them in full, so an empty field keeps the stored one).
 */
export interface IdentityDocument { type: string; number: string; hasLocalIdNumber: boolean; hasPassNumber: boolean }

/**
 * 002 §2.1 b–c for the account's document: its holder's 港澳或台湾当地有效身份证件号码 (types 2–4) and, for a 居住证,
 * 通行证号码, normalised; '' when not asked or left empty to keep the stored one.
 */
export function checkSupplements(body: unknown, document: IdentityDocument, errors: FieldErrors): { localIdNumber: string; passNumber: string } {
  let localIdNumber = '';
  let passNumber = '';
  if (asksLocalIdNumber(document.type)) {
    localIdNumber = normaliseLocalIdNumber(text(body, 'localIdNumber', 60));
    const problem = localIdNumberProblem(localIdNumber);
    if (problem === 'empty' && document.hasLocalIdNumber) localIdNumber = '';
    else if (problem === 'empty') errors.localIdNumber = M.required('港澳或台湾当地有效身份证件号码');
    else if (problem === 'tooLong') errors.localIdNumber = M.identity.localIdNumberTooLong;
    else if (problem) errors.localIdNumber = M.identity.localIdNumber;
  }
  if (asksPassNumber(document.type)) {
    passNumber = normaliseIdNumber(text(body, 'passNumber', 30));
    const problem = passNumberProblem(document.number, passNumber);
    if (problem === 'empty' && document.hasPassNumber) passNumber = '';
    else if (problem === 'empty') errors.passNumber = M.required('通行证号码');
    else if (problem) errors.passNumber = passTypeOfResidencePermit(document.number) === '4' ? M.identity.passNumberTaiwan : M.identity.passNumberHkMacao;
  }
  return { localIdNumber, passNumber };
}

/**
 * 修改个人身份信息 (and the first-login completion): 民族, 证件有效时段 + 开始日期 (end computed), 安全邮箱;
 * 性别 and 出生日期 only for document types that do not carry them; the 港澳台 numbers of `checkSupplements` for the
 * account's `document` (none without it: a posted value is then ignored).
 */
export function parseIdentity(body: unknown, opts: {
  askSexAndBirth: boolean; ethnicityCodes: string[]; today: string; requireEmail: boolean; document?: IdentityDocument;
}): { input: IdentityInput; errors: FieldErrors; echo: Echo } {
  const errors: FieldErrors = {};
  const { localIdNumber, passNumber } = opts.document ? checkSupplements(body, opts.document, errors) : { localIdNumber: '', passNumber: '' };
  const ethnicityCode = text(body, 'ethnicityCode', 4);
  if (!opts.ethnicityCodes.includes(ethnicityCode)) errors.ethnicityCode = M.identity.ethnicity;
  const validity = text(body, 'validity', 4);
  if (!ID_VALIDITIES.some((v) => v.code === validity)) errors.validity = M.identity.validity;
  const validFrom = text(body, 'validFrom', 10);
  if (!isIsoDate(validFrom)) errors.validFrom = M.identity.validFrom;
  else if (validFrom > opts.today) errors.validFrom = M.identity.validFromFuture;
  const validTo = !errors.validity && !errors.validFrom ? idValidUntil(validity, validFrom) : null;
  if (validTo && validTo < opts.today) errors.validFrom = M.identity.expired;
  const email = text(body, 'email', 100);
  if (opts.requireEmail) {
    if (!email) errors.email = M.required('安全邮箱');
    else if (!isEmail(email)) errors.email = M.email;
  }
  let sex = '';
  let birthDate = '';
  if (opts.askSexAndBirth) {
    sex = text(body, 'sex', 1);
    if (sex !== '1' && sex !== '2') errors.sex = M.identity.sex;
    birthDate = text(body, 'birthDate', 10);
    if (!isIsoDate(birthDate) || birthDate > opts.today) errors.birthDate = M.identity.birthDate;
  }
  return {
    input: { ethnicityCode, validity, validFrom, validTo, email, sex, birthDate, localIdNumber, passNumber },
    errors,
    echo: { ethnicityCode, validity, validFrom, email, sex, birthDate, localIdNumber, passNumber },
  };
}
