import type { Knex } from 'knex';
import { PersonalData, PROTECTED_TABLES } from '../security/personalData';
import { createProtectedDataRepo } from '../repositories/protectedData';

/**
 * Brings every protected column (security/personalData.ts PROTECTED_TABLES) under the current key: opens what is
 * there — legacy plaintext passes through, ciphertext of any key version held decrypts —, seals it again, recomputes
 * its blind index and sets the row's key_version. Batches of `batchSize` rows, each its own transaction: a crash
 * loses at most the batch in flight, and running it again carries on, since finished rows are no longer behind.
 *
 * - `sealLegacyRows`: rows written before encryption (key_version NULL), at every start after migrating (an
 *   upgraded install is encrypted in place; nothing to do costs one indexed count per table).
 * - `resealAll`: every row not under the current key (admin rotate-keys).
 */
export interface ResealOptions { batchSize?: number; onProgress?(table: string, done: number): void }

async function reseal(db: Knex, pd: PersonalData, version: number | null, opts: ResealOptions): Promise<Record<string, number>> {
  const repo = createProtectedDataRepo(db);
  const batchSize = opts.batchSize ?? 200;
  const done: Record<string, number> = {};
  for (const spec of PROTECTED_TABLES) {
    done[spec.table] = 0;
    for (;;) {
      const count = await db.transaction(async (trx) => {
        const rows = await repo.behind(trx, spec, version, batchSize);
        for (const row of rows) {
          const values: Record<string, unknown> = { key_version: pd.keyVersion };
          for (const { column, index } of spec.text) {
            const stored = row[column];
            if (typeof stored !== 'string') continue;
            const plain = pd.open(stored);
            values[column] = pd.seal(plain);
            if (index) values[index.column] = pd.index(index.purpose, plain);
          }
          for (const column of spec.bytes) {
            const stored = row[column];
            if (stored instanceof Uint8Array) values[column] = pd.sealBytes(pd.openBytes(Buffer.from(stored)));
          }
          await repo.write(trx, spec.table, row.id, values);
        }
        return rows.length;
      });
      if (count === 0) break;
      done[spec.table] += count;
      opts.onProgress?.(spec.table, done[spec.table]);
    }
  }
  return done;
}

export const sealLegacyRows = (db: Knex, pd: PersonalData, opts: ResealOptions = {}) => reseal(db, pd, null, opts);
export const resealAll = (db: Knex, pd: PersonalData, opts: ResealOptions = {}) => reseal(db, pd, pd.keyVersion, opts);

/** Rows still holding values under an older key (or plaintext), by table; all zero before an old key may go. */
export async function rowsBehind(db: Knex, pd: PersonalData): Promise<Record<string, number>> {
  const repo = createProtectedDataRepo(db);
  const behind: Record<string, number> = {};
  for (const spec of PROTECTED_TABLES) behind[spec.table] = await repo.countBehind(spec, pd.keyVersion);
  return behind;
}
