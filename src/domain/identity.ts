/**
 * Identity documents: the four 证件类型 of the national system and the rules of their numbers.
 * GB 11643-1999: 17 digits + an ISO 7064 MOD 11-2 check character.
 */
export const ID_TYPES = [
  { code: '1', name: '居民身份证' },
  { code: '2', name: '港澳台居民居住证' },
  { code: '3', name: '港澳居民来往内地通行证' },
  { code: '4', name: '五年有效期台湾居民来往大陆通行证' },
] as const;

export type IdTypeCode = (typeof ID_TYPES)[number]['code'];

export function isIdTypeCode(value: string): value is IdTypeCode {
  return ID_TYPES.some((t) => t.code === value);
}

export function idTypeName(code: string): string {
  return ID_TYPES.find((t) => t.code === code)?.name ?? '';
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits of an 18-character number. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export interface IdFacts {
  sex: '1' | '2'; // 1 男, 2 女
  birthDate: string; // YYYY-MM-DD
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Upper-cases and strips spaces; full-width digits and letters become half-width. */
export function normaliseIdNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

export type IdNumberProblem = 'empty' | 'format' | 'checkDigit' | 'birthDate';

/** UTC midnight of the calendar date in China (UTC+8 all year, no daylight saving) at an instant. */
function chinaToday(instant: Date): number {
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  return Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
}

/** Checks an 18-character GB 11643 number (居民身份证 and 港澳台居民居住证). */
function check18(value: string, today: Date): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(value)) return 'format';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (!validCalendarDate(y, m, d) || y < 1900 || Date.UTC(y, m - 1, d) > chinaToday(today)) return 'birthDate';
  if (gb11643CheckChar(value.slice(0, 17)) !== value[17]) return 'checkDigit';
  return null;
}

/** Returns why a number is not acceptable for the type, or null when it is. Expects a normalised number. */
export function idNumberProblem(type: IdTypeCode, value: string, today: Date): IdNumberProblem | null {
  if (!value) return 'empty';
  switch (type) {
    case '1':
      return check18(value, today);
    case '2': {
      // 港澳台居民居住证: GB 11643 numbers with the address codes 810000 / 820000 / 830000.
      if (!/^8[123]0000/.test(value)) return 'format';
      return check18(value, today);
    }
    case '3':
    case '4':
      return PASS_PATTERNS[type].test(value) ? null : 'format';
  }
}

/** The two 通行证: 港澳居民来往内地通行证 (回乡证), H or M and 8 digits; 台湾居民来往大陆通行证, 8 digits (older cards of both: 10). */
const PASS_PATTERNS = { '3': /^[HM]\d{8}(\d{2})?$/, '4': /^\d{8}(\d{2})?$/ } as const;

/** Sex and birth date carried by an 18-character GB 11643 number; null for the other types. */
export function factsFromIdNumber(type: IdTypeCode, value: string): IdFacts | null {
  if ((type !== '1' && type !== '2') || !/^\d{17}[\dX]$/.test(value)) return null;
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const sex = Number(value[16]) % 2 === 1 ? '1' : '2';
  return { sex, birthDate };
}

export function carriesFacts(type: string): boolean {
  return type === '1' || type === '2';
}

/*
 * 002 §2.1 b–c, first login: the holders of the three non-mainland documents add the number of their 港澳 or 台湾
 * local identity card (港澳或台湾当地有效身份证件号码); a 港澳台居民居住证 holder also adds the number of the 通行证
 * they travel with (通行证号码). 居民身份证 holders are asked neither.
 */
export function asksLocalIdNumber(type: string): boolean {
  return type === '2' || type === '3' || type === '4';
}

export function asksPassNumber(type: string): boolean {
  return type === '2';
}

/** Full-width letters, digits, brackets and dashes become half-width, spaces go, letters are upper-cased. */
export function normaliseLocalIdNumber(raw: string): string {
  return normaliseIdNumber(raw.replace(/[\uFF08\uFF09\uFF0D]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\u2010-\u2015\u2212]/g, '-'));
}

export const LOCAL_ID_NUMBER_MAX = 30;
export type LocalIdNumberProblem = 'empty' | 'tooLong' | 'format';

/**
 * A 港澳 or 台湾 local ID number (normalised): at most 30 letters and digits, with at least one digit; hyphens only
 * between them; at most one pair of round brackets, closing the number, around its 1–2 character check code. So
 * 香港 A123456(7) and AB123456(A), 澳门 1234567(8), 台湾 A123456789 pass; the issuers' other layouts are not checked
 * (a wrong but well-formed number is the teacher's to answer for, as with any typed number).
 */
export function localIdNumberProblem(value: string): LocalIdNumberProblem | null {
  if (!value) return 'empty';
  if ([...value].length > LOCAL_ID_NUMBER_MAX) return 'tooLong';
  return /^[A-Z0-9]+(-[A-Z0-9]+)*(\([A-Z0-9]{1,2}\))?$/.test(value) && /\d/.test(value) ? null : 'format';
}

/**
 * The 通行证 a 居住证 holder travels with, from the 居住证's address code: 810000 香港 and 820000 澳门 the
 * 港澳居民来往内地通行证 (type 3), 830000 台湾 the 台湾居民来往大陆通行证 (type 4).
 */
export function passTypeOfResidencePermit(residenceNumber: string): '3' | '4' {
  return residenceNumber.startsWith('83') ? '4' : '3';
}

/** Whether a 居住证 holder's 通行证号码 (normalised) has the form of their region's 通行证 (the rules of types 3 and 4). */
export function passNumberProblem(residenceNumber: string, value: string): 'empty' | 'format' | null {
  if (!value) return 'empty';
  return PASS_PATTERNS[passTypeOfResidencePermit(residenceNumber)].test(value) ? null : 'format';
}

/** The 002 §2.1 b–c numbers an account's holder still owes (by column), from its document type. */
export function missingSupplements(account: { id_type: string; local_id_number: string | null; pass_number: string | null }): Array<'local_id_number' | 'pass_number'> {
  const missing: Array<'local_id_number' | 'pass_number'> = [];
  if (asksLocalIdNumber(account.id_type) && !account.local_id_number) missing.push('local_id_number');
  if (asksPassNumber(account.id_type) && !account.pass_number) missing.push('pass_number');
  return missing;
}
