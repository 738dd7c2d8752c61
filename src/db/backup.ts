import fs from 'node:fs';
import Database from 'better-sqlite3';
import { migrationSource } from '../../migrations';

/** The names of the application's migrations, in order: a backup of this schema has exactly these in knex_migrations. */
export async function appMigrationNames(): Promise<string[]> {
  return (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));
}

export const BACKUP_MESSAGES = {
  exists: (file: string) => `文件 ${file} 已存在，不会覆盖；请换一个文件名`,
  missing: (file: string) => `找不到备份文件 ${file}`,
  notSqlite: (file: string) => `${file} 不是 SQLite 数据库文件，不能用于恢复`,
  notOurs: (file: string) => `${file} 不是本系统的备份（没有迁移记录表 knex_migrations），不能用于恢复`,
  older: (missing: string[]) => `该备份来自较早的版本（缺少迁移 ${missing.join('、')}），与当前程序的数据库结构不一致，不能恢复；请用生成该备份的版本恢复后再升级`,
  newer: (extra: string[]) => `该备份来自较新的版本（含有当前程序没有的迁移 ${extra.join('、')}），不能恢复；请先升级程序`,
  corrupt: (detail: string) => `备份文件已损坏（integrity_check：${detail}），不能恢复`,
} as const;

/**
 * An online backup of the live SQLite file through SQLite's backup API (better-sqlite3), consistent while the service
 * keeps serving: pages written meanwhile are copied again. Refuses to overwrite an existing file.
 */
export async function backupSqlite(livePath: string, file: string): Promise<{ ok: true; pages: number } | { ok: false; message: string }> {
  if (fs.existsSync(file)) return { ok: false, message: BACKUP_MESSAGES.exists(file) };
  const source = new Database(livePath, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await source.backup(file);
    return { ok: true, pages: totalPages };
  } finally {
    source.close();
  }
}

/** Whether `file` is a sound backup of this schema: a SQLite file whose knex_migrations list is the application's. */
export async function checkBackup(file: string): Promise<string | null> {
  if (!fs.existsSync(file)) return BACKUP_MESSAGES.missing(file);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
  } catch {
    return BACKUP_MESSAGES.notSqlite(file);
  }
  try {
    const integrity = db.pragma('quick_check', { simple: true });
    if (integrity !== 'ok') return BACKUP_MESSAGES.corrupt(String(integrity));
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = 'knex_migrations'").get();
    if (!table) return BACKUP_MESSAGES.notOurs(file);
    const names = (db.prepare('select name from knex_migrations order by id').all() as { name: string }[]).map((r) => r.name);
    const expected = await appMigrationNames();
    const extra = names.filter((n) => !expected.includes(n));
    if (extra.length) return BACKUP_MESSAGES.newer(extra);
    const missing = expected.filter((n) => !names.includes(n));
    if (missing.length) return BACKUP_MESSAGES.older(missing);
    return null;
  } catch {
    return BACKUP_MESSAGES.notSqlite(file);
  } finally {
    db.close();
  }
}

/**
 * Replaces the live database's content with the backup's, through the backup API into the live file (so SQLite
 * itself writes it, WAL included), after `checkBackup` has passed.
 */
export async function restoreSqlite(file: string, livePath: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const problem = await checkBackup(file);
  if (problem) return { ok: false, message: problem };
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(livePath);
    return { ok: true };
  } finally {
    source.close();
  }
}
