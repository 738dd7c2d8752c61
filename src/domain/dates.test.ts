import { ID_VALIDITIES, addYears, idValidUntil, isIsoDate, localDate, localDateTime } from './dates';

const SHANGHAI = 'Asia/Shanghai';

describe('isIsoDate', () => {
  test.each([
    '2024-02-29', // leap year
    '2000-02-29', // divisible by 400
    '2023-02-28',
    '2026-11-23',
    '2026-12-31',
    '2026-01-01',
    '2026-04-30',
    '1900-01-01', // earliest accepted
    '9999-12-31',
  ])('%j is a date', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  test.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', '1900 is not a leap year'],
    ['2100-02-29', '2100 is not a leap year'],
    ['2024-02-30', '30 Feb'],
    ['2026-04-31', '31 Apr'],
    ['2026-13-01', 'month 13'],
    ['2026-00-10', 'month 00'],
    ['2026-01-00', 'day 00'],
    ['2026-01-32', 'day 32'],
    ['1899-12-31', 'before 1900'],
    ['0000-01-01', 'year 0'],
    ['0099-01-01', 'year 99 (Date.UTC would read it as 1999)'],
    ['', 'empty'],
    ['2024-2-29', 'one-digit month'],
    ['2024-02-9', 'one-digit day'],
    ['24-02-29', 'two-digit year'],
    ['20240229', 'no dashes'],
    ['2024/02/29', 'slashes'],
    ['2024.02.29', 'dots'],
    ['29-02-2024', 'day first'],
    ['2024-02-29T00:00:00Z', 'a timestamp'],
    ['2024-02-29 ', 'trailing space'],
    [' 2024-02-29', 'leading space'],
    ['2024-02-29\n', 'trailing newline'],
    ['２０２４-０２-２９', 'full-width digits'],
    ['abcd-ef-gh', 'letters'],
    ['+2024-02-29', 'sign'],
    ['12024-02-29', 'five-digit year'],
  ])('%j is not a date (%s)', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('localDate and localDateTime', () => {
  test.each([
    ['2026-11-22T16:30:00Z', '2026-11-23', '2026-11-23 00:30'], // just after midnight in Shanghai
    ['2026-11-22T16:00:00Z', '2026-11-23', '2026-11-23 00:00'], // exactly midnight: hour 00, not 24
    ['2026-11-22T15:59:59Z', '2026-11-22', '2026-11-22 23:59'], // just before midnight
    ['2026-11-23T00:00:00Z', '2026-11-23', '2026-11-23 08:00'], // UTC midnight is 08:00 in Shanghai
    ['2026-11-23T06:05:00Z', '2026-11-23', '2026-11-23 14:05'],
    ['2026-11-23T15:59:00Z', '2026-11-23', '2026-11-23 23:59'],
    ['2025-12-31T16:00:00Z', '2026-01-01', '2026-01-01 00:00'], // new year
    ['2024-02-28T16:00:00Z', '2024-02-29', '2024-02-29 00:00'], // leap day
    ['2026-08-31T16:00:00Z', '2026-09-01', '2026-09-01 00:00'], // review period boundary
    ['2026-06-30T20:00:00Z', '2026-07-01', '2026-07-01 04:00'], // China has no DST
  ])('%s in Asia/Shanghai is %s (%s)', (instant, date, dateTime) => {
    expect(localDate(new Date(instant), SHANGHAI)).toBe(date);
    expect(localDateTime(new Date(instant), SHANGHAI)).toBe(dateTime);
  });

  test('other time zones', () => {
    const instant = new Date('2026-11-22T16:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-11-22');
    expect(localDateTime(instant, 'UTC')).toBe('2026-11-22 16:30');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-22');
    expect(localDateTime(instant, 'America/New_York')).toBe('2026-11-22 11:30');
  });

  test('the output is independent of the process time zone', () => {
    // Derived from the instant only; the zone argument is what matters.
    const instant = new Date(Date.UTC(2026, 10, 22, 16, 30));
    expect(localDate(instant, SHANGHAI)).toBe('2026-11-23');
  });

  test('localDate always yields a valid ISO date', () => {
    for (let h = 0; h < 48; h++) {
      const instant = new Date(Date.UTC(2026, 11, 31, h));
      expect(isIsoDate(localDate(instant, SHANGHAI))).toBe(true);
      expect(localDateTime(instant, SHANGHAI)).toMatch(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/);
    }
  });

  test('the cached offsets give what Intl gives, across DST changes and odd offsets (two years, every 37 minutes)', () => {
    for (const zone of [SHANGHAI, 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns']) {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 37 * 60_000 + 13_000) {
        const p = parts.formatToParts(t);
        const get = (type: string) => p.find((x) => x.type === type)?.value;
        const expected = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
        const got = localDateTime(new Date(t), zone);
        if (got !== expected) throw new Error(`${zone} ${new Date(t).toISOString()}: ${got} ≠ ${expected}`);
      }
    }
  });

  test('an unknown time zone throws', () => {
    expect(() => localDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('addYears', () => {
  test.each<[string, number, string]>([
    ['2024-02-29', 1, '2025-02-28'], // 29 Feb -> 28 Feb in a common year
    ['2024-02-29', 5, '2029-02-28'],
    ['2024-02-29', 4, '2028-02-29'], // leap to leap
    ['2024-02-29', 76, '2100-02-28'], // 2100 is not a leap year
    ['2024-02-29', 376, '2400-02-29'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2024-02-28', 1, '2025-02-28'],
    ['2023-03-01', 1, '2024-03-01'],
    ['2015-03-02', 10, '2025-03-02'],
    ['2020-12-31', 5, '2025-12-31'],
    ['2020-01-01', 20, '2040-01-01'],
    ['2026-11-23', 0, '2026-11-23'],
  ])('addYears(%s, %i) = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('idValidUntil', () => {
  test('the four validity periods', () => {
    expect(ID_VALIDITIES.map((v) => v.code)).toEqual(['5', '10', '20', 'long']);
    expect(ID_VALIDITIES.map((v) => v.name)).toEqual(['5年', '10年', '20年', '长期']);
  });

  test.each<[string, string, string | null]>([
    ['5', '2021-03-02', '2026-03-02'],
    ['10', '2015-03-02', '2025-03-02'],
    ['20', '2010-07-15', '2030-07-15'],
    ['long', '2010-07-15', null],
    ['5', '2020-02-29', '2025-02-28'],
    ['10', '2020-02-29', '2030-02-28'],
    ['20', '2020-02-29', '2040-02-29'],
    ['long', '2020-02-29', null],
  ])('validity %s from %s -> %s', (validity, start, expected) => {
    expect(idValidUntil(validity, start)).toBe(expected);
  });

  test.each(['', '15', '1', 'LONG', '长期', '5年', ' 5'])('unknown validity %j -> null', (validity) => {
    expect(idValidUntil(validity, '2020-01-01')).toBeNull();
  });
});
