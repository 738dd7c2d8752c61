import type { PlanWithCount, PointWithCounts } from '../../repositories/bureauAdmin';
import { BUSINESS_SHORT_LABELS, businessesOf, isBusiness } from '../../domain/business';
import { insideOnlineWindow, planStages, windowText } from '../../domain/planWindow';

/** 网报计划 list rows: dates as the bureau typed them, the 学段 by name, a state word, the application count. */
export function planRows(plans: PlanWithCount[], stageNames: Map<string, string>, timeZone: string, nowIso: string) {
  return plans.map((p) => {
    const codes = planStages(p);
    return {
      id: p.id, title: p.title, applications: p.applications,
      business: isBusiness(p.business) ? BUSINESS_SHORT_LABELS[p.business] : p.business,
      stages: codes.length ? codes.map((c) => stageNames.get(c) ?? c).join('、') : '全部学段',
      online: windowText(p.online_start, p.online_end, timeZone, true),
      confirm: windowText(p.confirm_start, p.confirm_end, timeZone, true),
      state: insideOnlineWindow(p, nowIso) ? '网报中' : p.online_start > nowIso ? '未开始' : p.confirm_end >= nowIso ? '网报已结束，确认中' : '已结束',
    };
  });
}

/** 确认点 list rows: the point's own window (or the plan's), active or not, how many operators and applications. */
export function pointRows(points: PointWithCounts[], timeZone: string) {
  return points.map((p) => ({
    id: p.id, name: p.name, businesses: businessesOf(p.businesses).map((b) => BUSINESS_SHORT_LABELS[b]).join('、'), scope: p.scope ?? '', address: p.address ?? '', phone: p.phone ?? '', active: Boolean(p.active),
    window: p.confirm_start && p.confirm_end ? windowText(p.confirm_start, p.confirm_end, timeZone, true) : '按网报计划的确认时间',
    operators: p.operators, applications: p.applications,
  }));
}
