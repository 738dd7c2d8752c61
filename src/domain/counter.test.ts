import { halfWidth, normaliseIdNumber, parseApplicationNo, parsePage } from './counter';

describe('what the counter types or scans', () => {
  test.each([
    ['26000001', '26000001'],
    ['  26000001 ', '26000001'],
    ['２６０００００１', '26000001'],
    ['2600\u30000001', '26000001'],
    ['2600 0001\n', '26000001'],
    ['2600001', null],
    ['260000012', null],
    ['abcdefgh', null],
    ["26000001' or 1=1", null],
    ['', null],
  ])('%j → %s', (raw, no) => {
    expect(parseApplicationNo(raw)).toBe(no);
  });

  test('full-width letters and spaces', () => {
    expect(halfWidth('ＡＢｃ　１')).toBe('ABc1');
    expect(normaliseIdNumber(' 44078119850315123ｘ ')).toBe('44078119850315123X');
  });

  test.each([[undefined, 1], ['3', 3], ['0', 1], ['-2', 1], ['x', 1], ['99999999', 1], [['2'], 1]])('page %j → %d', (raw, page) => {
    expect(parsePage(raw)).toBe(page);
  });
});
