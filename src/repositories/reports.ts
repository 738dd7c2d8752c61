import type { Knex } from 'knex';
import type { Scope } from '../domain/principal';
import type { ReportFilter } from '../domain/reportFilter';
import type { ExportEvent } from '../domain/exportColumns';
import { applyScope } from './scope';
import type { PersonalData } from '../security/personalData';

/** A plan or point as the report forms list them. */
export interface ReportPlan { id: number; title: string; online_start: string; online_end: string; business: string }
export interface ReportPoint { id: number; name: string; active: boolean | number }

/** One application as the export reads it (the snapshot, the status, and the account's contact numbers). */
export interface ExportApplicationRow {
  id: number; application_no: string; status: string; submitted_at: string; data: string; applicant_name: string | null;
  id_number: string; mobile: string; email: string | null;
}

type Counted = { n: number | string };

/** The bureau a scope belongs to (a point's bureau for an operator), or null for `all`/`none`. */
const bureauOf = (scope: Scope): number | null => (scope.kind === 'bureau' || scope.kind === 'point' ? scope.bureauId : null);

/**
 * 数据导出 and 统计: every query inside the staff user's scope (applyScope on the applications; plans and points by the
 * scope's bureau, and an operator's own point only). Exports read in pages by id (keyset), never one long cursor:
 * SQLite has a single connection that applicants need between pages, and Knex's .stream() would buffer the whole
 * result on better-sqlite3 (it calls .all()) and needs pg-query-stream on PostgreSQL.
 */
export function createReportsRepo(db: Knex, pd: PersonalData) {
  function filtered(scope: Scope, f: ReportFilter) {
    const q = applyScope(db('applications as a'), scope, { table: 'a' }).where('a.plan_id', f.planId);
    if (f.pointId !== null) q.where('a.point_id', f.pointId);
    if (f.statuses.length) q.whereIn('a.status', f.statuses);
    return q;
  }
  const counts = async (q: Knex.QueryBuilder, column: string) =>
    ((await q.groupBy(column).select({ key: column }).count<({ key: string | number | null } & Counted)[]>({ n: '*' }))
      .map((r) => ({ key: r.key === null ? null : String(r.key), n: Number(r.n) })));

  return {
    async plansOf(scope: Scope): Promise<ReportPlan[]> {
      const bureauId = bureauOf(scope);
      if (bureauId === null) return [];
      return db('plans').where({ bureau_id: bureauId }).orderBy([{ column: 'online_start', order: 'desc' }, { column: 'id', order: 'desc' }])
        .select('id', 'title', 'online_start', 'online_end', 'business');
    },
    /** The points a user may filter by: the bureau's, inactive ones included (they keep their applications). */
    async pointsOf(scope: Scope): Promise<ReportPoint[]> {
      const bureauId = bureauOf(scope);
      if (bureauId === null) return [];
      const q = db('confirmation_points').where({ bureau_id: bureauId });
      if (scope.kind === 'point') q.where({ id: scope.pointId });
      return q.orderBy('id').select('id', 'name', 'active');
    },
    async count(scope: Scope, f: ReportFilter): Promise<number> {
      const [{ n }] = await filtered(scope, f).count<Counted[]>({ n: '*' });
      return Number(n);
    },
    /** The next page of the export after `afterId`, in id order, with the account's ID number and contacts. */
    async page(scope: Scope, f: ReportFilter, afterId: number, limit: number): Promise<ExportApplicationRow[]> {
      const page: ExportApplicationRow[] = await filtered(scope, f).join('accounts as acc', 'acc.id', 'a.account_id').where('a.id', '>', afterId).orderBy('a.id').limit(limit)
        .select('a.id', 'a.application_no', 'a.status', 'a.submitted_at', 'a.data', 'a.applicant_name', 'acc.id_number', 'acc.mobile', 'acc.email');
      // Opened one page at a time (encrypted at rest: security/personalData.ts).
      return page.map((r) => pd.openRow('accounts', r));
    },
    /** The events of some applications (one page's), oldest first. */
    eventsOf(applicationIds: readonly number[]): Promise<(ExportEvent & { application_id: number })[]> {
      if (!applicationIds.length) return Promise.resolve([]);
      return db('application_events').whereIn('application_id', applicationIds).orderBy('id')
        .select('application_id', 'action', 'from_status', 'to_status', 'reason', 'missing_materials', 'created_at');
    },

    // 统计: one GROUP BY each, on the plan (and the point, for an operator) in scope.
    byStatus: (scope: Scope, f: ReportFilter) => counts(filtered(scope, f), 'a.status'),
    byPoint: (scope: Scope, f: ReportFilter) => counts(filtered(scope, f), 'a.point_id'),
    byStage: (scope: Scope, f: ReportFilter) => counts(filtered(scope, f), 'a.teaching_stage'),
    async byStageAndSubject(scope: Scope, f: ReportFilter): Promise<{ stage: string | null; subject: string | null; n: number }[]> {
      const rows = await filtered(scope, f).groupBy('a.teaching_stage', 'a.teaching_subject')
        .select({ stage: 'a.teaching_stage', subject: 'a.teaching_subject' }).count<({ stage: string | null; subject: string | null } & Counted)[]>({ n: '*' });
      return rows.map((r) => ({ stage: r.stage, subject: r.subject, n: Number(r.n) }));
    },
    /** Submissions per UTC hour ("2026-11-23T02"); the service folds them into local days (SQLite has no time zones). */
    async byHour(scope: Scope, f: ReportFilter): Promise<{ hour: string; n: number }[]> {
      const rows = await filtered(scope, f).groupBy(db.raw('substr(a.submitted_at, 1, 13)'))
        .select(db.raw('substr(a.submitted_at, 1, 13) as hour')).count<({ hour: string } & Counted)[]>({ n: '*' });
      return rows.map((r) => ({ hour: r.hour, n: Number(r.n) }));
    },
  };
}
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
