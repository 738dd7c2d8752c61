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
      // 港澳居民来往内地通行证 (回乡证): H or M followed by 8 digits (older cards: 10 digits).
      return /^[HM]\d{8}(\d{2})?$/.test(value) ? null : 'format';
    case '4':
      // 五年有效期台湾居民来往大陆通行证: 8 digits (older cards: 10 digits).
      return /^\d{8}(\d{2})?$/.test(value) ? null : 'format';
  }
}

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
