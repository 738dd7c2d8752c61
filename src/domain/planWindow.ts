import { localDate, localDateTime } from './dates';
/** The bureau's online window (网报时间) and the seeds' three messages. Times are ISO-8601 strings. */
export interface PlanWindow { online_start: string; online_end: string; confirm_start: string; confirm_end: string }

export const WINDOW_MESSAGES = {
  noPlan: '该机构未设置网报计划，请联系所选的教育局。',
  outside: '当前时间不在该机构的网报时间段内',
  noPoints: '该机构未设置确认点，请联系所选的教育局。',
  stageNotCovered: '该机构的网报计划不包括您选择的现任教学段，请联系所选的教育局。',
} as const;

/** The 学段 codes a plan covers (plans.stages, comma-separated). */
export function planStages(plan: { stages: string }): string[] {
  return plan.stages.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Whether a plan takes applications of a 学段; a plan that names none (rows from before plans were edited) takes every 学段. */
export function coversStage(plan: { stages: string }, stage: string): boolean {
  const stages = planStages(plan);
  return stages.length === 0 || stages.includes(stage);
}

/** The plan a bureau applies now for a 学段 ('' = not chosen yet: any plan), by the rule of `currentPlan`. */
export function currentPlanFor<P extends PlanWindow & { stages: string }>(plans: P[], stage: string, nowIso: string): P | null {
  return currentPlan(stage ? plans.filter((p) => coversStage(p, stage)) : plans, nowIso);
}

export function insideOnlineWindow(plan: PlanWindow, nowIso: string): boolean {
  return plan.online_start <= nowIso && nowIso <= plan.online_end;
}

/** The plan a bureau applies now: the one whose online window contains now, else the next, else the latest. */
export function currentPlan<P extends PlanWindow>(plans: P[], nowIso: string): P | null {
  const open = plans.find((p) => insideOnlineWindow(p, nowIso));
  if (open) return open;
  const upcoming = plans.filter((p) => p.online_start > nowIso).sort((a, b) => a.online_start.localeCompare(b.online_start));
  if (upcoming.length) return upcoming[0];
  return [...plans].sort((a, b) => b.online_end.localeCompare(a.online_end))[0] ?? null;
}

/** Why registering with this bureau is not possible now, or null. */
export function windowProblem(plan: PlanWindow | null, pointCount: number, nowIso: string, planCount = plan ? 1 : 0): string | null {
  // Plans exist but none for the chosen 学段 (currentPlanFor found none): say so, not "no plan".
  if (!plan) return planCount > 0 ? WINDOW_MESSAGES.stageNotCovered : WINDOW_MESSAGES.noPlan;
  if (!insideOnlineWindow(plan, nowIso)) return WINDOW_MESSAGES.outside;
  if (pointCount === 0) return WINDOW_MESSAGES.noPoints;
  return null;
}

/** 报名号: two-digit year + six-digit sequence, e.g. 26000123. */
export function applicationNumber(year: number, sequence: number): string {
  if (sequence < 1 || sequence > 999_999) throw new Error('报名号 sequence out of range');
  return `${String(year % 100).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
}

/** "2026-10-29 00:00 至 2027-02-06 23:59", or with dates only. */
export function windowText(start: string, end: string, timeZone: string, datesOnly = false): string {
  const fmt = (iso: string) => (datesOnly ? localDate(new Date(iso), timeZone) : localDateTime(new Date(iso), timeZone));
  return `${fmt(start)} 至 ${fmt(end)}`;
}
