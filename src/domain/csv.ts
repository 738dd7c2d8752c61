/**
 * .csv as county offices have them: saved by Excel in GBK ("CSV (逗号分隔)") or in UTF-8 (with or without a BOM),
 * fields quoted by RFC 4180 rules. The encoding is detected, not asked: a file that is valid UTF-8 is UTF-8 (GBK
 * text of any length is almost never valid UTF-8), anything else is read as GB18030 (a superset of GBK).
 */
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'gbk' | 'utf-16le';

export function decodeCsv(buf: Buffer): { ok: true; text: string; encoding: CsvEncoding } | { ok: false } {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  if (body.includes(0)) return { ok: false }; // NUL bytes: a binary file, not text
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { ok: true, text: iconv.decode(body, 'gb18030'), encoding: 'gbk' };
  }
}

/** The separator: a comma, unless the first line has tabs and no comma ("文本文件(制表符分隔)"). */
function separatorOf(text: string): string {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/**
 * The records of a csv text, one array of fields each; quoted fields may hold separators, quotes ("") and line
 * breaks. Record numbers count records, which is the row number Excel shows when it opens the file.
 */
export function* parseCsv(text: string): Generator<string[]> {
  const sep = separatorOf(text);
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i += 1; continue;
      }
      field += ch; i += 1; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i += 1; continue; }
    if (ch === sep) { fields.push(field); field = ''; i += 1; continue; }
    if (ch === '\r' || ch === '\n') {
      fields.push(field);
      yield fields;
      fields = []; field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += ch; i += 1;
  }
  if (field !== '' || fields.length) { fields.push(field); yield fields; }
}

/** One csv field as written: quoted when it holds a separator, a quote or a line break (templates and tests). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One record of a .csv we write (RFC 4180 quoting). A field starting with = + - @ (or a tab/CR) is prefixed with ',
 * so a spreadsheet opening the file never runs it as a formula (CSV injection): audit details hold what people typed.
 */
export function csvRecord(fields: readonly (string | number | null)[]): string {
  return fields.map((value) => {
    const text = value === null ? '' : String(value);
    return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
  }).join(',');
}
