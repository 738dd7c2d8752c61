import type { Knex } from 'knex';
import type { ProtectedTable } from '../security/personalData';

/**
 * The SQL of the sweep over protected columns (services/dataProtection.ts): which rows are not yet under a key
 * version (NULL = plaintext from before encryption), and writing one row back. Found through the `key_version`
 * index, so finding the images to seal never reads the blobs of the rest.
 */
export function createProtectedDataRepo(db: Knex) {
  const behind = (q: Knex.QueryBuilder, version: number | null) =>
    (version === null ? q.whereNull('key_version') : q.where((w) => w.whereNull('key_version').orWhere('key_version', '<', version)));
  const columnsOf = (spec: ProtectedTable) => ['id', ...spec.text.map((t) => t.column), ...spec.bytes];
  return {
    /**
     * Up to `limit` rows, in id order, whose values are behind: plaintext only (`version` null) or anything not under
     * `version` (the current one, always the newest). Read inside the batch's transaction, with the row locked on
     * PostgreSQL, so a row written meanwhile is not overwritten with stale values.
     */
    behind: (trx: Knex.Transaction, spec: ProtectedTable, version: number | null, limit: number): Promise<Record<string, unknown>[]> => {
      const q = behind(trx(spec.table).select(columnsOf(spec)), version).orderBy('id').limit(limit);
      return trx.client.config.client === 'pg' ? q.forUpdate() : q;
    },
    countBehind: async (spec: ProtectedTable, version: number | null): Promise<number> =>
      Number((await behind(db(spec.table), version).count<{ n: number | string }[]>({ n: '*' }))[0]?.n ?? 0),
    write: (trx: Knex.Transaction, table: string, id: unknown, values: Record<string, unknown>) => trx(table).where({ id }).update(values),
  };
}
export type ProtectedDataRepo = ReturnType<typeof createProtectedDataRepo>;
