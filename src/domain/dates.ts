/** Calendar dates as 'YYYY-MM-DD' strings, and "today" in the bureau's time zone. */

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** The calendar date of an instant in a time zone, e.g. Asia/Shanghai. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone, false).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "2026-11-23 14:05" in the time zone. */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = formatter(timeZone, true).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Adds whole years; 29 Feb falls back to 28 Feb in common years. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Adds whole months; a day past the end of the target month falls back to its last day (31 Aug + 6 → 28 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const ID_VALIDITIES = [
  { code: '5', name: '5年', years: 5 },
  { code: '10', name: '10年', years: 10 },
  { code: '20', name: '20年', years: 20 },
  { code: 'long', name: '长期', years: null },
] as const;

/** 身份证件有效截止日期: start + the period; 长期 has none. */
export function idValidUntil(validity: string, start: string): string | null {
  const entry = ID_VALIDITIES.find((v) => v.code === validity);
  if (!entry || entry.years === null) return null;
  return addYears(start, entry.years);
}
