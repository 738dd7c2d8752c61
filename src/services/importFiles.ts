import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';
import { loadExcel } from './excel';
import { decodeCsv, parseCsv, CsvEncoding } from '../domain/csv';
import { IMPORT_MESSAGES } from '../domain/importKinds';
import { centralDirectoryEntries, findCentralDirectory, judgeZip } from '../domain/zipCheck';

/** A file-level problem (not a spreadsheet, a zip bomb, too many rows …): the whole file is refused with `message`. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface SheetRow { rowNumber: number; cells: unknown[] }
export interface OpenedFile {
  format: 'xlsx' | 'csv';
  encoding: CsvEncoding | null;
  totalBytes: number;
  /** Bytes of the file read so far (the dry run's progress: the row count is not known before the end). */
  bytesRead(): number;
  rows(): AsyncGenerator<SheetRow>;
}

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, length));
  const { bytesRead } = await fd.read(buf, 0, buf.length, position);
  return buf.subarray(0, bytesRead);
}

/** Checks an .xlsx's central directory before inflating anything (domain/zipCheck.ts). */
async function checkZip(filePath: string, size: number): Promise<void> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const tailLength = Math.min(size, 65_557);
    const dir = findCentralDirectory(await readAt(fd, size - tailLength, tailLength));
    if (!dir || dir.offset + dir.size > size) throw new ImportFileError(IMPORT_MESSAGES.brokenXlsx);
    const verdict = judgeZip(centralDirectoryEntries(await readAt(fd, dir.offset, dir.size)));
    if (!verdict.ok) throw new ImportFileError(verdict.reason === 'bomb' ? IMPORT_MESSAGES.bomb : IMPORT_MESSAGES.brokenXlsx);
  } finally {
    await fd.close();
  }
}

/**
 * exceljs 4.4's streaming reader turns each inflated chunk into text on its own, so a Chinese character split across
 * two chunks becomes "��" (exceljs issue #2063, still open): about one cell in a thousand of a real county file. The
 * reader below hands its XML parser text decoded across chunk boundaries instead (a StringDecoder for worksheets, the
 * entry's own UTF-8 decoding for shared strings). It overrides two internal methods of the pinned exceljs (~4.4.0);
 * test/integration/imports.test.ts and the service test read thousands of Chinese cells back to catch a change.
 */
async function* utf8Text(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}
type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;
let utf8Reader: WorkbookReaderClass | null = null;
/** exceljs's WorkbookReader with the UTF-8 fix, made when the first .xlsx is read (exceljs loads lazily). */
async function utf8WorkbookReader(): Promise<WorkbookReaderClass> {
  if (utf8Reader) return utf8Reader;
  const excel = loadExcel();
  class Utf8WorkbookReader extends excel.stream.xlsx.WorkbookReader {}
  const parent = excel.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
  const own = Utf8WorkbookReader.prototype as unknown as ReaderInternals;
  if (typeof parent._parseSharedStrings !== 'function' || typeof parent._parseWorksheet !== 'function') {
    throw new Error('exceljs changed: WorkbookReader internals for the UTF-8 fix are missing (services/importFiles.ts)');
  }
  own._parseSharedStrings = function parseSharedStrings(this: ReaderInternals, entry) {
    entry.setEncoding('utf8');
    return parent._parseSharedStrings.call(this, entry);
  };
  own._parseWorksheet = function parseWorksheet(this: ReaderInternals, iterator, sheetNo) {
    return parent._parseWorksheet.call(this, utf8Text(iterator), sheetNo);
  };
  utf8Reader = Utf8WorkbookReader;
  return utf8Reader;
}

/** The first worksheet's rows, streamed (exceljs's WorkbookReader): a 100,000-row sheet is never all in memory. */
async function* xlsxRows(filePath: string, counter: { bytes: number }): AsyncGenerator<SheetRow> {
  const stream = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => { counter.bytes += chunk.length; });
  // styles: 'cache' so that date-formatted cells come as Dates; hyperlinks are not needed.
  const Reader = await utf8WorkbookReader();
  const reader = new Reader(stream, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        yield { rowNumber: row.number, cells: Array.isArray(values) ? Array.from(values.slice(1)) : [] };
      }
      break; // only the first worksheet is read
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(IMPORT_MESSAGES.brokenXlsx);
  } finally {
    stream.destroy();
  }
}

/**
 * Opens an uploaded file as rows, whatever its name says: a zip (PK) is read as .xlsx after the zip-bomb check,
 * an OLE file (old .xls) is refused by name, text is read as .csv (encoding detected), anything else refused.
 */
export async function openImportFile(filePath: string, originalName: string): Promise<OpenedFile> {
  const { size } = await fs.promises.stat(filePath);
  if (size === 0) throw new ImportFileError(IMPORT_MESSAGES.empty);
  const fd = await fs.promises.open(filePath, 'r');
  const head = await readAt(fd, 0, 8).finally(() => fd.close());
  const lower = originalName.toLowerCase();
  if (head.readUInt32LE(0) === 0x04034b50) {
    await checkZip(filePath, size);
    const counter = { bytes: 0 };
    return { format: 'xlsx', encoding: null, totalBytes: size, bytesRead: () => counter.bytes, rows: () => xlsxRows(filePath, counter) };
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0) throw new ImportFileError(IMPORT_MESSAGES.xls);
  if (lower.endsWith('.xlsx') || lower.endsWith('.xls')) throw new ImportFileError(IMPORT_MESSAGES.brokenXlsx);
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt')) throw new ImportFileError(IMPORT_MESSAGES.notSpreadsheet);
  const decoded = decodeCsv(await fs.promises.readFile(filePath));
  if (!decoded.ok) throw new ImportFileError(IMPORT_MESSAGES.notSpreadsheet);
  const text = decoded.text;
  let position = 0;
  return {
    format: 'csv', encoding: decoded.encoding, totalBytes: text.length, bytesRead: () => position,
    rows: async function* rows() {
      let n = 0;
      for (const fields of parseCsv(text)) {
        n += 1;
        position = Math.min(text.length, position + fields.reduce((s, f) => s + f.length + 1, 0));
        yield { rowNumber: n, cells: fields };
      }
      position = text.length;
    },
  };
}
