/**
 * Code 128 (ISO/IEC 15417), enough for the 申请表: code sets B (printable ASCII) and C (digit pairs),
 * switching to C for runs of four or more digits. The 8-digit 报名号 becomes Start C + 4 symbols.
 * Pure: symbol values → bar/space widths → bars for an inline SVG. No I/O, no dependencies.
 */

/** Widths of bar, space, bar, space, bar, space (11 modules) for values 0–105; 106 is the stop (13 modules). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128 = { START_B: 104, START_C: 105, CODE_B: 100, CODE_C: 99, STOP: 106 } as const;

export class Code128Error extends Error {}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';
const digitRun = (text: string, from: number) => {
  let n = 0;
  while (from + n < text.length && isDigit(text[from + n])) n += 1;
  return n;
};

/** The symbol values of `text`: start, data, checksum (mod 103), stop. Throws on characters outside ASCII 32–126. */
export function code128Values(text: string): number[] {
  if (!text) throw new Code128Error('Code 128: nothing to encode');
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 32 || code > 126) throw new Code128Error(`Code 128: cannot encode ${JSON.stringify(ch)}`);
  }
  const data: number[] = [];
  const startRun = digitRun(text, 0);
  // Start in C when the text opens with 4+ digits (or is exactly 2 digits); an odd run leaves its last digit to B.
  let set: 'B' | 'C' = startRun >= 4 || (startRun === 2 && text.length === 2) ? 'C' : 'B';
  const start = set === 'C' ? CODE128.START_C : CODE128.START_B;
  let i = 0;
  while (i < text.length) {
    if (set === 'C') {
      if (digitRun(text, i) >= 2) {
        data.push(Number(text.slice(i, i + 2)));
        i += 2;
        continue;
      }
      data.push(CODE128.CODE_B);
      set = 'B';
    }
    const run = digitRun(text, i);
    // Switch to C for a run of 4+ digits that reaches the end, or 6+ in the middle (where it saves symbols).
    if (run >= 6 || (run >= 4 && i + run === text.length)) {
      if (run % 2 === 1) {
        data.push(text.charCodeAt(i) - 32);
        i += 1;
      }
      data.push(CODE128.CODE_C);
      set = 'C';
      continue;
    }
    data.push(text.charCodeAt(i) - 32);
    i += 1;
  }
  const checksum = data.reduce((sum, value, index) => sum + value * (index + 1), start) % 103;
  return [start, ...data, checksum, CODE128.STOP];
}

/** Bar and space widths in modules, alternating bar first, for the whole symbol (no quiet zones). */
export function code128Widths(text: string): number[] {
  return code128Values(text).flatMap((v) => [...PATTERNS[v]].map(Number));
}

export interface BarcodeGeometry {
  /** Width of the whole symbol in modules, quiet zones included. */
  modules: number;
  /** Dark bars: x and width in modules. */
  bars: Array<{ x: number; w: number }>;
}

/** The dark bars of the symbol with `quiet` modules of white each side (10 is the standard minimum). */
export function code128Bars(text: string, quiet = 10): BarcodeGeometry {
  const bars: Array<{ x: number; w: number }> = [];
  let x = quiet;
  code128Widths(text).forEach((w, index) => {
    if (index % 2 === 0) bars.push({ x, w });
    x += w;
  });
  return { modules: x + quiet, bars };
}

/** A standalone SVG of the symbol (viewBox in modules), e.g. for a file or a test; the 申请表 draws the bars itself. */
export function code128Svg(text: string, opts: { quiet?: number; height?: number } = {}): string {
  const { modules, bars } = code128Bars(text, opts.quiet ?? 10);
  const height = opts.height ?? 40;
  const rects = bars.map((b) => `<rect x="${b.x}" y="0" width="${b.w}" height="${height}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${modules} ${height}" width="${modules}" height="${height}" shape-rendering="crispEdges">`
    + `<rect width="${modules}" height="${height}" fill="#fff"/><g fill="#000">${rects}</g></svg>`;
}
