import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { StaffRow } from '../../../repositories/staff';
import { hasErrors, secret, text, FieldErrors } from '../../../domain/validation';
import { STAFF_ROLES } from '../../../domain/principal';
import { M } from '../../../messages';
import { paths, safeNext } from '../../paths';
import { renderPage } from '../../render';
import { renewCsrfToken } from '../../middleware/csrf';
import { loginIpLimiter as loginIpLimit } from '../../middleware/loginLimit';
import { requireRole } from '../../middleware/roles';

/** The staff entrance: 用户名, 密码, 验证码 → the staff home; 退出. Its own session (cookie tr.staff). */
export function staffSessionRouter(c: Container): Router {
  const router = Router();
  const { staff, captcha } = c.services;
  const ip = (req: Request) => req.ip ?? 'unknown';
  const staffNext = (value: unknown) => {
    const next = safeNext(value);
    return next && (next === paths.staffHome || next.startsWith(`${paths.staffHome}/`)) ? next : null;
  };

  // Counted in the database, so several instances share one count per IP (middleware/loginLimit.ts).
  const loginIpLimiter = loginIpLimit(c.services.limits, 'staff', c.config.loginIpLimit,
    (req, res) => showLogin(req, res, { values: { username: text(req.body, 'username', 40) }, errors: { _form: M.login.rateLimited } }, 429));

  async function showLogin(req: Request, res: Response, data: { values?: Record<string, string>; errors?: FieldErrors }, status = 200) {
    renderPage(res, 'pages/staff/login', {
      title: '工作人员登录', captchaId: await captcha.create(), next: staffNext(req.query.next ?? text(req.body, 'next', 300)),
      fieldOrder: ['username', 'password', 'captcha'], expired: req.query.expired === '1' || res.locals.sessionEnded === true, values: {}, ...data,
    }, status);
  }

  router.get(paths.staffLogin, (req, res) => {
    if (req.principal?.kind === 'staff') return res.redirect(303, paths.staffHome);
    return showLogin(req, res, {});
  });

  router.post(paths.staffLogin, loginIpLimiter, async (req, res, next) => {
    const username = text(req.body, 'username', 40);
    const password = secret(req.body, 'password');
    const values = { username };
    const errors: FieldErrors = {};
    if (!username) errors.username = M.required('用户名');
    if (!password) errors.password = M.required('密码');
    if (!(await captcha.verify(text(req.body, 'captchaId', 40), text(req.body, 'captcha', 10)))) errors.captcha = M.captcha.wrong;
    if (hasErrors(errors)) return showLogin(req, res, { values, errors }, 422);
    const outcome = await staff.authenticate(username, password, ip(req));
    if (!outcome.ok) {
      const message = outcome.reason === 'locked' ? M.staff.locked(outcome.minutes ?? 15) : M.login.failed;
      return showLogin(req, res, { values, errors: { _form: message } }, outcome.reason === 'locked' ? 429 : 422);
    }
    signIn(req, res, next, outcome.staff, staffNext(text(req.body, 'next', 300)));
  });

  /** A new session id at login defeats session fixation; the CSRF token is renewed with it. */
  function signIn(req: Request, res: Response, next: NextFunction, row: StaffRow, destination: string | null) {
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.staffId = row.id;
      req.session.staffEpoch = row.session_epoch;
      req.session.lastSeen = c.clock.now().getTime();
      renewCsrfToken(req, res);
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, destination ?? paths.staffHome)));
    });
  }

  router.post(paths.staffLogout, async (req, res, next) => {
    if (req.principal?.kind === 'staff') await staff.signedOut(req.principal, req.ip ?? null);
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('tr.staff', { path: '/staff' });
      res.redirect(303, paths.staffLogin);
    });
  });

  // 工作台: what this role does here. The counter, review and admin pages arrive with their issues.
  router.get(paths.staffHome, requireRole(...STAFF_ROLES), (_req, res) => renderPage(res, 'pages/staff/home', { title: '工作台', realnameReviewer: c.config.realnameReviewer }));

  return router;
}
