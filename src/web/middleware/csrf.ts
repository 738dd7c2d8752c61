import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';

/**
 * Synchroniser-token CSRF with csrf-sync, the maintained successor of the deprecated Express CSRF middleware (docs/adr/0001). One token per session, sent as the hidden
 * `_csrf` field or the `X-CSRF-Token` header (htmx). Multipart routes run multer first and then
 * `csrfProtection` themselves, so the global check skips them.
 */
const { generateToken, csrfSynchronisedProtection, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
    return fromBody ?? req.get('x-csrf-token') ?? undefined;
  },
});

export const csrfProtection = csrfSynchronisedProtection;
export { invalidCsrfTokenError };

export function csrfForForms(req: Request, res: Response, next: NextFunction): void {
  if (req.is('multipart/form-data')) return next();
  csrfSynchronisedProtection(req, res, next);
}

/** Makes the token available to every template as `csrfToken`. */
export function exposeCsrfToken(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = generateToken(req);
  next();
}

/** A fresh token after login or logout (the session was regenerated). */
export function renewCsrfToken(req: Request, res: Response): void {
  res.locals.csrfToken = generateToken(req, true);
}
