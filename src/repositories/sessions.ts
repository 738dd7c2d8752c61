import type { Knex } from 'knex';
import { isPostgres, rows } from '../db/knex';

/** Reads a live session's data by its id; undefined when there is none (or it has expired). */
export type FindLiveSession = (sid: string, nowIso: string) => Promise<string | undefined>;

/**
 * The session store's read on the path every signed-in request takes, as one fixed statement (issue 8's
 * profile): the same condition as connect-session-knex's, on SQLite's read connection. PostgreSQL keeps the
 * package's own query (null here).
 */
export function createSessionsRepo(db: Knex): { findLive: FindLiveSession | null } {
  if (isPostgres(db)) return { findLive: null };
  return {
    findLive: async (sid, nowIso) =>
      (await rows<{ sess: string }>(db, 'select sess from sessions where sid = ? and datetime(?) <= datetime(expired)', [sid, nowIso]))[0]?.sess,
  };
}
