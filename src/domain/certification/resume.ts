import type { FieldErrors } from '../validation';
import { text } from '../validation';

/**
 * 个人简历 of the 教师资格认定 application (seed 002 §3.1.2 步骤四 ④): periods of study and work, each with
 * 起止年月, 工作单位, 现从事职业 and 专业技术职务. 002 tells students to fill 工作单位 "无", 现从事职业 "学生" and
 * 专业技术职务 "无", so every field is required and "无" is a valid answer. A period's end may be empty (至今) only
 * on the latest period; periods must not run backwards, lie in the future, or overlap (one month shared at a
 * change of job is an overlap: the next period starts the month after).
 */
export interface ResumePeriod {
  from: string; // YYYY-MM
  to: string; // YYYY-MM, or '' for 至今
  employer: string; // 工作单位
  occupation: string; // 现从事职业
  title: string; // 专业技术职务
}

export const RESUME_MAX_PERIODS = 10;
export const RESUME_FIELD_MAX = 50;

export const RESUME_MESSAGES = {
  none: '请至少填写一段个人简历',
  tooMany: `个人简历最多填写${RESUME_MAX_PERIODS}段`,
  from: '请选择起始年月',
  to: '请选择终止年月（仍在进行的填“至今”）',
  month: '请按“年-月”填写，例如 2019-09',
  backwards: '终止年月不能早于起始年月',
  future: '起止年月不能晚于当前年月',
  openNotLast: '只有最近的一段简历可以填“至今”',
  overlap: (other: number) => `与第${other}段简历的时间重叠`,
  employer: '请填写工作单位（学生填“无”）',
  occupation: '请选择现从事职业',
  title: '请选择专业技术职务（没有的选“无”）',
  tooLong: `不能超过${RESUME_FIELD_MAX}个字`,
} as const;

const MONTH = /^(\d{4})-(\d{2})$/;

/** Months since year 0 of a "YYYY-MM", or null when it is not a real month from 1950 on. */
export function monthIndex(value: string): number | null {
  const m = MONTH.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1950 || month < 1 || month > 12) return null;
  return year * 12 + month - 1;
}

/** The periods a form sent as resume[0][from] … (or resume_0_from …, how a plain form without JS names rows). */
export function readResume(body: unknown, rows: number): ResumePeriod[] {
  const periods: ResumePeriod[] = [];
  for (let i = 0; i < Math.min(rows, RESUME_MAX_PERIODS + 1); i++) {
    const get = (field: string) => text(body, `resume_${i}_${field}`, RESUME_FIELD_MAX);
    const period = { from: get('from'), to: get('to'), employer: get('employer'), occupation: get('occupation'), title: get('title') };
    if (Object.values(period).some((v) => v !== '')) periods.push(period);
  }
  return periods;
}

/**
 * Errors by field name `resume_<i>_<field>` (i as in the list given), plus `resume` for the list as a whole.
 * `currentMonth` is "YYYY-MM" in the bureau's time zone.
 */
export function checkResume(periods: readonly ResumePeriod[], currentMonth: string): FieldErrors {
  const errors: FieldErrors = {};
  if (periods.length === 0) return { resume: RESUME_MESSAGES.none };
  if (periods.length > RESUME_MAX_PERIODS) return { resume: RESUME_MESSAGES.tooMany };
  const now = monthIndex(currentMonth) ?? Number.MAX_SAFE_INTEGER;
  const spans: Array<{ row: number; from: number; to: number } | null> = periods.map((p, i) => {
    const key = (field: string) => `resume_${i}_${field}`;
    for (const [field, message] of [['employer', RESUME_MESSAGES.employer], ['occupation', RESUME_MESSAGES.occupation], ['title', RESUME_MESSAGES.title]] as const) {
      if (p[field] === '') errors[key(field)] = message;
      else if ([...p[field]].length > RESUME_FIELD_MAX) errors[key(field)] = RESUME_MESSAGES.tooLong;
    }
    const from = p.from === '' ? null : monthIndex(p.from);
    if (p.from === '') errors[key('from')] = RESUME_MESSAGES.from;
    else if (from === null) errors[key('from')] = RESUME_MESSAGES.month;
    else if (from > now) errors[key('from')] = RESUME_MESSAGES.future;
    const to = p.to === '' ? now : monthIndex(p.to);
    if (p.to !== '' && to === null) errors[key('to')] = RESUME_MESSAGES.month;
    else if (p.to !== '' && to !== null && to > now) errors[key('to')] = RESUME_MESSAGES.future;
    else if (from !== null && to !== null && to < from && !errors[key('from')]) errors[key('to')] = RESUME_MESSAGES.backwards;
    if (from === null || to === null || errors[key('from')] || errors[key('to')]) return null;
    return { row: i, from, to };
  });
  const valid = spans.filter((s): s is { row: number; from: number; to: number } => s !== null);
  const latestStart = Math.max(...valid.map((s) => s.from));
  periods.forEach((p, i) => {
    const span = spans[i];
    if (p.to === '' && span && span.from !== latestStart && !errors[`resume_${i}_to`]) errors[`resume_${i}_to`] = RESUME_MESSAGES.openNotLast;
  });
  for (const a of valid) {
    const clash = valid.find((b) => b.row !== a.row && a.from <= b.to && b.from <= a.to);
    if (clash && !errors[`resume_${a.row}_from`]) errors[`resume_${a.row}_from`] = RESUME_MESSAGES.overlap(clash.row + 1);
  }
  return errors;
}

/** Oldest first, as the 申请表 prints them. */
export function sortResume(periods: readonly ResumePeriod[]): ResumePeriod[] {
  return [...periods].sort((a, b) => (monthIndex(a.from) ?? 0) - (monthIndex(b.from) ?? 0));
}
