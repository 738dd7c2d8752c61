import { isStatus, isStatusOf, statusesOf, type AnyStatus } from './applicationStatus';
import { BUSINESSES, BUSINESS_SHORT_LABELS, isBusiness, type Business } from './business';
import { isCertificationStatus } from './certification/statuses';
import { localDate } from './dates';
import type { FieldErrors } from './validation';

/**
 * 数据导出 and 统计: what the GET forms send (网报计划, 确认点, 报名状态), checked against what the staff user may choose.
 * Unlike the review queue, which drops a value it does not know, these answer a bad value with a message (a 400
 * page, the form kept): an export must never silently widen to "everything" because a filter was mistyped.
 */
export interface ReportQuery { plan: string; point: string; status: string[] }
export interface ReportFilter { planId: number; pointId: number | null; statuses: AnyStatus[] }

export const REPORT_MESSAGES = {
  planMissing: '请选择网报计划',
  planUnknown: '未找到该网报计划（或不属于本机构）',
  pointUnknown: '未找到该确认点（或不在您的办理范围内）',
  statusUnknown: '报名状态不正确',
  statusNotInBusiness: (status: string, business: string) => `报名状态“${status}”不属于所选网报计划的业务（${business}），请重新勾选`,
};

const id = (value: string): number | null => (/^[1-9]\d{0,8}$/.test(value) ? Number(value) : null);

/**
 * The filter, or the errors by field. `plans` and `points` are those the user may choose (their bureau's; an
 * operator's own point); an empty plan falls back to `defaultPlanId` when there is one (the statistics page opens
 * on the latest plan), else it is an error. The statuses must be the chosen plan's business's (a 认定 plan has no
 * 注册合格 rows): one of the other business is refused by name, or — `dropForeignStatuses`, the form's 选择 after the
 * plan changed — left out, as the re-rendered list no longer offers it.
 */
export function parseReportQuery(q: ReportQuery, choices: { plans: readonly { id: number; business: string }[]; pointIds: readonly number[]; defaultPlanId?: number | null; dropForeignStatuses?: boolean }):
  { ok: true; filter: ReportFilter } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let planId: number | null;
  if (q.plan === '') {
    planId = choices.defaultPlanId ?? null;
    if (planId === null) errors.plan = REPORT_MESSAGES.planMissing;
  } else {
    planId = id(q.plan);
    if (planId === null || !choices.plans.some((p) => p.id === planId)) { errors.plan = REPORT_MESSAGES.planUnknown; planId = null; }
  }
  let pointId: number | null = null;
  if (q.point !== '') {
    pointId = id(q.point);
    if (pointId === null || !choices.pointIds.includes(pointId)) errors.point = REPORT_MESSAGES.pointUnknown;
  }
  const business = planBusiness(choices.plans.find((p) => p.id === planId));
  const statuses: AnyStatus[] = [];
  for (const s of q.status) {
    if (s === '') continue;
    if (!isStatus(s) && !isCertificationStatus(s)) { errors.status = `${REPORT_MESSAGES.statusUnknown}：${s.slice(0, 20)}`; break; }
    if (business && !isStatusOf(business, s)) {
      if (choices.dropForeignStatuses) continue;
      errors.status = REPORT_MESSAGES.statusNotInBusiness(s, BUSINESS_SHORT_LABELS[business]);
      break;
    }
    if (!statuses.includes(s)) statuses.push(s);
  }
  if (Object.keys(errors).length || planId === null) return { ok: false, errors };
  return { ok: true, filter: { planId, pointId, statuses } };
}

/** A plan's business (null for none or a value this version does not know: then no status is foreign to it). */
export const planBusiness = (plan: { business: string } | undefined | null): Business | null => (plan && isBusiness(plan.business) ? plan.business : null);

/**
 * A plan as 数据导出's list names it: its title, and its business in brackets unless the title already says it
 * ("2026年教师资格认定", not "2026年教师资格认定（教师资格认定）"). 定期注册's 网报计划 titles usually say only the year and season.
 */
export function planOptionName(plan: { title: string; business: string }): string {
  const label = BUSINESS_SHORT_LABELS[planBusiness(plan) ?? 'registration'];
  return plan.title.includes(label) ? plan.title : `${plan.title}（${label}）`;
}

export interface ReportStatusGroup { key: Business | 'shared'; label: string; statuses: readonly string[] }

/**
 * The 报名状态 boxes the export form offers: the chosen plan's business's only; with no plan chosen (or a choice to
 * correct) every status once, in named groups — those both businesses have, then each business's own — so a box
 * ticked for the other business is still shown and kept.
 */
export function reportStatusGroups(business: Business | null): ReportStatusGroup[] {
  if (business) return [{ key: business, label: BUSINESS_SHORT_LABELS[business], statuses: statusesOf(business) }];
  const shared = statusesOf(BUSINESSES[0]).filter((s) => BUSINESSES.every((b) => statusesOf(b).includes(s)));
  return [
    { key: 'shared' as const, label: '两项业务共有', statuses: shared },
    ...BUSINESSES.map((b) => ({ key: b, label: BUSINESS_SHORT_LABELS[b], statuses: statusesOf(b).filter((s) => !shared.includes(s)) })),
  ];
}

/**
 * Submissions per local day from counts per UTC hour ("2026-11-23T02" → n), as the one GROUP BY gives them on both
 * databases (the time zone is applied here, not in SQL, which SQLite cannot do). Every day from `from` to `to`
 * (the plan's online window, local dates) is listed, zeros included; days with submissions outside it are added.
 * At most `maxDays` days are filled in (a malformed window must not make a chart of years).
 */
export function submissionsPerDay(hours: readonly { hour: string; n: number }[], timeZone: string, from: string, to: string, maxDays = 400): { day: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const h of hours) {
    const day = localDate(new Date(`${h.hour}:00:00.000Z`), timeZone);
    counts.set(day, (counts.get(day) ?? 0) + h.n);
  }
  const days = new Set<string>(counts.keys());
  if (/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to) {
    const d = new Date(`${from}T00:00:00.000Z`);
    for (let i = 0; i < maxDays && d.toISOString().slice(0, 10) <= to; i++) {
      days.add(d.toISOString().slice(0, 10));
      d.setUTCDate(d.getUTCDate() + 1);
    }
  }
  return [...days].sort().map((day) => ({ day, n: counts.get(day) ?? 0 }));
}
