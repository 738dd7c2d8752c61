import { barChart, columnChart, ChartModel } from '../../domain/barChart';
import type { CountRow, Statistics } from '../../services/reports';

/** One section of the 统计 page: a chart and the table that is its text alternative. */
export interface StatsSection { id: string; title: string; note?: string; headers: string[]; rows: { cells: string[]; n: number; share: string }[]; total: number; chart: ChartModel }

const bar = (r: CountRow) => ({ label: r.label, value: r.n });
const share = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '—');

function section(id: string, title: string, header: string, rows: CountRow[], chart: ChartModel, total: number, cells = (r: CountRow) => [r.label]): StatsSection {
  return { id, title, headers: [header], rows: rows.map((r) => ({ cells: cells(r), n: r.n, share: share(r.n, total) })), total, chart };
}

/** The page's five sections in reading order; days by "MM-DD" on the chart, in full in the table. */
export function statisticsSections(s: Statistics, planTitle: string): StatsSection[] {
  const t = s.total;
  const subjects = s.byStageAndSubject;
  return [
    section('by-status', '按报名状态', '报名状态', s.byStatus, barChart(`${planTitle}：按报名状态的报名人数`, s.byStatus.map(bar), { unit: '人' }), t),
    section('by-point', '按确认点', '确认点', s.byPoint, barChart(`${planTitle}：按确认点的报名人数`, s.byPoint.map(bar), { unit: '人' }), t),
    section('by-stage', '按现任教学段', '现任教学段', s.byStage, barChart(`${planTitle}：按现任教学段的报名人数`, s.byStage.map(bar), { unit: '人' }), t),
    {
      ...section('by-subject', '按现任教学段和学科', '现任教学段', subjects, barChart(`${planTitle}：按现任教学段和学科的报名人数`, subjects.map(bar), { unit: '人' }), t,
        (r) => { const x = r as (typeof subjects)[number]; return [x.stage, x.subject]; }),
      headers: ['现任教学段', '现任教学科'],
    },
    // The chart spans the online window, zeros included; the table lists the days with submissions (its caption says so).
    {
      ...section('by-day', '按提交日期（每日提交人数）', '提交日期', s.byDay.filter((d) => d.n > 0),
        columnChart(`${planTitle}：每日提交的报名人数`, s.byDay.map((d) => ({ label: d.label.slice(5), value: d.n })), { unit: '人' }), t),
      note: '表中只列出有提交的日期，其余日期提交人数为 0。',
    },
  ];
}
