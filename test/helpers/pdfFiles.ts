import { deflateSync } from 'node:zlib';

/**
 * Small real PDFs for upload tests, written object by object with a correct cross-reference table (pdfinfo reads
 * them). `pad` adds a comment stream so a file can be made just over or under a size. `objectStream` puts the
 * catalogue and the page tree in a compressed object stream with a cross-reference stream, as Word and scanners do.
 */
export function makePdf(opts: { pages?: number; pad?: number; objectStream?: boolean } = {}): Buffer {
  const pages = opts.pages ?? 1;
  return opts.objectStream ? compressedPdf(pages) : plainPdf(pages, opts.pad ?? 0);
}

function plainPdf(pages: number, pad: number): Buffer {
  const objects: string[] = [];
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`;
  const filler = 'x'.repeat(pad);
  objects[3] = `<< /Length ${filler.length} >>\nstream\n${filler}\nendstream`;
  pageIds.forEach((id, i) => {
    const content = `BT /F1 18 Tf 72 720 Td (Page ${i + 1}) Tj ET`;
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${id + 1} 0 R >>`;
    objects[id + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function compressedPdf(pages: number): Buffer {
  // Objects 1 (catalogue) and 2 (page tree) live in object stream 3; pages and contents are plain objects.
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2);
  const inStream = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`];
  let body = '';
  const rel: number[] = [];
  for (const o of inStream) { rel.push(body.length); body += `${o}\n`; }
  const header = `1 ${rel[0]} 2 ${rel[1]} `;
  const packed = deflateSync(Buffer.from(header + body, 'latin1'));
  const parts: Buffer[] = [];
  let size = 0;
  const push = (s: string | Buffer) => { const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s; parts.push(b); size += b.length; };
  const offsets: Record<number, number> = {};
  push('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n');
  offsets[3] = size;
  push(`3 0 obj\n<< /Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`);
  push(packed);
  push('\nendstream\nendobj\n');
  pageIds.forEach((id, i) => {
    const content = `BT /F1 18 Tf 72 720 Td (Page ${i + 1}) Tj ET`;
    offsets[id] = size;
    push(`${id} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${id + 1} 0 R >>\nendobj\n`);
    offsets[id + 1] = size;
    push(`${id + 1} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
  });
  const xrefId = 4 + pages * 2;
  const count = xrefId + 1;
  // Cross-reference stream: type (1 byte), offset (4 bytes), index (1 byte).
  const rows: number[] = [];
  const row = (t: number, f2: number, f3: number) => rows.push(t, (f2 >>> 24) & 255, (f2 >>> 16) & 255, (f2 >>> 8) & 255, f2 & 255, f3);
  const xrefAt = size;
  for (let id = 0; id < count; id += 1) {
    if (id === 0) row(0, 0, 255);
    else if (id === 1 || id === 2) row(2, 3, id - 1);
    else if (id === xrefId) row(1, xrefAt, 0);
    else row(1, offsets[id], 0);
  }
  const xrefData = deflateSync(Buffer.from(rows));
  push(`${xrefId} 0 obj\n<< /Type /XRef /Size ${count} /W [1 4 1] /Root 1 0 R /Filter /FlateDecode /Length ${xrefData.length} >>\nstream\n`);
  push(xrefData);
  push(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}
