import type { Knex } from 'knex';

export type AuditActorType = 'applicant' | 'staff' | 'system';

export interface AuditRow {
  id: number;
  actor_type: AuditActorType;
  actor_id: number | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  created_at: string;
}
export type NewAuditRow = Omit<AuditRow, 'id'>;

export interface AuditFilter {
  actorType?: AuditActorType;
  actorId?: number;
  action?: string;
  target?: string;
  /** ISO time, inclusive. */
  since?: string;
  /** Newest first; at most 1,000 rows a call. */
  limit?: number;
}

/** What the audit page may show: everything, one bureau's rows (see services/audit auditScopeOf), or nothing. */
export type AuditScope = { kind: 'all' } | { kind: 'bureau'; bureauId: number } | { kind: 'none' };

export interface AuditPageFilter {
  /** ISO instants: from inclusive, until exclusive. */
  from?: string;
  until?: string;
  action?: string;
  actorType?: AuditActorType;
  /** A part of the target text (e.g. a 报名号), matched literally. */
  target?: string;
  page: number;
  pageSize: number;
}

/** A row as the page shows it: with the staff user's username and role when a staff user acted. */
export interface AuditViewRow extends AuditRow { staff_username: string | null; staff_role: string | null }
export interface AuditPage { rows: AuditViewRow[]; total: number }

/** LIKE with the user's text taken literally (no wildcards of their own). */
const likeLiteral = (value: string) => `%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The `audit_log` table. Writes take the caller's transaction so a change and its audit row commit together. */
export function createAuditRepo(db: Knex) {
  const table = (trx?: Knex.Transaction) => (trx ?? db)<AuditRow>('audit_log');
  return {
    async insert(row: NewAuditRow, trx?: Knex.Transaction): Promise<void> {
      await table(trx).insert(row);
    },
    list(filter: AuditFilter = {}, trx?: Knex.Transaction): Promise<AuditRow[]> {
      const q = table(trx);
      if (filter.actorType) q.where('actor_type', filter.actorType);
      if (filter.actorId !== undefined) q.where('actor_id', filter.actorId);
      if (filter.action) q.where('action', filter.action);
      if (filter.target) q.where('target', filter.target);
      if (filter.since) q.where('created_at', '>=', filter.since);
      const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
      return q.orderBy('id', 'desc').limit(limit).select<AuditRow[]>('*');
    },

    /** One page of the audit page, in scope, newest first, with the total for paging. */
    async page(scope: AuditScope, filter: AuditPageFilter): Promise<AuditPage> {
      const base = () => {
        const q = db('audit_log as a');
        if (scope.kind === 'none') q.whereRaw('1 = 0');
        if (scope.kind === 'bureau') {
          // One grouped OR, so no filter below can escape it.
          q.where((w) => w
            .where((s) => s.where('a.actor_type', 'staff').whereIn('a.actor_id', db('staff_users').select('id').where({ bureau_id: scope.bureauId })))
            .orWhereIn('a.target', db('applications').select(db.raw("'application:' || application_no")).where({ bureau_id: scope.bureauId })));
        }
        if (filter.from) q.where('a.created_at', '>=', filter.from);
        if (filter.until) q.where('a.created_at', '<', filter.until);
        if (filter.action) q.where('a.action', filter.action);
        if (filter.actorType) q.where('a.actor_type', filter.actorType);
        if (filter.target) q.whereRaw("a.target like ? escape '\\'", [likeLiteral(filter.target)]);
        return q;
      };
      const [{ n }] = await base().count<{ n: number | string }[]>({ n: '*' });
      const rows = await base()
        .leftJoin('staff_users as s', (j) => j.on('s.id', 'a.actor_id').andOnVal('a.actor_type', 'staff'))
        .select<AuditViewRow[]>('a.*', 's.username as staff_username', 's.role as staff_role')
        .orderBy('a.id', 'desc').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize);
      return { rows, total: Number(n) };
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
