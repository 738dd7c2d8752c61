import type { Knex } from 'knex';
import { rows } from '../db/knex';

/** In-progress wizards, one per (account, journey): a 认定 draft never overwrites a 定期注册 draft. */
export function createDraftsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    // Read on every wizard request: a fixed statement rather than a built query.
    find: async (accountId: number, journey: string): Promise<{ data: string; updated_at: string } | undefined> =>
      (await rows<{ data: string; updated_at: string }>(db, 'select data, updated_at from drafts where account_id = ? and journey = ? limit 1', [accountId, journey]))[0],
    async save(accountId: number, journey: string, data: string, updatedAt: string, trx?: Knex.Transaction): Promise<void> {
      await q(trx)('drafts').insert({ account_id: accountId, journey, data, updated_at: updatedAt }).onConflict(['account_id', 'journey']).merge();
    },
    remove: (accountId: number, journey: string, trx?: Knex.Transaction) => q(trx)('drafts').where({ account_id: accountId, journey }).del(),
  };
}
export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
