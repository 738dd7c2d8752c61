import { ageText, DEFAULT_RETIREMENT, retirementAge, retirementDate } from './retirement';

const male = (birth: string) => ageText(retirementAge(birth, '1', DEFAULT_RETIREMENT));
const woman55 = (birth: string) => ageText(retirementAge(birth, '2', DEFAULT_RETIREMENT));
const woman50 = (birth: string) => ageText(retirementAge(birth, '2', { ...DEFAULT_RETIREMENT, femaleAge: 50 }));

describe('the 2025 gradual retirement schedule', () => {
  // The rows of the decision's tables (出生时间 → 改革后法定退休年龄).
  test.each([
    ['1964-12-31', '60岁'], ['1965-01-01', '60岁1个月'], ['1965-04-30', '60岁1个月'], ['1965-05-01', '60岁2个月'],
    ['1966-11-23', '60岁6个月'], ['1970-01-15', '61岁4个月'], ['1976-08-01', '62岁11个月'],
    ['1976-09-01', '63岁'], ['1990-06-01', '63岁'],
  ])('男 born %s retires at %s', (birth, age) => expect(male(birth)).toBe(age));

  test.each([
    ['1969-12-31', '55岁'], ['1970-01-01', '55岁1个月'], ['1970-05-01', '55岁2个月'], ['1981-08-01', '57岁11个月'],
    ['1981-09-01', '58岁'], ['1985-03-15', '58岁'],
  ])('女 (55) born %s retires at %s', (birth, age) => expect(woman55(birth)).toBe(age));

  test.each([
    ['1974-12-31', '50岁'], ['1975-01-01', '50岁1个月'], ['1975-02-28', '50岁1个月'], ['1975-03-01', '50岁2个月'],
    ['1984-10-01', '54岁11个月'], ['1984-11-01', '55岁'], ['1995-01-01', '55岁'],
  ])('女 (50) born %s retires at %s', (birth, age) => expect(woman50(birth)).toBe(age));

  test('the delay grows one month at a time and stops at the target', () => {
    let previous = 0;
    for (let month = 0; month < 12 * 15; month += 1) {
      const birth = `${1965 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
      const { years, months } = retirementAge(birth, '1', DEFAULT_RETIREMENT);
      const delay = (years - 60) * 12 + months;
      expect(delay - previous).toBeGreaterThanOrEqual(0);
      expect(delay - previous).toBeLessThanOrEqual(1);
      expect(delay).toBeLessThanOrEqual(36);
      previous = delay;
    }
    expect(previous).toBe(36);
  });

  test('the retirement day is the birthday at that age; without the schedule the base age applies', () => {
    expect(retirementDate('1965-01-31', '1', DEFAULT_RETIREMENT)).toBe('2025-02-28');
    expect(retirementDate('1966-11-23', '1', DEFAULT_RETIREMENT)).toBe('2027-05-23');
    expect(retirementDate('1966-11-23', '1', { ...DEFAULT_RETIREMENT, gradual: false })).toBe('2026-11-23');
    expect(retirementDate('1971-01-01', '2', { ...DEFAULT_RETIREMENT, gradual: false })).toBe('2026-01-01');
    expect(retirementDate('1971-01-01', '2', DEFAULT_RETIREMENT)).toBe('2026-05-01');
  });

  test('a base age outside the schedule is taken as it is', () => {
    expect(retirementAge('1980-01-01', '1', { maleAge: 65, femaleAge: 55, gradual: true })).toEqual({ years: 65, months: 0 });
  });
});
