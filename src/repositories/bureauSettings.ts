import type { Knex } from 'knex';
import { rows } from '../db/knex';

export interface BureauSettingsRow {
  bureau_id: number; retirement_age_male: number; retirement_age_female: number; gradual_retirement: boolean | number;
  sms_signature: string | null; mail_sender_name: string | null; updated_at: string;
}

/** A bureau's own settings (bureau_settings); no row means the defaults. */
export function createBureauSettingsRepo(db: Knex) {
  return {
    // Read by the eligibility rule on every wizard request: a fixed statement rather than a built query (issue 8).
    find: async (bureauId: number, trx?: Knex.Transaction): Promise<BureauSettingsRow | undefined> =>
      (await rows<BureauSettingsRow>(trx ?? db, 'select * from bureau_settings where bureau_id = ? limit 1', [bureauId]))[0],
    /** The instance's bureau: the first one made (by `npm run admin -- init`, or the demo's 台山). */
    firstBureauId: async (): Promise<number | null> => (await db('bureaus').orderBy('id').first('id'))?.id ?? null,
    async save(row: BureauSettingsRow, trx: Knex.Transaction): Promise<void> {
      await trx('bureau_settings').insert(row).onConflict('bureau_id').merge();
    },
  };
}
export type BureauSettingsRepo = ReturnType<typeof createBureauSettingsRepo>;
