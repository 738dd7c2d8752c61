import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccountRow } from '../../repositories/accounts';
import type { AccountService } from '../../services/accounts';
import type { Clock } from '../../clock';
import { paths } from '../paths';
import { M } from '../../messages';
import { maskIdNumber, maskName } from '../../domain/personalInfo';

declare module 'express-serve-static-core' {
  interface Request {
    account?: AccountRow;
  }
}

/**
 * Loads the signed-in account on every request (and the principal: who is acting). A session idle longer than the limit, or made before
 * the account's password was reset (epoch), is ended; the user then sees "请重新登录" with their place kept.
 */
export function loadAccount(accounts: AccountService, clock: Clock, idleMinutes: number): RequestHandler {
  return async (req, res, next) => {
    const s = req.session;
    if (!s?.userId) return next();
    const now = clock.now().getTime();
    const idle = s.lastSeen !== undefined && now - s.lastSeen > idleMinutes * 60 * 1000;
    const account = idle ? undefined : await accounts.findById(s.userId);
    if (!account || account.session_epoch !== s.epoch) {
      delete s.userId;
      delete s.epoch;
      res.locals.sessionEnded = true;
      return next();
    }
    // Refresh "last seen" at most once a minute: each refresh is a session write.
    if (s.lastSeen === undefined || now - s.lastSeen > 60_000) s.lastSeen = now;
    req.account = account;
    req.principal = { kind: 'applicant', accountId: account.id };
    res.locals.currentUser = { name: account.name, maskedName: maskName(account.name), maskedId: maskIdNumber(account.id_number), realname: account.realname_status, previousLoginAt: account.previous_login_at };
    next();
  };
}

function loginRedirect(req: Request, res: Response): void {
  const next = req.method === 'GET' ? req.originalUrl : (req.get('referer') ? new URL(req.get('referer') as string, 'http://x').pathname : req.originalUrl);
  const params = new URLSearchParams({ next });
  if (res.locals.sessionEnded) params.set('expired', '1');
  const target = `${paths.login}?${params.toString()}`;
  if (req.get('HX-Request')) {
    res.set('HX-Redirect', target).status(204).end();
    return;
  }
  res.redirect(303, target);
}

/** Applicant pages: signed in, and identity completed first (民族 …) before anything else. */
export function requireApplicant(accounts: AccountService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.account) return loginRedirect(req, res);
    if (req.path !== paths.meComplete && accounts.needsIdentityCompletion(req.account)) {
      return res.redirect(303, paths.meComplete);
    }
    next();
  };
}

/** Business pages need 实名认证 first: "未完成实名认证的账号可正常登录系统, 但不能办理其他业务". */
export function requireRealname(req: Request, res: Response, next: NextFunction): void {
  if (req.account?.realname_status !== 'verified') {
    req.session.flash = [...(req.session.flash ?? []), { type: 'error', text: M.realname.required }];
    return res.redirect(303, paths.meRealname);
  }
  next();
}
