import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import Database from 'better-sqlite3';
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
  const db = knexFactory({
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
        // Freed space is overwritten with zeros: an encrypted-in-place 证件号码 (or a deleted photo) leaves no old
        // plaintext in free pages of the file (issue 13, data at rest).
        conn.pragma('secure_delete = ON');
        conn.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
        done(null, conn);
      },
    },
  });
  if (filename !== ':memory:') attachReader(db, filename);
  return db;
}

/**
 * Each connection's page cache, in KiB as SQLite takes a negative cache_size. better-sqlite3 builds SQLite with 16 MB per
 * connection; two connections filled by a season's photos and lists held ≈ 32 MB of the server's RSS (issue 8: ≤ 200 MB)
 * for pages the kernel's file cache keeps anyway.
 */
const SQLITE_CACHE_KIB = -4000;

/**
 * A second, read-only SQLite connection for the fixed reads every signed-in request makes (`rows` outside a
 * transaction): a prepared statement run directly costs a few µs, where the same statement through Knex's
 * runner and pool costs tens (issue 8's profile). In WAL mode it reads the last committed state, so it never
 * sees another request's open transaction; writes and reads inside a transaction stay on Knex's connection.
 */
interface Reader { open(): Database.Database; statements: Map<string, Database.Statement> }
const readers = new WeakMap<Knex, Reader>();
function attachReader(db: Knex, filename: string): void {
  let conn: Database.Database | null = null;
  const reader: Reader = {
    statements: new Map(),
    open() {
      if (!conn) {
        conn = new Database(filename, { fileMustExist: true }); // opened at the first read: migrations have made the file
        conn.pragma('busy_timeout = 5000');
        conn.pragma('query_only = ON');
        conn.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
      }
      return conn;
    },
  };
  readers.set(db, reader);
  // db.destroy() ends the client (Knex's own `destroy` property is read-only): close the reader with it.
  const client = db.client as { destroy(...args: unknown[]): unknown };
  const destroy = client.destroy.bind(client);
  client.destroy = (...args: unknown[]) => {
    reader.statements.clear();
    conn?.close();
    conn = null;
    return destroy(...args);
  };
}

/** A binding as better-sqlite3 takes it (Knex does the same conversion for its own queries). */
function sqliteValue(v: Knex.Value): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.valueOf();
  return v;
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
  const reader = readers.get(db); // the root Knex of a SQLite file; never a transaction
  if (reader) {
    let statement = reader.statements.get(sql);
    if (!statement) {
      if (reader.statements.size >= 200) reader.statements.clear();
      statement = reader.open().prepare(sql);
      reader.statements.set(sql, statement);
    }
    return statement.all(...bindings.map(sqliteValue)) as T[];
  }
  const result = (await db.raw(sql, bindings)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
