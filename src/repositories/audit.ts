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
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
