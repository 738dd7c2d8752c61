import { checkMaterialPdf, materialFileName, MATERIAL_MAX_BYTES, MATERIAL_MESSAGES } from './materialPdf';
import { makePdf } from '../../../test/helpers/pdfFiles';

describe('上传材料: a PDF by content (002 §3.2.5)', () => {
  test('a plain PDF and one with its page tree in a compressed object stream are read with their page counts', () => {
    expect(checkMaterialPdf(makePdf({ pages: 2 }))).toEqual({ ok: true, pages: 2 });
    expect(checkMaterialPdf(makePdf({ pages: 3, objectStream: true }))).toEqual({ ok: true, pages: 3 });
  });

  test('nothing, a JPEG named .pdf, text, a truncated PDF, a PDF without pages: each its own message', () => {
    expect(checkMaterialPdf(null)).toEqual({ ok: false, message: MATERIAL_MESSAGES.noFile });
    expect(checkMaterialPdf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toEqual({ ok: false, message: MATERIAL_MESSAGES.notPdf });
    expect(checkMaterialPdf(Buffer.from('hello %PDF-1.4'))).toEqual({ ok: false, message: MATERIAL_MESSAGES.notPdf });
    const whole = makePdf({ pages: 1 });
    expect(checkMaterialPdf(whole.subarray(0, whole.length - 40))).toEqual({ ok: false, message: MATERIAL_MESSAGES.unreadable });
    expect(checkMaterialPdf(Buffer.from('%PDF-1.4\nstartxref\n99999\n%%EOF\n'))).toEqual({ ok: false, message: MATERIAL_MESSAGES.unreadable });
    expect(checkMaterialPdf(makePdf({ pages: 0 }))).toEqual({ ok: false, message: MATERIAL_MESSAGES.noPages });
  });

  test('1 MB or more is refused, just under is taken', () => {
    const overhead = makePdf({ pad: 1_000_000 }).length - 1_000_000; // the same number of digits in /Length
    const under = makePdf({ pad: MATERIAL_MAX_BYTES - 1 - overhead });
    expect(under.length).toBe(MATERIAL_MAX_BYTES - 1);
    expect(checkMaterialPdf(under).ok).toBe(true);
    expect(checkMaterialPdf(makePdf({ pad: MATERIAL_MAX_BYTES - overhead }))).toEqual({ ok: false, message: MATERIAL_MESSAGES.tooLarge });
  });

  test('file names are shown without paths or control characters', () => {
    expect(materialFileName('C:\\Users\\a\\体检表.pdf')).toBe('体检表.pdf');
    expect(materialFileName('a\u0000b.pdf')).toBe('ab.pdf');
    expect(materialFileName('')).toBe('材料.pdf');
  });
});
