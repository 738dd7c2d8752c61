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

/**
 * The zone's offset from UTC at an instant, in ms. Asking Intl costs microseconds per call and staff lists format
 * dozens of instants per page (issue 8), so the answer is kept per zone and quarter hour of UTC: offsets are whole
 * minutes and zones change them only on quarter hours of UTC (every rule since 1970), so one answer serves the bucket.
 */
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const offsets = new Map<string, number>();
function offsetMs(instantMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instantMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const parts = formatter(timeZone, true).formatToParts(instantMs);
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    offset = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')) - Math.floor(instantMs / 60_000) * 60_000;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}
const two = (n: number) => String(n).padStart(2, '0');
/** The wall clock of an instant in a zone, as a Date whose UTC fields carry it. */
const wallClock = (instant: Date, timeZone: string) => new Date(instant.getTime() + offsetMs(instant.getTime(), timeZone));

const dateOf = (w: Date) => `${String(w.getUTCFullYear()).padStart(4, '0')}-${two(w.getUTCMonth() + 1)}-${two(w.getUTCDate())}`;

/** The calendar date of an instant in a time zone, e.g. Asia/Shanghai. */
export function localDate(instant: Date, timeZone: string): string {
  return dateOf(wallClock(instant, timeZone));
}

/** "2026-11-23 14:05" in the time zone. */
export function localDateTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${dateOf(w)} ${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`;
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
