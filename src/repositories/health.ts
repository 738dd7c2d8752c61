import type { Knex } from 'knex';

/** The health probe's one query. */
export async function databaseReachable(db: Knex): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
