import type { Knex } from 'knex';
import { rows } from '../db/knex';

/** In-progress wizards, one per (account, journey): a 认定 draft never overwrites a 定期注册 draft. */
export function createDraftsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    // Read on every wizard request: a fixed statement rather than a built query.
    find: async (accountId: number, journey: string): Promise<{ data: string; updated_at: string } | undefined> =>
      (await rows<{ data: string; updated_at: string }>(db, 'select data, updated_at from drafts where account_id = ? and journey = ? limit 1', [accountId, journey]))[0],
    // Written at every step: a fixed statement (the same upsert on SQLite and PostgreSQL) rather than a built one.
    async save(accountId: number, journey: string, data: string, updatedAt: string, trx?: Knex.Transaction): Promise<void> {
      await q(trx).raw('insert into drafts (account_id, journey, data, updated_at) values (?, ?, ?, ?) '
        + 'on conflict (account_id, journey) do update set data = excluded.data, updated_at = excluded.updated_at', [accountId, journey, data, updatedAt]);
    },
    remove: (accountId: number, journey: string, trx?: Knex.Transaction) => q(trx)('drafts').where({ account_id: accountId, journey }).del(),
  };
}
export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
