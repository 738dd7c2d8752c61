/** Rules for names, passwords, e-mail, mobiles and masking, as the national system states them. */

/** 姓名间隔符: the only dot the system keeps inside minority names. */
export const NAME_SEPARATOR = '\u00B7';
/** Look-alike dots people type instead (bullets, katakana and full-width dots, ASCII full stop …). */
const DOT_LOOKALIKES = /\s*[\u00B7\u2022\u2027\u30FB\uFF65\u22C5\u2219\u0387\u16EB\u2E31\uFF0E\u318D\u10FB.\u3002]\s*/g;

export function normaliseName(raw: string): string {
  return raw.trim().replace(DOT_LOOKALIKES, NAME_SEPARATOR);
}

const HAN = '\\p{Script=Han}';
const CHINESE_NAME = new RegExp(`^${HAN}+(\u00B7${HAN}+)*$`, 'u');
// Holders of 港澳台 documents may have names in Latin letters too.
const FOREIGN_NAME = new RegExp(`^[${HAN}A-Za-z]+([ \u00B7][${HAN}A-Za-z]+)*$`, 'u');

export type NameProblem = 'empty' | 'tooLong' | 'chars';

export function nameProblem(name: string, idType: string): NameProblem | null {
  if (!name) return 'empty';
  if ([...name].length > 30) return 'tooLong';
  const pattern = idType === '1' ? CHINESE_NAME : FOREIGN_NAME;
  if (!pattern.test(name)) return 'chars';
  return null;
}

export const PASSWORD_SPECIALS = '#%*-_!@$&';

export type PasswordProblem = 'empty' | 'length' | 'chars' | 'mix';

/** 8+ characters mixing digits, letters and specials from #%*-_!@$& (and nothing else). */
export function passwordProblem(password: string): PasswordProblem | null {
  if (!password) return 'empty';
  if (password.length < 8 || password.length > 32) return 'length';
  if (!/^[A-Za-z0-9#%*\-_!@$&]+$/.test(password)) return 'chars';
  if (!/[0-9]/.test(password) || !/[A-Za-z]/.test(password) || !/[#%*\-_!@$&]/.test(password)) return 'mix';
  return null;
}

export function isEmail(value: string): boolean {
  return value.length <= 100 && /^[^\s@<>"']+@[^\s@<>"']+\.[A-Za-z0-9-]{2,}$/.test(value);
}

export function isMobile(value: string): boolean {
  return /^1\d{10}$/.test(value);
}

export function isSmsCode(value: string): boolean {
  return /^\d{6}$/.test(value);
}

/** 37**********3X: first two and last two characters kept. */
export function maskIdNumber(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return value.slice(0, 2) + '*'.repeat(value.length - 4) + value.slice(-2);
}

/** 139****5677 */
export function maskMobile(value: string): string {
  if (value.length !== 11) return maskIdNumber(value);
  return `${value.slice(0, 3)}****${value.slice(7)}`;
}

/** z****@qq.com */
export function maskEmail(value: string): string {
  const at = value.indexOf('@');
  if (at < 1) return value;
  return `${value[0]}****${value.slice(at)}`;
}

/** 张* / 欧*** : the first character only. */
export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}
