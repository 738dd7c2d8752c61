import { addMonths } from './dates';

/**
 * The legal retirement age by birth date. A bureau sets its base ages (男 60; 女 55 for 干部/专业技术人员 — teachers —
 * or 50) and whether the gradual schedule of the 全国人大常委会's decision of September 2024 applies (it does by law
 * from 2025-01-01; a bureau may switch it off only to reproduce an older rule). The schedule: a person whose original
 * retirement month (birth month + the base age) falls in January 2025 or later retires later by one month for every
 * 4 months (base 60 and 55) or every 2 months (base 50) since January 2025, counting the first period too, until the
 * target age: 60 → 63, 55 → 58, 50 → 55.
 */
export interface RetirementRule { maleAge: number; femaleAge: number; gradual: boolean }

export const DEFAULT_RETIREMENT: RetirementRule = { maleAge: 60, femaleAge: 55, gradual: true };
export const MALE_BASE_AGES = [60] as const;
export const FEMALE_BASE_AGES = [55, 50] as const;

/** Base age → the age it rises to and how many months of original retirement dates share one month's delay. */
const SCHEDULE: Record<number, { target: number; every: number }> = {
  60: { target: 63, every: 4 },
  55: { target: 58, every: 4 },
  50: { target: 55, every: 2 },
};
const SCHEDULE_START = 2025 * 12; // January 2025, as a month index (year * 12 + month - 1)

/** The retirement age in years and months for someone born on `birthDate` (YYYY-MM-DD) of `sex` (1 男, 2 女). */
export function retirementAge(birthDate: string, sex: string | null, rule: RetirementRule): { years: number; months: number } {
  const base = sex === '2' ? rule.femaleAge : rule.maleAge;
  const step = SCHEDULE[base];
  if (!rule.gradual || !step) return { years: base, months: 0 };
  const [y, m] = birthDate.split('-').map(Number);
  const originalMonth = (y + base) * 12 + (m - 1);
  if (originalMonth < SCHEDULE_START) return { years: base, months: 0 };
  const delay = Math.min(Math.floor((originalMonth - SCHEDULE_START) / step.every) + 1, (step.target - base) * 12);
  return { years: base + Math.floor(delay / 12), months: delay % 12 };
}

/** The day the person reaches the retirement age (YYYY-MM-DD). */
export function retirementDate(birthDate: string, sex: string | null, rule: RetirementRule): string {
  const age = retirementAge(birthDate, sex, rule);
  return addMonths(birthDate, age.years * 12 + age.months);
}

/** 60岁3个月, as a person reads an age. */
export function ageText(age: { years: number; months: number }): string {
  return age.months ? `${age.years}岁${age.months}个月` : `${age.years}岁`;
}
