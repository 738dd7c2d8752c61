import type { Knex } from 'knex';
import type { RegionRow } from './places';
import { idOf } from './ids';

/** What `npm run admin -- init` reads and writes: whether a bureau exists, the region table, the first bureau. */
export function createInstanceSetupRepo(db: Knex) {
  return {
    db,
    bureauCount: async (trx?: Knex.Transaction): Promise<number> => {
      const [row] = await (trx ?? db)('bureaus').count<{ n: number | string }[]>({ n: '*' });
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
