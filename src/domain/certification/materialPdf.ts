import { inflateSync } from 'node:zlib';

/**
 * 全程网办 上传材料 (seed 002 §3.2.5: "材料上传仅限 PDF 文件，所有文件均为 PDF 文件，每项材料的文件应小于 1M"): a file is
 * taken by what it is, never by its name or the type the browser claims. A light structural reading, not a renderer:
 * the `%PDF-` header, an `%%EOF` with a `startxref` that points inside the file at a cross-reference table or stream,
 * and a page tree whose `/Count` says at least one page (read from plain objects, or from inside compressed object
 * streams, where Word and most scanners put it). Pure.
 */
export const MATERIAL_MAX_BYTES = 1024 * 1024;

export const MATERIAL_MESSAGES = {
  noFile: '请选择要上传的 PDF 文件',
  notPdf: '材料上传仅限 PDF 文件，所选文件不是 PDF 文件',
  tooLarge: '每项材料的文件应小于 1M，请压缩后重新上传',
  unreadable: '所选 PDF 文件已损坏或无法读取，请重新生成 PDF 后上传',
  noPages: '所选 PDF 文件没有页面，请重新生成 PDF 后上传',
  badItem: '请选择认定机构要求上传的材料',
  closed: '只有认定状态为“网报待确认”时才能上传或删除材料',
  notOnline: '您选择的认定机构未开通全程网办，无需上传材料',
  uploaded: (item: string) => `“${item}”已上传`,
  deleted: (item: string) => `“${item}”已删除`,
} as const;

export type MaterialCheck = { ok: true; pages: number } | { ok: false; message: string };

const HEADER = /^%PDF-[12]\.\d/;

/** The largest `/Count` of a `/Type /Pages` dictionary in this text (the root's is the document's page count). */
function pageTreeCount(text: string): number | null {
  let best: number | null = null;
  const dict = /\/Type\s*\/Pages\b([^]*?)>>/g;
  for (let m = dict.exec(text); m; m = dict.exec(text)) {
    // /Count may sit before /Type in the same dictionary: look a little behind the match as well.
    const around = text.slice(Math.max(0, m.index - 300), m.index + m[0].length);
    const counts = [...around.matchAll(/\/Count\s+(\d{1,7})\b/g)].map((c) => Number(c[1]));
    for (const n of counts) best = best === null ? n : Math.max(best, n);
  }
  return best;
}

/** The decompressed text of the file's object streams (FlateDecode), as far as they inflate. */
function objectStreamsText(text: string, bytes: Buffer): string {
  const parts: string[] = [];
  const head = /\/Type\s*\/ObjStm\b[^]*?stream\r?\n/g;
  for (let m = head.exec(text); m && parts.length < 200; m = head.exec(text)) {
    if (!/\/FlateDecode/.test(m[0])) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      parts.push(inflateSync(bytes.subarray(start, end), { maxOutputLength: 8 * MATERIAL_MAX_BYTES }).toString('latin1'));
    } catch {
      // a damaged or differently filtered stream: the plain objects may still name the page tree
    }
  }
  return parts.join('\n');
}

export function checkMaterialPdf(bytes: Buffer | null): MaterialCheck {
  if (!bytes || bytes.length === 0) return { ok: false, message: MATERIAL_MESSAGES.noFile };
  if (bytes.length >= MATERIAL_MAX_BYTES) return { ok: false, message: MATERIAL_MESSAGES.tooLarge };
  // latin1 keeps one character per byte, so offsets in the text are offsets in the file.
  const text = bytes.toString('latin1');
  if (!HEADER.test(text)) return { ok: false, message: MATERIAL_MESSAGES.notPdf };
  const tail = text.slice(-2048);
  const xref = /startxref\s+(\d{1,9})\s+%%EOF\s*$/.exec(tail);
  if (!xref) return { ok: false, message: MATERIAL_MESSAGES.unreadable };
  const at = Number(xref[1]);
  if (at >= bytes.length || !/^(xref\b|\d+\s+\d+\s+obj\b)/.test(text.slice(at, at + 40))) return { ok: false, message: MATERIAL_MESSAGES.unreadable };
  const pages = pageTreeCount(text) ?? pageTreeCount(objectStreamsText(text, bytes));
  if (pages === null) return { ok: false, message: MATERIAL_MESSAGES.unreadable };
  if (pages < 1) return { ok: false, message: MATERIAL_MESSAGES.noPages };
  return { ok: true, pages };
}

/** A file name to show beside an upload: the browser's, without a path, control characters or more than 100 characters. */
export function materialFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...clean].slice(0, 100).join('') || '材料.pdf';
}
