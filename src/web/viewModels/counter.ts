import { statusesOf } from '../../domain/applicationStatus';
import { BUSINESSES, BUSINESS_SHORT_LABELS, type Business } from '../../domain/business';
import { maskIdNumber } from '../../domain/personalInfo';
import type { QueueRow } from '../../repositories/staffQueue';
import { paths } from '../paths';

/** What the counter's list is narrowed by, as the query string carries it (业务类型 定期注册 unless asked). */
export interface CounterQuery { business: Business; status: string; idNumber: string; name: string; page: number }

/** The counter's URL for a query (empty parts left out, 定期注册 and page 1 implied). */
export function counterHref(q: Partial<CounterQuery>): string {
  const params = new URLSearchParams();
  if (q.business && q.business !== 'registration') params.set('business', q.business);
  if (q.status) params.set('status', q.status);
  if (q.idNumber) params.set('idNumber', q.idNumber);
  if (q.name) params.set('name', q.name);
  if (q.page && q.page > 1) params.set('page', String(q.page));
  const query = params.toString();
  return query ? `${paths.staffCounter}?${query}` : paths.staffCounter;
}

export interface FilterLink { label: string; count: number; href: string; current: boolean }

/** 全部 and one link per status of the business with its count; a search's terms are kept, the page is not. */
export function statusFilters(q: CounterQuery, counts: Record<string, number>): FilterLink[] {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const base = { business: q.business, idNumber: q.idNumber, name: q.name };
  return [
    { label: '全部', count: total, href: counterHref(base), current: !q.status },
    ...statusesOf(q.business).map((status) => ({ label: status, count: counts[status] ?? 0, href: counterHref({ ...base, status }), current: q.status === status })),
  ];
}

/** One tab per business with its count under the same search (a 认定 found by 姓名 shows on its tab). */
export function businessFilters(q: CounterQuery, counts: Record<string, number>): FilterLink[] {
  return BUSINESSES.map((business) => ({
    label: BUSINESS_SHORT_LABELS[business], count: counts[business] ?? 0,
    href: counterHref({ business, idNumber: q.idNumber, name: q.name }), current: q.business === business,
  }));
}

export interface CounterRow { no: string; href: string; name: string; maskedId: string; stage: string; regType: string; status: string; submitted: string }

/** The list's rows; the ID number masked, as everywhere on screen. A 认定 row shows its 资格种类 where 定期注册 shows 注册类型. */
export function counterRows(rows: QueueRow[], stageName: (code: string) => string, qualificationName: (code: string) => string = (code) => code): CounterRow[] {
  return rows.map((r) => ({
    no: r.application_no, href: paths.staffApplication(r.application_no), name: r.applicant_name ?? '', maskedId: maskIdNumber(r.id_number),
    stage: r.teaching_stage ? stageName(r.teaching_stage) : '',
    regType: r.business === 'certification' ? (r.qualification_code ? qualificationName(r.qualification_code) : '') : r.reg_type ?? '',
    status: r.status, submitted: r.submitted_at,
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
