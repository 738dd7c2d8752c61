import type { Knex } from 'knex';

/** In-progress wizards, one per (account, journey): a 认定 draft never overwrites a 定期注册 draft. */
export function createDraftsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    find: (accountId: number, journey: string): Promise<{ data: string; updated_at: string } | undefined> =>
      db('drafts').where({ account_id: accountId, journey }).first('data', 'updated_at'),
    async save(accountId: number, journey: string, data: string, updatedAt: string, trx?: Knex.Transaction): Promise<void> {
      await q(trx)('drafts').insert({ account_id: accountId, journey, data, updated_at: updatedAt }).onConflict(['account_id', 'journey']).merge();
    },
    remove: (accountId: number, journey: string, trx?: Knex.Transaction) => q(trx)('drafts').where({ account_id: accountId, journey }).del(),
  };
}
export type DraftsRepo = ReturnType<typeof createDraftsRepo>;
