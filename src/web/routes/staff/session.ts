import { Router, Request, Response, NextFunction } from 'express';
import QRCode from 'qrcode';
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
import { groupedSecret, otpauthUri } from '../../../domain/totp';

/** The half-signed-in state (password right, 动态口令 to come) lasts this long. */
const PENDING_MS = 5 * 60_000;

/**
 * The staff entrance, in two steps: 用户名, 密码, 验证码 → 动态口令 (the 6-digit code of the account's authenticator; an
 * account without one enrols here first, from a QR code or the secret typed by hand) → the staff home; 退出. Its own
 * session (cookie tr.staff): a new session id after the password, and another once both steps have passed.
 */
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
    // Only half a sign-in: no staffId in the session until the second factor passes.
    const row = outcome.staff;
    const destination = staffNext(text(req.body, 'next', 300));
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.staffPending = { staffId: row.id, epoch: row.session_epoch, at: c.clock.now().getTime(), next: destination };
      renewCsrfToken(req, res);
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, paths.staffLoginCode)));
    });
  });

  /** The pending sign-in and its account, while still valid (same password epoch, active, within five minutes). */
  async function pendingOf(req: Request) {
    const pending = req.session?.staffPending;
    if (!pending || c.clock.now().getTime() - pending.at > PENDING_MS) return null;
    const row = await staff.findById(pending.staffId);
    return row && row.active && row.session_epoch === pending.epoch ? { pending, row } : null;
  }

  async function showCode(req: Request, res: Response, data: { errors?: FieldErrors } = {}, status = 200) {
    const found = await pendingOf(req);
    if (!found) return res.redirect(303, `${paths.staffLogin}?expired=1`);
    const { pending, row } = found;
    if (staff.hasSecondFactor(row)) {
      return renderPage(res, 'pages/staff/login-code', {
        title: '动态口令', enrol: false, username: row.username, demoCode: staff.demoCode(row), fieldOrder: ['code'], values: {}, ...data,
      }, status);
    }
    if (!pending.enrolSecret) pending.enrolSecret = staff.sealSecret(staff.newEnrolmentSecret());
    const secret = staff.openSecret(pending.enrolSecret);
    const svg = await QRCode.toString(otpauthUri(c.config.siteName, row.username, secret), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    renderPage(res, 'pages/staff/login-code', {
      title: '绑定动态口令', enrol: true, username: row.username, secretText: groupedSecret(secret), demoCode: null,
      qrSrc: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, fieldOrder: ['code'], values: {}, ...data,
    }, status);
  }

  router.get(paths.staffLoginCode, (req, res) => {
    if (req.principal?.kind === 'staff') return res.redirect(303, paths.staffHome);
    return showCode(req, res);
  });

  // The same per-IP limit as the password step, and five wrong codes lock the account's second step (services/staff.ts).
  const codeIpLimiter = loginIpLimit(c.services.limits, 'staff', c.config.loginIpLimit, (req, res) => showCode(req, res, { errors: { _form: M.login.rateLimited } }, 429));

  router.post(paths.staffLoginCode, codeIpLimiter, async (req, res, next) => {
    const found = await pendingOf(req);
    if (!found) return res.redirect(303, `${paths.staffLogin}?expired=1`);
    const { pending, row } = found;
    const code = text(req.body, 'code', 20);
    if (!code) return showCode(req, res, { errors: { code: M.required('动态口令') } }, 422);
    const outcome = pending.enrolSecret && !staff.hasSecondFactor(row)
      ? await staff.confirmEnrolment(row.id, staff.openSecret(pending.enrolSecret), code, ip(req))
      : await staff.verifySecondFactor(row.id, code, ip(req));
    if (!outcome.ok) {
      if (outcome.reason === 'gone') return res.redirect(303, `${paths.staffLogin}?expired=1`);
      if (outcome.reason === 'locked') return showCode(req, res, { errors: { _form: M.staff.codeLocked(outcome.minutes ?? 15) } }, 429);
      return showCode(req, res, { errors: { code: M.staff.codeWrong } }, 422);
    }
    signIn(req, res, next, outcome.staff, pending.next);
  });

  /** A new session id once both steps have passed defeats session fixation; the CSRF token is renewed with it. */
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
