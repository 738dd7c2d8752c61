import type { Knex } from 'knex';

/**
 * Every column that holds a files.id. A new one must be added here, or housekeeping would delete what it
 * points to (test/integration/housekeeping.test.ts compares this list with the schema). Drafts hold file
 * ids inside their JSON (drafts.data); the service reads those.
 */
export const FILE_REFERENCES: ReadonlyArray<readonly [table: string, column: string]> = [
  ['applications', 'photo_file_id'],
  ['applications', 'signature_file_id'],
  ['certificates', 'photo_file_id'],
  ['certificates', 'extra_photo_file_id'],
  ['realname_reviews', 'front_file_id'],
  ['realname_reviews', 'back_file_id'],
  ['other_certificates', 'photo_file_id'],
  ['certification_uploads', 'file_id'],
];

export interface FileCandidate { id: number; account_id: number | null }
export interface DraftRow { account_id: number; journey: string; data: string; updated_at: string }

/** No column anywhere points at files.id (correlated NOT EXISTS, the same SQL on SQLite and PostgreSQL). */
function unreferenced(db: Knex | Knex.Transaction, q: Knex.QueryBuilder): Knex.QueryBuilder {
  for (const [table, column] of FILE_REFERENCES) {
    q.whereNotExists(db(table).select(db.raw('1')).whereRaw('??.?? = ??.??', [table, column, 'files', 'id']));
  }
  return q;
}

export function createHousekeepingRepo() {
  // Every query runs in the caller's transaction: what is checked is what is deleted.
  return {
    /** Files created before `beforeIso` that no column references, in id order after `afterId`. */
    unreferencedFiles: async (beforeIso: string, afterId: number, limit: number, trx: Knex.Transaction): Promise<FileCandidate[]> =>
      (await unreferenced(trx, trx('files').select('id', 'account_id').where('created_at', '<', beforeIso).andWhere('id', '>', afterId))
        .orderBy('id').limit(limit)).map((r: { id: number | string; account_id: number | string | null }) => ({
        id: Number(r.id), account_id: r.account_id === null ? null : Number(r.account_id),
      })),
    /** The JSON of the drafts of these accounts, or of every draft when `accountIds` is null. */
    drafts: (accountIds: number[] | null, trx: Knex.Transaction): Promise<Array<{ account_id: number; data: string }>> => {
      const q = trx('drafts').select('account_id', 'data');
      return accountIds ? q.whereIn('account_id', accountIds) : q;
    },
    /** Drafts in (account, journey) order after `after`, `limit` at a time (retention reads them all, page by page). */
    draftsAfter: async (after: { accountId: number; journey: string } | null, limit: number, db: Knex | Knex.Transaction): Promise<DraftRow[]> => {
      const q = db('drafts').select('account_id', 'journey', 'data', 'updated_at').orderBy([{ column: 'account_id' }, { column: 'journey' }]).limit(limit);
      if (after) q.where((w) => w.where('account_id', '>', after.accountId).orWhere((x) => x.where('account_id', after.accountId).andWhere('journey', '>', after.journey)));
      return (await q).map((r: DraftRow) => ({ ...r, account_id: Number(r.account_id) }));
    },
    /** When each plan ends (its confirmation end), by id. */
    planEnds: async (db: Knex | Knex.Transaction): Promise<Map<number, string>> =>
      new Map((await db('plans').select('id', 'confirm_end')).map((r: { id: number | string; confirm_end: string }) => [Number(r.id), r.confirm_end])),
    /** Deletes these drafts unless saved again since they were read (their updated_at moved on). */
    deleteDrafts: async (drafts: Array<Pick<DraftRow, 'account_id' | 'journey' | 'updated_at'>>, trx: Knex.Transaction): Promise<number> => {
      let n = 0;
      for (const d of drafts) n += await trx('drafts').where({ account_id: d.account_id, journey: d.journey, updated_at: d.updated_at }).del();
      return n;
    },
    /** Deletes at most `limit` outbox rows created before `beforeIso`, oldest first; answers how many. */
    deleteOutboxBefore: (beforeIso: string, limit: number, db: Knex | Knex.Transaction): Promise<number> =>
      db('outbox').whereIn('id', db('outbox').select('id').where('created_at', '<', beforeIso).orderBy('id').limit(limit)).del(),
    /** Deletes these files, checking again in the same statement that nothing references them now. */
    deleteUnreferenced: (ids: number[], trx: Knex.Transaction): Promise<number> =>
      unreferenced(trx, trx('files').whereIn('id', ids)).del(),
  };
}
export type HousekeepingRepo = ReturnType<typeof createHousekeepingRepo>;
