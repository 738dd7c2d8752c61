import { STATUS } from '../../domain/applicationStatus';
import { maskIdNumber } from '../../domain/personalInfo';
import type { QueueRow } from '../../repositories/staffQueue';
import { paths } from '../paths';

/** What the counter's list is narrowed by, as the query string carries it. */
export interface CounterQuery { status: string; idNumber: string; name: string; page: number }

/** The counter's URL for a query (empty parts left out, page 1 implied). */
export function counterHref(q: Partial<CounterQuery>): string {
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.idNumber) params.set('idNumber', q.idNumber);
  if (q.name) params.set('name', q.name);
  if (q.page && q.page > 1) params.set('page', String(q.page));
  const query = params.toString();
  return query ? `${paths.staffCounter}?${query}` : paths.staffCounter;
}

export interface FilterLink { label: string; count: number; href: string; current: boolean }

/** 全部 and one link per status with its count; a search's terms are kept, the page is not. */
export function statusFilters(q: CounterQuery, counts: Record<string, number>): FilterLink[] {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const base = { idNumber: q.idNumber, name: q.name };
  return [
    { label: '全部', count: total, href: counterHref(base), current: !q.status },
    ...Object.values(STATUS).map((status) => ({ label: status, count: counts[status] ?? 0, href: counterHref({ ...base, status }), current: q.status === status })),
  ];
}

export interface CounterRow { no: string; href: string; name: string; maskedId: string; stage: string; regType: string; status: string; submitted: string }

/** The list's rows; the ID number masked, as everywhere on screen. */
export function counterRows(rows: QueueRow[], stageName: (code: string) => string): CounterRow[] {
  return rows.map((r) => ({
    no: r.application_no, href: paths.staffApplication(r.application_no), name: r.applicant_name ?? '', maskedId: maskIdNumber(r.id_number),
    stage: r.teaching_stage ? stageName(r.teaching_stage) : '', regType: r.reg_type ?? '', status: r.status, submitted: r.submitted_at,
  }));
}

/** 上一页 / 下一页 and where we are. */
export function pager(q: CounterQuery, pages: number, total: number) {
  return {
    page: q.page, pages, total,
    prev: q.page > 1 ? counterHref({ ...q, page: q.page - 1 }) : null,
    next: q.page < pages ? counterHref({ ...q, page: q.page + 1 }) : null,
  };
}
