/**
 * 网报计划 as a 机构管理员 sets it: the form (dates as the bureau publishes them, whole local days), and the rules
 * a plan must keep. Pure: the service gives the bureau's other plans, what the plan's applications use and now.
 *
 * Rules (README "机构管理员"):
 * - a plan belongs to one business (定期注册 or 教师资格认定), fixed once it has applications;
 * - each window runs forward (结束 not before 开始);
 * - confirmation does not start before the online window and does not end before it: a teacher who submits on
 *   the last online day must still be able to go to a point;
 * - two plans of one bureau and one business that share a 学段 must not have overlapping online windows (step 2 would not know
 *   which one a teacher applies to);
 * - a plan with applications keeps what they rely on: no 学段 they use is removed, the online start does not move
 *   past the first submission, and an end date moves earlier only to a day not yet over (no window is closed
 *   retroactively); moving dates later, and adding 学段, are always allowed.
 */
import { isIsoDate, localDate } from './dates';
import { startOfLocalDay } from './auditFilter';
import { hasErrors, text, texts, FieldErrors } from './validation';
import { planStages } from './planWindow';
import { Business, BUSINESS_SHORT_LABELS, isBusiness } from './business';

export const PLAN_FIELDS = ['business', 'title', 'stages', 'onlineStart', 'onlineEnd', 'confirmStart', 'confirmEnd'] as const;
export const TITLE_MAX = 100;

/** The form as typed (dates YYYY-MM-DD, local), kept for a re-rendered form. */
export interface PlanForm { business: string; title: string; stages: string[]; onlineStart: string; onlineEnd: string; confirmStart: string; confirmEnd: string }
/** The stored times (ISO instants: 00:00 of the first day to 23:59 of the last, local time). */
export interface PlanTimes { online_start: string; online_end: string; confirm_start: string; confirm_end: string }
export interface PlanValues extends PlanTimes { business: Business; title: string; stages: string }
export interface OtherPlan extends PlanTimes { id: number; title: string; stages: string; business: string }
/** What a plan's applications rely on (an edited plan only). */
export interface PlanUsage { count: number; stages: string[]; firstSubmittedAt: string | null }

export function readPlanForm(body: unknown): PlanForm {
  return {
    business: text(body, 'business', 20), title: text(body, 'title', TITLE_MAX), stages: [...new Set(texts(body, 'stages').map((s) => s.trim().slice(0, 4)))].slice(0, 10),
    onlineStart: text(body, 'onlineStart', 10), onlineEnd: text(body, 'onlineEnd', 10),
    confirmStart: text(body, 'confirmStart', 10), confirmEnd: text(body, 'confirmEnd', 10),
  };
}

/** A stored plan as its form shows it. */
export function planForm(plan: Omit<PlanValues, 'business'> & { business: string }, timeZone: string): PlanForm {
  const day = (iso: string) => localDate(new Date(iso), timeZone);
  return {
    business: plan.business, title: plan.title, stages: planStages(plan), onlineStart: day(plan.online_start), onlineEnd: day(plan.online_end),
    confirmStart: day(plan.confirm_start), confirmEnd: day(plan.confirm_end),
  };
}

const nextDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
};
/** 00:00 of a local day, and 23:59 of it (as the seeds' plans and the national notices have them). */
export const dayStart = (date: string, timeZone: string) => startOfLocalDay(date, timeZone);
export const dayEnd = (date: string, timeZone: string) => new Date(Date.parse(startOfLocalDay(nextDay(date), timeZone)) - 60_000).toISOString();

const overlaps = (a: PlanTimes, b: PlanTimes) => a.online_start <= b.online_end && b.online_start <= a.online_end;

export interface PlanContext {
  timeZone: string;
  nowIso: string;
  /** 学段 codes and names of the code list. */
  stageNames: Map<string, string>;
  /** The bureau's other plans (not the one being edited). */
  others: OtherPlan[];
  /** The plan being edited, and what its applications use; absent for a new plan. */
  current?: { plan: PlanTimes; usage: PlanUsage; business?: string };
}

export type PlanCheck = { ok: true; value: PlanValues } | { ok: false; errors: FieldErrors };

export function checkPlan(form: PlanForm, ctx: PlanContext): PlanCheck {
  const errors: FieldErrors = {};
  const dateLabels = { onlineStart: '网报开始日期', onlineEnd: '网报结束日期', confirmStart: '确认开始日期', confirmEnd: '确认结束日期' } as const;
  const name = (code: string) => ctx.stageNames.get(code) ?? code;

  if (!form.business) errors.business = '请选择业务类型';
  else if (!isBusiness(form.business)) errors.business = '请从列表中选择业务类型';
  if (!form.title) errors.title = '请填写计划名称';
  else if ([...form.title].length > TITLE_MAX) errors.title = `计划名称不能超过${TITLE_MAX}个字`;
  if (!form.stages.length) errors.stages = '请至少选择一个学段';
  else if (form.stages.some((s) => !ctx.stageNames.has(s))) errors.stages = '请从列表中选择学段';
  for (const [field, label] of Object.entries(dateLabels) as [keyof typeof dateLabels, string][]) {
    if (!form[field]) errors[field] = `请填写${label}`;
    else if (!isIsoDate(form[field])) errors[field] = `${label}格式应为“年-月-日”，如 2026-09-01`;
  }
  if (hasErrors(errors)) return { ok: false, errors };

  const value: PlanValues = {
    business: form.business as Business,
    title: form.title,
    // Stored in the code list's order, whatever order the boxes were sent in.
    stages: [...ctx.stageNames.keys()].filter((code) => form.stages.includes(code)).join(','),
    online_start: dayStart(form.onlineStart, ctx.timeZone), online_end: dayEnd(form.onlineEnd, ctx.timeZone),
    confirm_start: dayStart(form.confirmStart, ctx.timeZone), confirm_end: dayEnd(form.confirmEnd, ctx.timeZone),
  };
  if (form.onlineEnd < form.onlineStart) errors.onlineEnd = '网报结束日期不能早于网报开始日期';
  if (form.confirmEnd < form.confirmStart) errors.confirmEnd = '确认结束日期不能早于确认开始日期';
  if (form.confirmStart < form.onlineStart) errors.confirmStart = '确认开始日期不能早于网报开始日期';
  if (!errors.confirmEnd && form.confirmEnd < form.onlineEnd) errors.confirmEnd = '确认结束日期不能早于网报结束日期（网报最后一天提交的教师也须能到确认点确认）';

  if (!errors.onlineEnd) {
    // Only plans of the same business compete for a teacher's application (认定 in spring, 定期注册 in autumn may overlap).
    for (const other of ctx.others.filter((o) => o.business === form.business)) {
      const shared = planStages(other).filter((s) => form.stages.includes(s));
      if (shared.length && overlaps(value, other)) {
        errors.onlineStart = `网报时间与网报计划“${other.title}”（${localDate(new Date(other.online_start), ctx.timeZone)} 至 ${localDate(new Date(other.online_end), ctx.timeZone)}）重叠，两者都包括学段：${shared.map(name).join('、')}。同一学段的网报时间不能重叠`;
        break;
      }
    }
  }

  const current = ctx.current;
  if (current && current.usage.count > 0) {
    const removed = current.usage.stages.filter((s) => !form.stages.includes(s));
    if (current.business !== undefined && current.business !== form.business) errors.business = `已有报名信息，业务类型不能改为${BUSINESS_SHORT_LABELS[form.business as Business]}`;
    if (removed.length) errors.stages = `已有报名信息使用学段：${removed.map(name).join('、')}，不能取消`;
    const first = current.usage.firstSubmittedAt;
    if (first && !errors.onlineStart && value.online_start > first) {
      errors.onlineStart = `已有报名信息（最早提交于 ${localDate(new Date(first), ctx.timeZone)}），网报开始日期不能晚于该日`;
    }
    const today = localDate(new Date(ctx.nowIso), ctx.timeZone);
    const closesEarlier = (field: 'onlineEnd' | 'confirmEnd', column: 'online_end' | 'confirm_end') =>
      !errors[field] && value[column] < current.plan[column] && form[field] < today;
    if (closesEarlier('onlineEnd', 'online_end')) errors.onlineEnd = `已有报名信息，网报结束日期只能延后，或提前到今天（${today}）及以后`;
    if (closesEarlier('confirmEnd', 'confirm_end')) errors.confirmEnd = `已有报名信息，确认结束日期只能延后，或提前到今天（${today}）及以后`;
  }
  return hasErrors(errors) ? { ok: false, errors } : { ok: true, value };
}
