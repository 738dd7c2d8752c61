import type { Knex } from 'knex';
import type { RegionRow } from './places';
import { idOf } from './ids';

/** What `npm run admin -- init` reads and writes: whether a bureau exists, the region table, the first bureau. */
export function createInstanceSetupRepo(db: Knex) {
  return {
    /**
     * Bureaus counted inside the write that creates the first one, so two inits at once leave one bureau: SQLite has
     * one writer; on PostgreSQL a table lock makes the second wait for the first and then find its row.
     */
    async bureauCountLocked(trx: Knex.Transaction): Promise<number> {
      if (trx.client.config.client === 'pg') await trx.raw('lock table bureaus in share row exclusive mode');
      const [row] = await trx('bureaus').count<{ n: number | string }[]>({ n: '*' });
      return Number(row.n);
    },
    bureauCount: async (): Promise<number> => {
      const [row] = await db('bureaus').count<{ n: number | string }[]>({ n: '*' });
      return Number(row.n);
    },
    region: (code: string): Promise<RegionRow | undefined> => db('regions').where({ code }).first(),
    async insertBureau(row: { region_code: string; name: string; level: string; created_at: string }, trx: Knex.Transaction): Promise<number> {
      const [inserted] = await trx('bureaus').insert(row).returning('id');
      return idOf(inserted);
    },
  };
}
export type InstanceSetupRepo = ReturnType<typeof createInstanceSetupRepo>;
