import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Knex } from 'knex';
import type { RequestHandler } from 'express';

/** Sessions in the database (any instance can serve any request); the cookie lives until the browser closes. */
export function sessionMiddleware(opts: { db: Knex; secret: string; secure: boolean; idleMinutes: number; cleanup: boolean }): RequestHandler {
  const store = new ConnectSessionKnexStore({
    knex: opts.db,
    tableName: 'sessions',
    createTable: false,
    cleanupInterval: opts.cleanup ? 15 * 60 * 1000 : 0,
  });
  return session({
    name: 'tr.sid',
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secure,
      // The store keeps a session twice the idle limit; the idle check itself is ours (auth.ts), so an
      // expired session can still say "请重新登录" and remember where the user was.
      maxAge: opts.idleMinutes * 2 * 60 * 1000,
    },
  });
}
