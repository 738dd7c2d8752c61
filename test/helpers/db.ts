import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, migrateLatest } from '../../src/db/knex';
import { createPgDatabase } from './app';

export type Engine = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (for tests that run on both in one go). */
export const ENGINES: Engine[] = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

/** A migrated, empty database of the engine: a SQLite file, or a fresh PostgreSQL database. */
export async function makeTestDb(engine: Engine): Promise<{ db: Knex; close(): Promise<void> }> {
  if (engine === 'postgres') {
    if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
    const pg = await createPgDatabase(process.env.TEST_DATABASE_URL);
    const db = createDb({ databaseUrl: pg.url, sqlitePath: '' });
    await migrateLatest(db);
    return { db, async close() { await db.destroy(); await pg.drop(); } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-db-'));
  const db = createDb({ databaseUrl: null, sqlitePath: path.join(dir, 'test.sqlite') });
  await migrateLatest(db);
  return { db, async close() { await db.destroy(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
