/**
 * Sets a PDF's document information (Title, Subject, Keywords) by an incremental update: a new Info object, a one-entry
 * cross-reference section and a trailer pointing back to the old one (/Prev) are appended, the bytes Chromium wrote stay
 * as they were. Chromium's print-to-PDF writes a classic xref table and trailer, which is all this handles.
 */
export function withPdfInfo(pdf: Buffer, info: { title: string; subject: string; keywords: string }): Buffer {
  const text = pdf.toString('latin1');
  const trailerAt = text.lastIndexOf('trailer');
  const startxrefAt = text.lastIndexOf('startxref');
  const size = /\/Size\s+(\d+)/.exec(text.slice(trailerAt));
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(text.slice(trailerAt));
  const prev = /startxref\s+(\d+)/.exec(text.slice(startxrefAt));
  if (trailerAt < 0 || !size || !root || !prev) throw new Error('withPdfInfo: not a PDF with a classic trailer');
  const id = Number(size[1]);
  const base = pdf.length + 1; // after the newline that starts the update
  const object = `${id} 0 obj\n<< /Title ${utf16(info.title)} /Subject ${utf16(info.subject)} /Keywords (${ascii(info.keywords)}) >>\nendobj\n`;
  const xrefAt = base + Buffer.byteLength(object, 'latin1');
  const tail = `xref\n${id} 1\n${String(base).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${id + 1} /Root ${root[1]} /Info ${id} 0 R /Prev ${prev[1]} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(`\n${object}${tail}`, 'latin1')]);
}

/** A text string in UTF-16BE with its byte-order mark, as hex (Chinese titles). */
function utf16(value: string): string {
  const bytes = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${bytes.toString('hex').toUpperCase()}>`;
}
/** Keywords are our own ASCII marker; anything else is dropped rather than escaped. */
const ascii = (value: string) => value.replace(/[^\x20-\x7e]|[()\\]/g, '');
