/**
 * What one spreadsheet cell holds, as the import reads it: text, a number, a date, a formula (its cached
 * result is used — decision: a file saved by Excel carries the value the user saw; a formula with no cached
 * result is refused, never evaluated), an error value (#N/A …), rich text or a hyperlink.
 */
import { isIsoDate } from './dates';

export type CellValue = string | number | Date | null;
export type CellResult = { ok: true; value: CellValue } | { ok: false; reason: string };

export const CELL_MESSAGES = {
  formulaWithoutResult: '为公式且没有计算结果，请在Excel中打开并保存后再导入，或将公式改为数值',
  errorValue: (e: string) => `为错误值 ${e}`,
  unreadable: '的内容无法识别',
} as const;

/** Turns whatever exceljs (or the csv reader) gives for a cell into text, a number, a Date or empty. */
export function readCell(raw: unknown): CellResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'string') return { ok: true, value: raw.trim() === '' ? null : raw.trim() };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, reason: CELL_MESSAGES.unreadable };
  if (typeof raw === 'boolean') return { ok: true, value: raw ? '是' : '否' };
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { ok: false, reason: CELL_MESSAGES.unreadable } : { ok: true, value: raw };
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      if (!('result' in o) || o.result === undefined || o.result === null) return { ok: false, reason: CELL_MESSAGES.formulaWithoutResult };
      return readCell(o.result);
    }
    if ('error' in o) return { ok: false, reason: CELL_MESSAGES.errorValue(String(o.error)) };
    if (Array.isArray(o.richText)) return readCell(o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join(''));
    if ('text' in o) return readCell(typeof o.text === 'string' ? o.text : readText(o.text));
  }
  return { ok: false, reason: CELL_MESSAGES.unreadable };
}

function readText(v: unknown): string {
  const r = readCell(v);
  return r.ok && r.value !== null ? String(r.value) : '';
}

/**
 * A cell's value as text. Long numbers (ID and certificate numbers typed into a number cell) have lost their
 * last digits in Excel already: they are refused instead of being read as a different number.
 */
export function cellText(value: CellValue): { ok: true; text: string } | { ok: false; reason: string } {
  if (value === null) return { ok: true, text: '' };
  if (typeof value === 'string') return { ok: true, text: value };
  if (value instanceof Date) return { ok: true, text: dateOfDateCell(value) };
  if (!Number.isSafeInteger(value) && Number.isInteger(value)) return { ok: false, reason: '为超过15位的数字，Excel已丢失末尾数字，请将该列设为“文本”格式后重新填写' };
  return { ok: true, text: String(value) };
}

const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30); // serial 0; serial 60 (1900-02-29, a Lotus bug) never names a real day we accept
const DAY_MS = 86_400_000;

/** exceljs gives a date cell as the UTC instant of its wall-clock time; the calendar day is in UTC fields (rounded to the minute). */
function dateOfDateCell(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 60_000) * 60_000);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

export const DATE_MESSAGES = {
  empty: '不能为空',
  format: '日期格式不正确，请填写如 2008-07-01、2008/7/1 或 20080701',
  future: '不能晚于今天',
} as const;

/**
 * A date as typed or stored: text (2008-07-01, 2008/7/1, 2008.7.1, 2008年7月1日, 20080701, with an optional time
 * after it), an Excel date serial number (39630 = 2008-07-01), an eight-digit number, or a date cell.
 * Answers 'YYYY-MM-DD' or the Chinese reason; `today` ('YYYY-MM-DD') refuses dates after it when given.
 */
export function parseDate(value: CellValue, today?: string): { ok: true; date: string } | { ok: false; reason: string } {
  let iso: string | null = null;
  if (value === null || (typeof value === 'string' && value.trim() === '')) return { ok: false, reason: DATE_MESSAGES.empty };
  if (value instanceof Date) iso = dateOfDateCell(value);
  else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 19000101 && value <= 29991231) iso = fromDigits(String(value));
    else if (value >= 1 && value < 2958466) iso = dateOfDateCell(new Date(EXCEL_EPOCH_UTC + Math.floor(value + 1e-9) * DAY_MS));
  } else {
    const text = value.replace(/[\s\u3000]+/g, ' ').trim().replace(/\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '').replace(/T\d{2}:\d{2}.*$/, '');
    const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
    if (parts) iso = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
    else if (/^\d{8}$/.test(text)) iso = fromDigits(text);
    else if (/^\d{5}(\.\d+)?$/.test(text)) return parseDate(Number(text), today); // a serial number exported as text
  }
  if (!iso || !isIsoDate(iso)) return { ok: false, reason: DATE_MESSAGES.format };
  if (today && iso > today) return { ok: false, reason: DATE_MESSAGES.future };
  return { ok: true, date: iso };
}

function fromDigits(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}
