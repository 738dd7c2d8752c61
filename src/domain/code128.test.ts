import { CODE128, Code128Error, code128Bars, code128Svg, code128Values, code128Widths } from './code128';

describe('Code 128 encoder', () => {
  test('an 8-digit 报名号 is Start C, four digit pairs, the checksum and Stop', () => {
    // checksum = (105 + 26·1 + 0·2 + 0·3 + 1·4) mod 103 = 32
    expect(code128Values('26000001')).toEqual([CODE128.START_C, 26, 0, 0, 1, 32, CODE128.STOP]);
  });

  test('the textbook example PJJ123C stays in code set B with checksum 55', () => {
    expect(code128Values('PJJ123C')).toEqual([CODE128.START_B, 48, 42, 42, 17, 18, 19, 35, 55, CODE128.STOP]);
  });

  test('digit runs switch to code set C where that is shorter', () => {
    // A then 4 digits at the end: B, switch to C, two pairs.
    expect(code128Values('A1234').slice(0, -2)).toEqual([CODE128.START_B, 33, CODE128.CODE_C, 12, 34]);
    // An odd run at the start: C for the pairs, back to B for the last digit.
    expect(code128Values('12345A').slice(0, -2)).toEqual([CODE128.START_C, 12, 34, CODE128.CODE_B, 21, 33]);
    // An odd run of 7 in the middle: one digit in B, then C.
    expect(code128Values('A1234567B').slice(0, -2)).toEqual([CODE128.START_B, 33, 17, CODE128.CODE_C, 23, 45, 67, CODE128.CODE_B, 34]);
    // Short runs stay in B.
    expect(code128Values('A12B').slice(0, -2)).toEqual([CODE128.START_B, 33, 17, 18, 34]);
  });

  test('every symbol is 11 modules with an even bar total; the stop is 13', () => {
    const widths = code128Widths('26000001');
    expect(widths).toHaveLength(6 * 6 + 7);
    for (let i = 0; i < 6; i += 1) {
      const symbol = widths.slice(i * 6, i * 6 + 6);
      expect(symbol.reduce((a, b) => a + b, 0)).toBe(11);
      expect((symbol[0] + symbol[2] + symbol[4]) % 2).toBe(0);
    }
    expect(widths.slice(36).reduce((a, b) => a + b, 0)).toBe(13);
  });

  test('the pattern table is sound: values 0–99 distinct, 11 modules each, even bar totals', () => {
    const seen = new Set<string>();
    // Encode every value 0–94 in code set B (the characters ' ' to '~') and every pair 00–99 in C.
    for (let code = 32; code <= 126; code += 1) {
      const w = code128Widths(String.fromCharCode(code)).slice(6, 12);
      expect(w.reduce((a, b) => a + b, 0)).toBe(11);
      expect((w[0] + w[2] + w[4]) % 2).toBe(0);
      seen.add(w.join(''));
    }
    for (let pair = 0; pair <= 99; pair += 1) seen.add(code128Widths(String(pair).padStart(2, '0') + '00').slice(6, 12).join(''));
    expect(seen.size).toBe(100);
  });

  test('bars have quiet zones and add up to the symbol width', () => {
    const { modules, bars } = code128Bars('26000001', 10);
    expect(modules).toBe(10 + 6 * 11 + 13 + 10);
    expect(bars[0].x).toBe(10);
    const last = bars[bars.length - 1];
    expect(last.x + last.w).toBe(modules - 10);
    expect(bars.every((b) => b.w >= 1 && b.w <= 4)).toBe(true);
  });

  test('refuses what Code 128 B cannot carry', () => {
    expect(() => code128Values('')).toThrow(Code128Error);
    expect(() => code128Values('报名号')).toThrow(Code128Error);
    expect(() => code128Values('a\nb')).toThrow(Code128Error);
  });

  test('the SVG has one rect per bar and a white background', () => {
    const svg = code128Svg('26000001');
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<rect /g) ?? []).length).toBe(code128Bars('26000001').bars.length + 1);
  });
});
