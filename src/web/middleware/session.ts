import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';
import type { RequestHandler } from 'express';

/** Sessions in the database (any instance can serve any request); the cookie lives until the browser closes. */
export function sessionMiddleware(opts: { db: Knex; secret: string; secure: boolean; cleanup: boolean; name?: string; path?: string }): RequestHandler {
  const store = new ConnectSessionKnexStore({
    knex: opts.db,
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
