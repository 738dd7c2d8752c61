import type { Knex } from 'knex';
import type { ChainedFields, ChainPoint, StoredChainRow } from '../domain/auditChain';

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
  /** The hash chain (domain/auditChain.ts): place, previous row's hash, own keyed hash. */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}
export type NewAuditRow = Omit<AuditRow, 'id' | 'seq' | 'prev_hash' | 'hash'>;
/** Computes a row's keyed hash (the key is the service's, never the repository's). */
export type ChainSealer = (fields: ChainedFields) => string;

const HEAD_ID = 1;
const LEGACY_BATCH = 500;

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
  const isPg = db.client.config.client === 'pg';

  /**
   * The chain head, locked for this transaction on PostgreSQL (SELECT … FOR UPDATE: a second instance's append waits
   * here until this transaction ends); SQLite's transactions are serial on its one write connection already.
   */
  async function lockedHead(trx: Knex.Transaction): Promise<ChainPoint & { legacyPending: boolean }> {
    const q = trx('audit_chain_head').where({ id: HEAD_ID });
    if (isPg) q.forUpdate();
    const head = await q.first<{ seq: number | string; hash: string; legacy_pending: boolean | number } | undefined>('seq', 'hash', 'legacy_pending');
    if (!head) throw new Error('audit_chain_head has no row: run the migrations');
    return { seq: Number(head.seq), hash: head.hash, legacyPending: Boolean(head.legacy_pending) };
  }

  /** Rows written before the chain existed (see the migration): chained once, in id order, after the head. */
  async function chainLegacy(trx: Knex.Transaction, from: ChainPoint, seal: ChainSealer): Promise<ChainPoint> {
    let { seq, hash } = from;
    for (;;) {
      const rows = await trx<AuditRow>('audit_log').whereNull('seq').orderBy('id').limit(LEGACY_BATCH).select('*');
      for (const row of rows) {
        seq += 1;
        const own = seal({ ...row, seq, prev_hash: hash });
        await trx('audit_log').where({ id: row.id }).update({ seq, prev_hash: hash, hash: own });
        hash = own;
      }
      if (rows.length < LEGACY_BATCH) break;
    }
    await trx('audit_chain_head').where({ id: HEAD_ID }).update({ seq, hash, legacy_pending: false });
    return { seq, hash };
  }

  async function appendIn(trx: Knex.Transaction, row: NewAuditRow, seal: ChainSealer): Promise<void> {
    const head = await lockedHead(trx);
    const prev = head.legacyPending ? await chainLegacy(trx, head, seal) : head;
    const seq = prev.seq + 1;
    const hash = seal({ ...row, seq, prev_hash: prev.hash });
    await trx('audit_log').insert({ ...row, seq, prev_hash: prev.hash, hash });
    await trx('audit_chain_head').where({ id: HEAD_ID }).update({ seq, hash });
  }

  return {
    /**
     * Appends one row to the chain: the head is read (locked) and moved on in the caller's transaction, so the row,
     * the change it audits and the head commit together; without one, in a transaction of its own.
     */
    async append(row: NewAuditRow, seal: ChainSealer, trx?: Knex.Transaction): Promise<void> {
      if (trx) await appendIn(trx, row, seal);
      else await db.transaction((own) => appendIn(own, row, seal));
    },

    /**
     * Key rotation: every row's hash recomputed under the current key, in chain order, with the head moved to match —
     * one transaction, so a crash leaves the chain as it was (still verifiable under the keys kept until it is done).
     * The caller verified the chain first: re-signing carries a proven chain over to the new key, never a broken one.
     */
    async resign(seal: ChainSealer): Promise<ChainPoint> {
      return db.transaction(async (trx) => {
        await lockedHead(trx);
        let point: ChainPoint = { seq: 0, hash: '' };
        for (;;) {
          const rows = await trx<AuditRow>('audit_log').whereNotNull('seq').where('seq', '>', point.seq).orderBy('seq').limit(LEGACY_BATCH)
            .select('id', 'seq', 'actor_type', 'actor_id', 'action', 'target', 'detail', 'ip', 'created_at');
          for (const row of rows) {
            const seq = Number(row.seq);
            const hash = seal({ ...row, seq, prev_hash: point.hash });
            await trx('audit_log').where({ id: row.id }).update({ prev_hash: point.hash, hash });
            point = { seq, hash };
          }
          if (rows.length < LEGACY_BATCH) break;
        }
        await trx('audit_chain_head').where({ id: HEAD_ID }).update({ seq: point.seq, hash: point.hash });
        return point;
      });
    },

    /** Chains rows left from before the upgrade, if any (verify-audit runs it before walking). */
    async chainLegacyRows(seal: ChainSealer): Promise<void> {
      await db.transaction(async (trx) => {
        const head = await lockedHead(trx);
        if (head.legacyPending) await chainLegacy(trx, head, seal);
      });
    },

    async head(): Promise<ChainPoint> {
      const row = await db('audit_chain_head').where({ id: HEAD_ID }).first<{ seq: number | string; hash: string } | undefined>('seq', 'hash');
      return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: '' };
    },

    /** The chain in order, a page at a time (by the unique index on seq). */
    chainPage: (afterSeq: number, limit: number): Promise<StoredChainRow[]> =>
      db<AuditRow>('audit_log').whereNotNull('seq').where('seq', '>', afterSeq).orderBy('seq').limit(limit)
        .select('id', 'seq', 'prev_hash', 'hash', 'actor_type', 'actor_id', 'action', 'target', 'detail', 'ip', 'created_at'),

    /** A row that has no place in the chain (written around the service, straight into the table). */
    firstUnchained: (): Promise<StoredChainRow | undefined> =>
      db<AuditRow>('audit_log').whereNull('seq').orderBy('id').first('id', 'seq', 'prev_hash', 'hash', 'actor_type', 'actor_id', 'action', 'target', 'detail', 'ip', 'created_at'),

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
