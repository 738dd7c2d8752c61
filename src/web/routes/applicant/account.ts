import { Router, Request, Response, NextFunction } from 'express';
import type { AccountRow } from '../../../repositories/accounts';
import type { Container } from '../../../container';
import { ID_TYPES } from '../../../domain/identity';
import { ACCOUNT_AGREEMENT_CLAUSES } from '../../../domain/notices';
import { checkIdentityDocument, checkMobile, checkName, checkNewPassword, checkSmsCode, parseRegistration } from '../../../domain/accountForms';
import { FieldErrors, hasErrors, secret, text } from '../../../domain/validation';
import { maskEmail, maskMobile } from '../../../domain/personalInfo';
import { M } from '../../../messages';
import { paths, safeNext } from '../../paths';
import { flash, renderFragment, renderPage } from '../../render';
import { CSRF_COOKIE, renewCsrfToken } from '../../middleware/csrf';
import { loginIpLimiter as loginIpLimit } from '../../middleware/loginLimit';

// The page's order: mobile and its codes before the passwords (see views/pages/account/register.ejs).
const REGISTER_FIELDS = ['idType', 'idNumber', 'name', 'email', 'mobile', 'captcha', 'smsCode', 'password', 'password2', 'agree'];
const RESET_FLOW_MS = 15 * 60 * 1000;
const PENDING_LOGIN_MS = 10 * 60 * 1000;

/** 账号注册, 登录, 退出, 忘记密码. */
export function accountRouter(c: Container): Router {
  const router = Router();
  const { captcha, sms, accounts, passwordReset } = c.services;
  const today = () => c.clock.now();
  const ip = (req: Request) => req.ip ?? 'unknown';

  // ---- 账号注册 -------------------------------------------------------------------------------
  async function showRegister(res: Response, data: { values?: Record<string, string>; errors?: FieldErrors; notice?: string }, status = 200) {
    renderPage(res, 'pages/account/register', {
      title: '账号注册', idTypes: ID_TYPES, accountAgreement: ACCOUNT_AGREEMENT_CLAUSES, captchaId: await captcha.create(), fieldOrder: REGISTER_FIELDS,
      registeredHint: data.errors?.idNumber === M.idNumber.registered, ...data,
    }, status);
  }

  /** 免费获取验证码's answer: the whole page without JavaScript, only the SMS block for htmx (same checks either way). */
  async function smsAnswer(req: Request, res: Response, data: { values: Record<string, string>; errors?: FieldErrors; notice?: string }, status = 200) {
    if (!req.isHtmx) return showRegister(res, data, status);
    renderFragment(res, 'fragments/register-sms', { captchaId: await captcha.create(), ...data }, status);
  }

  router.get(paths.register, (_req, res) => showRegister(res, { values: { idType: '1' } }));

  router.post(paths.register, async (req, res) => {
    const action = text(req.body, 'action', 20);
    const parsed = parseRegistration(req.body, today());
    const values = parsed.echo;
    if (action === 'refresh-captcha') return showRegister(res, { values });
    if (action === 'send-sms') {
      // 免费获取验证码: the captcha guards the SMS gateway.
      const errors: FieldErrors = {};
      checkMobile(parsed.input.mobile, errors);
      if (!(await captcha.verify(text(req.body, 'captchaId', 40), text(req.body, 'captcha', 10)))) errors.captcha = M.captcha.wrong;
      if (hasErrors(errors)) return smsAnswer(req, res, { values, errors }, 422);
      const outcome = await sms.send(parsed.input.mobile, 'register', ip(req));
      if (!outcome.sent) return smsAnswer(req, res, { values, errors: { smsCode: outcome.message } }, 429);
      return smsAnswer(req, res, { values, notice: M.sms.sent });
    }
    if (hasErrors(parsed.errors)) return showRegister(res, { values, errors: parsed.errors }, 422);
    const result = await accounts.register(parsed.input, ip(req));
    if (!result.ok) return showRegister(res, { values, errors: result.errors }, 'limited' in result ? 429 : 422);
    flash(req, 'success', M.registered);
    res.redirect(303, `${paths.login}?${new URLSearchParams({ id: parsed.input.idNumber })}`);
  });

  // ---- 登录 / 退出 ------------------------------------------------------------------------------
  // Counted in the database, so several instances share one count per IP (middleware/loginLimit.ts).
  const loginIpLimiter = loginIpLimit(c.services.limits, 'applicant', c.config.loginIpLimit,
    (req, res) => showLogin(req, res, { values: { idNumber: text(req.body, 'idNumber', 30) }, errors: { _form: M.login.rateLimited } }, 429));

  async function showLogin(req: Request, res: Response, data: { values?: Record<string, string>; errors?: FieldErrors }, status = 200) {
    const next = safeNext(req.query.next ?? text(req.body, 'next', 300));
    renderPage(res, 'pages/account/login', {
      title: '登录', captchaId: await captcha.create(), next, fieldOrder: ['idNumber', 'password', 'captcha'],
      expired: req.query.expired === '1' || res.locals.sessionEnded === true, ...data,
    }, status);
  }

  router.get(paths.login, (req, res) => {
    if (req.account) return res.redirect(303, paths.me);
    return showLogin(req, res, { values: { idNumber: typeof req.query.id === 'string' ? req.query.id.slice(0, 30) : '' } });
  });

  router.post(paths.login, loginIpLimiter, async (req, res, next) => {
    const idNumber = text(req.body, 'idNumber', 30);
    const password = secret(req.body, 'password');
    const values = { idNumber };
    if (text(req.body, 'action', 20) === 'refresh-captcha') return showLogin(req, res, { values });
    const errors: FieldErrors = {};
    if (!idNumber) errors.idNumber = M.required('证件号码');
    if (!password) errors.password = M.required('密码');
    if (!(await captcha.verify(text(req.body, 'captchaId', 40), text(req.body, 'captcha', 10)))) errors.captcha = M.captcha.wrong;
    if (hasErrors(errors)) return showLogin(req, res, { values, errors }, 422);
    const outcome = await accounts.authenticate(idNumber, password, ip(req));
    if (!outcome.ok) {
      const message = outcome.reason === 'locked' ? M.login.locked(outcome.minutes ?? 15) : M.login.failed;
      return showLogin(req, res, { values, errors: { _form: message } }, outcome.reason === 'locked' ? 429 : 422);
    }
    const destination = safeNext(text(req.body, 'next', 300));
    if (outcome.confirmBySms) {
      // Many failures on this account from elsewhere: the password alone does not sign in; the SMS code finishes it.
      req.session.pendingLogin = { accountId: outcome.account.id, at: c.clock.now().getTime(), next: destination };
      return res.redirect(303, paths.loginVerify);
    }
    signIn(req, res, next, outcome.account, destination);
  });

  /** A new session id at login defeats session fixation; the CSRF token is renewed with it. */
  function signIn(req: Request, res: Response, next: NextFunction, account: AccountRow, destination: string | null) {
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = account.id;
      req.session.epoch = account.session_epoch;
      req.session.lastSeen = c.clock.now().getTime();
      renewCsrfToken(req, res);
      req.session.save((saveErr) => {
        if (saveErr) return next(saveErr);
        res.redirect(303, destination ?? paths.me);
      });
    });
  }

  // ---- 登录: the SMS step after the right password, for an account many sources failed on ------------
  async function pendingAccount(req: Request) {
    const p = req.session.pendingLogin;
    if (!p || c.clock.now().getTime() - p.at > PENDING_LOGIN_MS) return null;
    return (await accounts.findById(p.accountId)) ?? null;
  }

  async function showLoginVerify(req: Request, res: Response, data: { values?: Record<string, string>; errors?: FieldErrors; notice?: string }, status = 200) {
    const account = await pendingAccount(req);
    if (!account) return res.redirect(303, paths.login);
    if (req.isHtmx && text(req.body, 'action', 20) === 'send-sms') return renderFragment(res, 'fragments/login-sms', { values: {}, ...data }, status);
    renderPage(res, 'pages/account/login-verify', {
      title: '登录', message: M.login.confirmBySms(maskMobile(account.mobile)), fieldOrder: ['smsCode'], values: {}, ...data,
    }, status);
  }

  router.get(paths.loginVerify, (req, res) => showLoginVerify(req, res, {}));

  router.post(paths.loginVerify, loginIpLimiter, async (req, res, next) => {
    const account = await pendingAccount(req);
    if (!account) return res.redirect(303, paths.login);
    const values = { smsCode: text(req.body, 'smsCode', 6) };
    if (text(req.body, 'action', 20) === 'send-sms') {
      const outcome = await sms.send(account.mobile, 'login', ip(req));
      if (!outcome.sent) return showLoginVerify(req, res, { values, errors: { smsCode: outcome.message } }, 429);
      return showLoginVerify(req, res, { values, notice: M.sms.sent });
    }
    const errors: FieldErrors = {};
    checkSmsCode(values.smsCode, errors);
    if (hasErrors(errors)) return showLoginVerify(req, res, { values, errors }, 422);
    const result = await accounts.confirmLogin(account, values.smsCode, ip(req));
    if (!result.ok) return showLoginVerify(req, res, { values, errors: result.errors }, 422);
    const destination = req.session.pendingLogin?.next ?? null;
    signIn(req, res, next, account, destination);
  });

  router.post(paths.logout, (req, res) => {
    req.session.destroy(() => {
      res.clearCookie('tr.sid');
      res.clearCookie(CSRF_COOKIE); // the next visitor at this browser gets a token of its own
      res.redirect(303, paths.home);
    });
  });

  // ---- 忘记密码 ---------------------------------------------------------------------------------
  const showForgot = async (res: Response, data: { values?: Record<string, string>; errors?: FieldErrors }, status = 200) =>
    renderPage(res, 'pages/account/forgot', { title: '忘记密码', idTypes: ID_TYPES, captchaId: await captcha.create(), fieldOrder: ['idType', 'idNumber', 'name', 'captcha'], ...data }, status);

  router.get(paths.forgot, (_req, res) => showForgot(res, { values: { idType: '1' } }));

  router.post(paths.forgot, async (req, res) => {
    const errors: FieldErrors = {};
    const idType = text(req.body, 'idType', 2);
    const idNumber = checkIdentityDocument(idType, text(req.body, 'idNumber', 30), today(), errors);
    const name = checkName(text(req.body, 'name', 30), idType, errors);
    const values = { idType, idNumber, name };
    if (text(req.body, 'action', 20) === 'refresh-captcha') return showForgot(res, { values });
    if (!(await captcha.verify(text(req.body, 'captchaId', 40), text(req.body, 'captcha', 10)))) errors.captcha = M.captcha.wrong;
    if (hasErrors(errors)) return showForgot(res, { values, errors }, 422);
    const account = await passwordReset.findAccount(idType, idNumber, name);
    if (!account) return showForgot(res, { values, errors: { _form: M.forgot.notFound } }, 422);
    req.session.reset = { accountId: account.id, at: c.clock.now().getTime() };
    res.redirect(303, paths.forgotVerify);
  });

  async function resetAccount(req: Request) {
    const r = req.session.reset;
    if (!r || c.clock.now().getTime() - r.at > RESET_FLOW_MS) return null;
    return (await accounts.findById(r.accountId)) ?? null;
  }

  async function showVerify(req: Request, res: Response, data: Record<string, unknown>, status = 200) {
    const account = await resetAccount(req);
    if (!account) return res.redirect(303, paths.forgot);
    renderPage(res, 'pages/account/forgot-verify', {
      title: '忘记密码', maskedEmail: maskEmail(account.email), maskedMobile: maskMobile(account.mobile),
      fieldOrder: ['method', 'smsCode', 'password', 'password2'], ...data,
    }, status);
  }

  router.get(paths.forgotVerify, (req, res) => showVerify(req, res, { values: { method: 'email' } }));

  router.post(paths.forgotVerify, async (req, res) => {
    const account = await resetAccount(req);
    if (!account) return res.redirect(303, paths.forgot);
    const method = text(req.body, 'method', 10);
    const values = { method, smsCode: text(req.body, 'smsCode', 6) };
    if (text(req.body, 'action', 20) === 'send-sms') {
      const outcome = await sms.send(account.mobile, 'reset', ip(req));
      const data = outcome.sent ? { notice: M.sms.sent } : { errors: { smsCode: outcome.message } };
      const status = outcome.sent ? 200 : 429;
      // htmx swaps only the SMS block: the new passwords typed below it stay in the page.
      if (req.isHtmx) return renderFragment(res, 'fragments/forgot-sms', { values, ...data }, status);
      return showVerify(req, res, { values: { ...values, method: 'sms' }, ...data }, status);
    }
    if (method === 'email') {
      await passwordReset.sendEmailLink(account);
      delete req.session.reset;
      return renderPage(res, 'pages/account/notice', { title: '忘记密码', message: M.forgot.mailSent(maskEmail(account.email)) });
    }
    if (method !== 'sms') return showVerify(req, res, { values, errors: { method: M.forgot.chooseWay } }, 422);
    const errors: FieldErrors = {};
    checkSmsCode(values.smsCode, errors);
    const password = secret(req.body, 'password');
    checkNewPassword(password, secret(req.body, 'password2'), errors);
    if (hasErrors(errors)) return showVerify(req, res, { values, errors }, 422);
    const result = await passwordReset.resetWithSms(account, values.smsCode, password, ip(req));
    if (!result.ok) return showVerify(req, res, { values, errors: result.errors }, 422);
    delete req.session.reset;
    flash(req, 'success', M.forgot.done);
    res.redirect(303, paths.login);
  });

  router.get('/password/reset/:token', async (req, res) => {
    const accountId = await passwordReset.tokenAccountId(req.params.token);
    if (!accountId) return renderPage(res, 'pages/account/notice', { title: '重置密码', message: M.forgot.tokenInvalid, error: true }, 410);
    renderPage(res, 'pages/account/reset', { title: '重置密码', token: req.params.token, fieldOrder: ['password', 'password2'] });
  });

  router.post('/password/reset/:token', async (req, res) => {
    const errors: FieldErrors = {};
    const password = secret(req.body, 'password');
    checkNewPassword(password, secret(req.body, 'password2'), errors);
    if (hasErrors(errors)) return renderPage(res, 'pages/account/reset', { title: '重置密码', token: req.params.token, errors, fieldOrder: ['password', 'password2'] }, 422);
    const result = await passwordReset.resetWithToken(req.params.token, password, ip(req));
    if (!result.ok) return renderPage(res, 'pages/account/notice', { title: '重置密码', message: M.forgot.tokenInvalid, error: true }, 410);
    flash(req, 'success', M.forgot.done);
    res.redirect(303, paths.login);
  });

  return router;
}
