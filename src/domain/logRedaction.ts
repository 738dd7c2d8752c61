import { maskEmail, maskIdNumber, maskMobile } from './personalInfo';

/*
 * Log lines never carry personal data (issue 13). Our own lines name records by id or 报名号; what can still bring
 * personal data in is other code's error text: a mail server's "550 <someone@example.com> rejected", a database
 * error that quotes the SQL with its values, a gateway echoing the number. Such text passes through here first.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** 18-character 居民身份证 numbers (and the old 15-digit ones): digits not inside a longer run of digits. */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
/** Knex puts the statement with its values inlined before the driver's message: "insert into … values (…) - SQLITE_…". */
const SQL_PREFIX = /^(?:select|insert|update|delete|with)\s[\s\S]* - (?=[^\n]*$)/i;

/** `text` with e-mail addresses, ID numbers and mobiles masked as on screen, and a quoted SQL statement left out. */
export function redactPersonalData(text: string): string {
  return text.split('\n').map((line) => line.replace(SQL_PREFIX, '[SQL left out] - '))
    .join('\n')
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(ID_NUMBER, (m) => maskIdNumber(m))
    .replace(MOBILE, (m) => maskMobile(m));
}

/** What a log line says of an error: its stack (or message), redacted. */
export function describeError(err: unknown, withStack = false): string {
  const text = err instanceof Error ? (withStack && err.stack ? err.stack : err.message) : String(err);
  return redactPersonalData(text);
}
