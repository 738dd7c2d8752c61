/** The one error contract: validators return { field: message }; services return Result. */
export type FieldErrors = Record<string, string>;

export type Result<T = void> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (errors: FieldErrors): Result<never> => ({ ok: false, errors });

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** A form value as one trimmed string: arrays (repeated keys) and objects become ''/first string, never a crash. */
export function text(body: unknown, name: string, maxLength = 200): string {
  if (!body || typeof body !== 'object') return '';
  let value = (body as Record<string, unknown>)[name];
  if (Array.isArray(value)) value = value.find((v) => typeof v === 'string');
  if (typeof value !== 'string') return '';
  // Control characters never belong in a form value (PostgreSQL refuses NUL in text). Cut absurdly long
  // input early, by characters not UTF-16 units, keeping one extra so validators still see "too long".
  return [...value.replace(CONTROL_CHARS, '').trim()].slice(0, maxLength + 1).join('');
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Every string a form sent under one name (repeated checkboxes arrive as an array; one value as a string), as sent. */
export function texts(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[name];
  return ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === 'string');
}

/** A password field: not trimmed (spaces are then refused by the policy, not silently removed). */
export function secret(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value.slice(0, 100) : '';
}

/**
 * A database id from a URL or form: 1 to 9 digits, else null. Number() alone lets "1e9999" (Infinity)
 * or 20-digit values through, which PostgreSQL refuses with an error instead of finding nothing.
 */
export function parseId(value: unknown): number | null {
  return typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}
