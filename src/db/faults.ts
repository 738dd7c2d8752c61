/**
 * Database errors that mean "cannot write now" rather than a bug: the disk (or SQLite's page limit) is full, or the
 * database is read-only. They pass when space returns or the file system is writable again, so the error page
 * says so (503, try later) instead of a generic 500. Codes: better-sqlite3 (SQLite result codes, extended ones
 * included) and PostgreSQL SQLSTATEs (53100 disk_full, 25006 read_only_sql_transaction).
 */
export type StorageFault = 'full' | 'readOnly';

export function storageFaultOf(err: unknown): StorageFault | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === '53100') return 'full';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === '25006') return 'readOnly';
  // A write the OS refused for want of space (ENOSPC while growing the WAL) reaches us as an I/O error.
  if (code.startsWith('SQLITE_IOERR') && /disk is full|no space/i.test(String((err as Error).message))) return 'full';
  return null;
}
