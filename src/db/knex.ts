import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import type { Config } from '../config';
import { migrationSource } from '../../migrations';

export type Db = Knex;

/** SQLite (WAL) by default; PostgreSQL when DATABASE_URL is set. Both run the same migrations. */
export function createDb(config: Pick<Config, 'databaseUrl' | 'sqlitePath'>): Db {
  if (config.databaseUrl) {
    return knexFactory({ client: 'pg', connection: config.databaseUrl, pool: { min: 0, max: 10 } });
  }
  const filename = config.sqlitePath;
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1, // one connection: better-sqlite3 is synchronous, and one writer avoids SQLITE_BUSY
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        cachePreparedStatements(conn);
        conn.pragma('journal_mode = WAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        done(null, conn);
      },
    },
  });
}

interface SqliteConnection {
  pragma(s: string): unknown;
  prepare(sql: string): unknown;
}

/**
 * Knex prepares every query anew; preparing costs more than running a small query. The statements of
 * one connection are kept by their SQL text (queries are built from a fixed set, so the map stays small;
 * it is emptied if it ever grows past 1,000). better-sqlite3 runs synchronously, so a statement is never
 * in use twice at once, and SQLite re-prepares it itself after a schema change.
 */
function cachePreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const statements = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 1000) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/**
 * Rows of a fixed SQL statement (`?` placeholders), on SQLite and PostgreSQL alike. For the few reads every
 * signed-in page makes: Knex's query builder costs several times the query itself there (issue 8's profile),
 * while a raw statement goes straight to the driver (and, on SQLite, to the cached prepared statement).
 */
export async function rows<T>(db: Knex | Knex.Transaction, sql: string, bindings: readonly Knex.Value[]): Promise<T[]> {
  const result = (await db.raw(sql, bindings)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
