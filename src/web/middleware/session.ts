import session, { SessionData } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';
import type { RequestHandler } from 'express';
import type { FindLiveSession } from '../../repositories/sessions';

/**
 * connect-session-knex, made cheaper on the path every signed-in request takes (issue 8's profile):
 *  - no `touch`: our cookies have no maxAge, so the package's touch never writes anything, yet express-session
 *    would still call it and split every response into a write and a deferred end;
 *  - on SQLite, `get` is one fixed statement (the same condition as the package's) on the read connection (db/knex.ts `rows`)
 *    instead of a query built anew.
 */
class SessionStore extends ConnectSessionKnexStore {
  private readonly findLive: FindLiveSession | null;

  constructor(opts: ConstructorParameters<typeof ConnectSessionKnexStore>[0] & { knex: Knex; tableName: string; findLive: FindLiveSession | null }) {
    const { findLive, ...storeOptions } = opts;
    super(storeOptions);
    this.findLive = findLive;
    Object.defineProperty(this, 'touch', { value: undefined });
  }

  override async get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): Promise<SessionData | null> {
    if (!this.findLive) return super.get(sid, callback);
    try {
      await this.ready;
      const data = await this.findLive(sid, new Date().toISOString());
      const sess = data ? (JSON.parse(data) as SessionData) : null;
      callback(null, sess);
      return sess;
    } catch (err) {
      callback(err);
      throw err;
    }
  }
}

/** Sessions in the database (any instance can serve any request); the cookie lives until the browser closes. */
export function sessionMiddleware(opts: { db: Knex; findLive: FindLiveSession | null; secret: string; secure: boolean; cleanup: boolean; name?: string; path?: string }): RequestHandler {
  const store = new SessionStore({
    knex: opts.db,
    findLive: opts.findLive,
    tableName: 'sessions',
    createTable: false,
    cleanupInterval: opts.cleanup ? 15 * 60 * 1000 : 0,
  });
  return session({
    name: opts.name ?? 'tr.sid',
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    // No rolling cookie and no maxAge: the cookie lasts until the browser closes, and a request that
    // changes nothing writes nothing. The idle limit is ours (auth.ts): the store keeps a session a day
    // after its last save, so an expired one can still say "请重新登录" and remember where the user was.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: opts.path ?? '/' },
  });
}
