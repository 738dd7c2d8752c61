import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ROLE_LABELS, type Principal, type StaffPrincipal, type StaffRole } from '../../domain/principal';
import { M } from '../../messages';
import { paths, safeNext } from '../paths';
import { renderPage } from '../render';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is acting: set by the session middleware for a signed-in applicant or staff user. */
    principal?: Principal;
  }
}

/** To the staff login, coming back here afterwards (a POST comes back to the page it was sent from). */
function staffLoginRedirect(req: Request, res: Response): void {
  const referer = req.get('referer');
  const back = req.method === 'GET' || !referer ? req.originalUrl : new URL(referer, 'http://x').pathname;
  const params = new URLSearchParams();
  const next = safeNext(back);
  if (next) params.set('next', next);
  if (res.locals.sessionEnded) params.set('expired', '1');
  const query = params.toString();
  const target = query ? `${paths.staffLogin}?${query}` : paths.staffLogin;
  if (req.get('HX-Request')) {
    res.set('HX-Redirect', target).status(204).end(); // htmx would swap a redirect's page into a fragment
    return;
  }
  res.redirect(303, target);
}

/**
 * Staff pages: the signed-in staff user must hold one of `roles`. Nobody signed in as staff (anonymous,
 * or an applicant: the staff site has its own login) goes to /staff/login; a staff user with another
 * role gets a 403 page saying which roles may use the page.
 */
export function requireRole(...roles: StaffRole[]): RequestHandler {
  if (roles.length === 0) throw new Error('requireRole needs at least one role'); // a route open to no one is a wiring mistake
  const allowed = new Set<StaffRole>(roles);
  const message = M.staff.forbidden(roles.map((role) => ROLE_LABELS[role]).join('、'));
  const guard = (req: Request, res: Response, next: NextFunction) => {
    const principal = req.principal;
    if (!principal || principal.kind !== 'staff') return staffLoginRedirect(req, res);
    if (!allowed.has(principal.role)) return renderPage(res, 'pages/errors/error', { title: '没有权限', message }, 403);
    next();
  };
  // The roles travel with the guard, so the role-matrix test reads every staff route's rule from the router itself.
  return Object.assign(guard, { staffRoles: [...allowed] });
}

/** The staff user a page behind `requireRole` serves (that guard let no one else through). */
export function staffOf(req: Request): StaffPrincipal {
  const principal = req.principal;
  if (!principal || principal.kind !== 'staff') throw new Error('staffOf used on a route without requireRole');
  return principal;
}
