/**
 * What a counter clerk types or scans, made comparable. A barcode scanner in a Chinese input method's
 * full-width mode types ０-９, and people paste numbers with spaces (also the full-width one, U+3000).
 */

/** Full-width digits and letters (U+FF10–FF5A) as ASCII, every kind of space removed. */
export function halfWidth(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

/** A 报名号 (eight digits) from what was scanned or typed, or null when it cannot be one. */
export function parseApplicationNo(raw: string): string | null {
  const value = halfWidth(raw);
  return /^\d{8}$/.test(value) ? value : null;
}

/** A 证件号码 to look up exactly: half-width, a trailing x as X (the GB 11643 check character). */
export function normaliseIdNumber(raw: string): string {
  return halfWidth(raw).toUpperCase();
}

/** A page number from a query string: a positive integer, else 1. */
export function parsePage(raw: unknown): number {
  const value = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return value >= 1 ? value : 1;
}
