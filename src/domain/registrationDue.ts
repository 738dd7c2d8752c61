/**
 * Whether a certificate may be registered now, and as what (seed 000 §3 step 3, design.md "Rules").
 * - 撤销/丧失 restrictions block with the national system's messages;
 * - the next registration opens 54 months after the last 注册合格 ("本教师资格证注册时间未到" before);
 * - 高等学校教师资格 is outside 中小学定期注册;
 * - past the legal retirement age no registration; fewer than 5 years before it, registration runs
 *   until the retirement year (told to the applicant, not a block);
 * - no 注册合格 yet means 首次注册, otherwise 定期注册.
 */
import { addMonths } from './dates';
import { retirementDate, RetirementRule } from './retirement';

export { addMonths };
export const DUE_AFTER_MONTHS = 54;
export const CYCLE_YEARS = 5;

export interface DueInput {
  qualificationCode: string;
  restriction: string | null;
  records: { conclusion: string; concludedOn: string }[]; // YYYY-MM-DD
  birthDate: string | null;
  sex: string | null; // 1 男, 2 女
  today: string; // YYYY-MM-DD, the bureau's date
  retirement: RetirementRule; // the bureau's setting (ages and whether the 2025 gradual schedule applies)
}

export interface DueResult {
  eligible: boolean;
  reason: string | null; // the message shown instead of the radio button
  regType: '首次注册' | '定期注册';
  passedCount: number; // 证书注册次数
  last: { conclusion: string; concludedOn: string } | null;
  untilRetirementYear: number | null; // set when fewer than 5 years remain
}

export const DUE_MESSAGES = {
  revoked: '该教师资格已被依法撤销',
  lost: '该教师资格已被依法注销',
  notDue: '本教师资格证注册时间未到',
  retired: '已超过法定退休年龄，不再注册',
  higherEducation: '高等学校教师资格不属于中小学教师资格定期注册范围',
} as const;

export function registrationDue(input: DueInput): DueResult {
  const sorted = [...input.records].sort((a, b) => a.concludedOn.localeCompare(b.concludedOn));
  const passed = sorted.filter((r) => r.conclusion === '注册合格');
  const lastPassed = passed[passed.length - 1] ?? null;
  const base = {
    regType: (passed.length ? '定期注册' : '首次注册') as DueResult['regType'],
    passedCount: passed.length,
    last: sorted[sorted.length - 1] ?? null,
    untilRetirementYear: null as number | null,
  };
  const refuse = (reason: string): DueResult => ({ ...base, eligible: false, reason });
  if (input.restriction === '撤销') return refuse(DUE_MESSAGES.revoked);
  if (input.restriction === '丧失') return refuse(DUE_MESSAGES.lost);
  if (input.qualificationCode === '7') return refuse(DUE_MESSAGES.higherEducation);
  if (input.birthDate) {
    const retirement = retirementDate(input.birthDate, input.sex, input.retirement);
    if (input.today >= retirement) return refuse(DUE_MESSAGES.retired);
    if (addMonths(input.today, CYCLE_YEARS * 12) > retirement) base.untilRetirementYear = Number(retirement.slice(0, 4));
  }
  if (lastPassed && input.today < addMonths(lastPassed.concludedOn, DUE_AFTER_MONTHS)) return refuse(DUE_MESSAGES.notDue);
  return { ...base, eligible: true, reason: null };
}
