import iconv from 'iconv-lite';
import { csvField, csvRecord, decodeCsv, parseCsv } from './csv';

describe('decodeCsv', () => {
  const text = '证书号码,持证人\r\n20094478131000123,李明\r\n';
  test('UTF-8 with and without a BOM, GBK and UTF-16 (Excel\'s "Unicode text")', () => {
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ ok: true, text, encoding: 'gbk' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ ok: true, text, encoding: 'utf-16le' });
  });
  test('binary content is not a csv', () => {
    expect(decodeCsv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toEqual({ ok: false });
  });
});

describe('parseCsv', () => {
  test('quoted fields keep separators, quotes and line breaks; CRLF, LF and a last line without a break', () => {
    const rows = [...parseCsv('a,b,c\r\n"x,1","say ""hi""","two\nlines"\nlast,,end')];
    expect(rows).toEqual([['a', 'b', 'c'], ['x,1', 'say "hi"', 'two\nlines'], ['last', '', 'end']]);
  });
  test('tab-separated text when the first line has tabs and no comma', () => {
    expect([...parseCsv('名称\t地址\n甲\t乙,丙\n')]).toEqual([['名称', '地址'], ['甲', '乙,丙']]);
  });
  test('csvField quotes only what needs it, and parses back', () => {
    const fields = ['plain', 'a,b', 'q"uote', 'line\nbreak'];
    expect([...parseCsv(fields.map(csvField).join(','))]).toEqual([fields]);
  });
});

describe('csvRecord', () => {
  test('quotes separators, quotes and line breaks; formulas are defused', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3])).toBe('a,"b,c","say ""hi""","two\nlines",,3');
    expect(csvRecord(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)'])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1)`);
  });
});
