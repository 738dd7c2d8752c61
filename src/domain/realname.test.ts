import { REALNAME_DAILY_LIMIT, REVIEW_PERIOD_LIMIT, reviewPeriodStart } from './realname';

describe('reviewPeriodStart', () => {
  test.each([
    ['2026-01-01', '2026-01-01'], // first day of the first period
    ['2026-01-31', '2026-01-01'],
    ['2026-02-28', '2026-01-01'],
    ['2024-02-29', '2024-01-01'],
    ['2026-05-15', '2026-01-01'],
    ['2026-08-30', '2026-01-01'],
    ['2026-08-31', '2026-01-01'], // last day of the first period
    ['2026-09-01', '2026-09-01'], // first day of the second period
    ['2026-09-02', '2026-09-01'],
    ['2026-10-01', '2026-09-01'],
    ['2026-11-23', '2026-09-01'],
    ['2026-12-31', '2026-09-01'], // last day of the second period
    ['2027-01-01', '2027-01-01'], // a new year starts a new period
  ])('%s -> %s', (date, start) => {
    expect(reviewPeriodStart(date)).toBe(start);
  });

  test('every day of a year falls in one of the two periods of that year', () => {
    for (let day = new Date(Date.UTC(2024, 0, 1)); day.getUTCFullYear() === 2024; day = new Date(day.getTime() + 86_400_000)) {
      const iso = day.toISOString().slice(0, 10);
      expect(reviewPeriodStart(iso)).toBe(day.getUTCMonth() >= 8 ? '2024-09-01' : '2024-01-01');
    }
  });

  test('the period start is never after the date', () => {
    for (const date of ['2026-01-01', '2026-08-31', '2026-09-01', '2026-12-31']) {
      expect(reviewPeriodStart(date) <= date).toBe(true);
    }
  });
});

describe('limits', () => {
  test('three real-name attempts a day and three manual reviews a period', () => {
    expect(REALNAME_DAILY_LIMIT).toBe(3);
    expect(REVIEW_PERIOD_LIMIT).toBe(3);
  });
});
