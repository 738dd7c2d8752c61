import crypto from 'node:crypto';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler, Response } from 'express';

export const CSRF_COOKIE = 'tr.csrf';

/**
 * Synchroniser-token CSRF with csrf-sync, the maintained successor of the deprecated Express CSRF
 * middleware (docs/adr/0001). The token is sent as the hidden `_csrf` field or the `X-CSRF-Token`
 * header (htmx), and checked once for every state change, multipart ones included (their body is
 * parsed before the check).
 *
 * Where the token is kept: a signed-in session keeps it in the session; a visitor without one keeps it
 * in a signed, httpOnly cookie, so that looking at the home page, the login or the register form writes
 * no session row. At login the session is regenerated and a fresh token goes into it (the cookie is
 * dropped); a session that still holds a token (one that just timed out) keeps using it, so its forms
 * still lead to "请重新登录" rather than a CSRF error.
 */
export function csrf(opts: { secret: string; secure: boolean }) {
  const key = crypto.createHmac('sha256', opts.secret).update('csrf-cookie').digest();
  const sign = (token: string) => crypto.createHmac('sha256', key).update(token).digest('base64url');
  const issued = new WeakMap<Request, string>(); // a cookie set in this response is not in this request yet

  function fromCookie(req: Request): string | undefined {
    if (issued.has(req)) return issued.get(req);
    const raw = readCookie(req.headers.cookie, CSRF_COOKIE);
    if (!raw) return undefined;
    const dot = raw.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const token = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(sign(token));
    return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? token : undefined;
  }

  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: opts.secure, path: '/' };
  const { generateToken, csrfSynchronisedProtection } = csrfSync({
    size: 32,
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
      return fromBody ?? req.get('x-csrf-token') ?? undefined;
    },
    getTokenFromState: (req) => req.session?.csrfToken ?? fromCookie(req),
    storeTokenInState: (req, token) => {
      const res = req.res as Response;
      if (req.session?.userId || req.session?.staffId) {
        req.session.csrfToken = token;
        if (readCookie(req.headers.cookie, CSRF_COOKIE) || issued.has(req)) res.clearCookie(CSRF_COOKIE, cookieOptions);
        issued.delete(req);
        return;
      }
      if (!token) {
        res.clearCookie(CSRF_COOKIE, cookieOptions);
        issued.delete(req);
        return;
      }
      issued.set(req, token);
      res.cookie(CSRF_COOKIE, `${token}.${sign(token)}`, cookieOptions);
    },
  });

  /** Makes the token available to every template as `csrfToken`, then checks every state change. */
  const protect: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    csrfSynchronisedProtection(req, res, next);
  };
  return { protect };
}

/** A fresh token after login (the session was regenerated): the old one no longer works. */
export function renewCsrfToken(req: Request, res: Response): void {
  if (req.csrfToken) res.locals.csrfToken = req.csrfToken(true);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
