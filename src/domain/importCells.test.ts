import { cellText, parseDate, readCell } from './importCells';

describe('parseDate', () => {
  test.each([
    ['2008-07-01', '2008-07-01'],
    ['2008/7/1', '2008-07-01'],
    ['2008.7.1', '2008-07-01'],
    ['2008年7月1日', '2008-07-01'],
    ['20080701', '2008-07-01'],
    [' 2008-07-01 00:00:00 ', '2008-07-01'],
    ['39630', '2008-07-01'],
  ])('text %p is %p', (text, iso) => {
    expect(parseDate(text)).toEqual({ ok: true, date: iso });
  });

  test('Excel serial numbers, eight-digit numbers and date cells', () => {
    expect(parseDate(39630)).toEqual({ ok: true, date: '2008-07-01' });
    expect(parseDate(39630.75)).toEqual({ ok: true, date: '2008-07-01' }); // a time of day does not move the day
    expect(parseDate(20080701)).toEqual({ ok: true, date: '2008-07-01' });
    expect(parseDate(new Date(Date.UTC(2008, 6, 1)))).toEqual({ ok: true, date: '2008-07-01' });
    // exceljs gives a date cell as UTC of its wall-clock time; 23:59:59.9 rounds to the minute, not to the next day
    expect(parseDate(new Date(Date.UTC(2008, 6, 1, 23, 59, 20)))).toEqual({ ok: true, date: '2008-07-01' });
  });

  test('refuses impossible, malformed, empty and future dates with a Chinese reason', () => {
    for (const bad of ['2008-02-30', '2008-13-01', '08-7-1', '七月一日', '2008/7', '1899-01-01']) {
      const r = parseDate(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/日期格式不正确/);
    }
    expect(parseDate(null)).toEqual({ ok: false, reason: '不能为空' });
    expect(parseDate('2030-01-01', '2026-11-23')).toEqual({ ok: false, reason: '不能晚于今天' });
    expect(parseDate(-5).ok).toBe(false);
  });
});

describe('readCell', () => {
  test('formulas give their cached result; without one they are refused', () => {
    expect(readCell({ formula: 'A1&B1', result: '李明' })).toEqual({ ok: true, value: '李明' });
    expect(readCell({ sharedFormula: 'A2', result: 39630 })).toEqual({ ok: true, value: 39630 });
    const r = readCell({ formula: 'NOW()' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/公式/);
  });
  test('error values, rich text, hyperlinks, booleans, blanks', () => {
    expect(readCell({ error: '#N/A' })).toEqual({ ok: false, reason: '为错误值 #N/A' });
    expect(readCell({ richText: [{ text: '台山' }, { text: '市' }] })).toEqual({ ok: true, value: '台山市' });
    expect(readCell({ text: '链接', hyperlink: 'http://x' })).toEqual({ ok: true, value: '链接' });
    expect(readCell(true)).toEqual({ ok: true, value: '是' });
    expect(readCell('   ')).toEqual({ ok: true, value: null });
    expect(readCell(undefined)).toEqual({ ok: true, value: null });
  });
});

describe('cellText', () => {
  test('long numbers that Excel has already rounded are refused, short ones read', () => {
    expect(cellText(Number('440781198503151236')).ok).toBe(false); // what Excel keeps of an 18-digit number typed into a number cell
    expect(cellText(12345)).toEqual({ ok: true, text: '12345' });
    expect(cellText(new Date(Date.UTC(2009, 6, 1)))).toEqual({ ok: true, text: '2009-07-01' });
  });
});
