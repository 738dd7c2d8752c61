import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { asksLocalIdNumber, asksPassNumber, carriesFacts, passTypeOfResidencePermit } from '../../../domain/identity';
import { checkMobile, checkName, checkNewPassword, checkSmsCode, IdentityDocument, parseIdentity } from '../../../domain/accountForms';
import { ID_VALIDITIES, localDate } from '../../../domain/dates';
import { FieldErrors, hasErrors, parseId, secret, text } from '../../../domain/validation';
import { shownInPersonalCentre } from '../../../domain/manualCertificate';
import { M } from '../../../messages';
import { paths } from '../../paths';
import { flash, renderFragment, renderPage } from '../../render';
import { requireApplicant } from '../../middleware/auth';
import { uploadErrors, uploadedFile } from '../../middleware/upload';
import { normaliseDocumentPhoto } from '../../../services/images';
import { certificateRows, registrationRows } from '../../viewModels/certificates';

/** 个人信息中心: identity, 实名认证 and its manual review, password, mobile, certificates, registration history. */
export function meRouter(c: Container): Router {
  const router = Router();
  const { accounts, realname, certificates, sms } = c.services;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;
  const today = () => localDate(c.clock.now(), c.config.timeZone);
  const ip = (req: Request) => req.ip ?? 'unknown';
  const { reference } = c.services;
  const codeLists = async () => ({ ethnicities: await reference.list('ethnicity'), qualifications: await reference.list('qualification') });
  const ethnicityName = (code: string | null) => reference.nameOf('ethnicity', code);

  router.get(paths.me, signedIn, async (req, res) => {
    const account = me(req);
    renderPage(res, 'pages/me/index', {
      title: '个人信息中心', account, ethnicity: await ethnicityName(account.ethnicity_code), section: 'identity',
      identityLocked: await accounts.identityLocked(account.id),
    });
  });

  // ---- 补充个人身份信息 (first login) and 修改个人身份信息 ------------------------------------------
  // The 港澳台 numbers (002 §2.1 b–c) are never put back into the form in full: the field starts empty, with the
  // stored number masked in its hint, and an empty field keeps it.
  function identityValues(account: AccountRow) {
    return {
      ethnicityCode: account.ethnicity_code ?? '', validity: account.id_validity ?? '', validFrom: account.id_valid_from ?? '',
      email: account.email, sex: account.sex ?? '', birthDate: account.birth_date ?? '', localIdNumber: '', passNumber: '',
    };
  }
  const documentOf = (account: AccountRow): IdentityDocument => ({
    type: account.id_type, number: account.id_number, hasLocalIdNumber: Boolean(account.local_id_number), hasPassNumber: Boolean(account.pass_number),
  });
  async function showIdentity(req: Request, res: Response, view: 'complete' | 'identity', data: Record<string, unknown>, status = 200) {
    const account = me(req);
    renderPage(res, `pages/me/${view}`, {
      title: view === 'complete' ? '补充个人身份信息' : '修改个人身份信息', section: 'identity', account,
      askSexAndBirth: !carriesFacts(account.id_type), validities: ID_VALIDITIES, ...(await codeLists()),
      askLocalIdNumber: asksLocalIdNumber(account.id_type), askPassNumber: asksPassNumber(account.id_type),
      passOfTaiwan: asksPassNumber(account.id_type) && passTypeOfResidencePermit(account.id_number) === '4',
      identityLocked: await accounts.identityLocked(account.id),
      fieldOrder: ['ethnicityCode', 'sex', 'birthDate', 'localIdNumber', 'passNumber', 'validity', 'validFrom', 'email'], ...data,
    }, status);
  }
  async function saveIdentity(req: Request, res: Response, view: 'complete' | 'identity') {
    const account = me(req);
    const ethnicityCodes = (await reference.list('ethnicity')).map((e) => e.code);
    const parsed = parseIdentity(req.body, {
      askSexAndBirth: !carriesFacts(account.id_type), ethnicityCodes, today: today(), requireEmail: view === 'identity', document: documentOf(account),
    });
    if (hasErrors(parsed.errors)) return showIdentity(req, res, view, { values: parsed.echo, errors: parsed.errors }, 422);
    const result = await accounts.updateIdentity(account, parsed.input, ip(req));
    if (!result.ok) return showIdentity(req, res, view, { values: parsed.echo, errors: result.errors }, 409);
    flash(req, 'success', result.value.supplementOnly ? M.identity.supplementSaved : M.identity.saved);
    res.redirect(303, paths.me);
  }
  router.get(paths.meComplete, signedIn, (req, res) => showIdentity(req, res, 'complete', { values: identityValues(me(req)) }));
  router.post(paths.meComplete, signedIn, (req, res) => saveIdentity(req, res, 'complete'));
  router.get(paths.meIdentity, signedIn, (req, res) => showIdentity(req, res, 'identity', { values: identityValues(me(req)) }));
  router.post(paths.meIdentity, signedIn, (req, res) => saveIdentity(req, res, 'identity'));

  // ---- 实名认证 --------------------------------------------------------------------------------
  async function showRealname(req: Request, res: Response, data: Record<string, unknown>, status = 200) {
    const account = me(req);
    renderPage(res, 'pages/me/realname', {
      title: '实名认证', section: 'realname', account, attemptsLeft: await realname.attemptsLeftToday(account.id),
      identityLocked: await accounts.identityLocked(account.id),
      reviews: await realname.reviews(account.id), passedMessage: M.realname.passed, fieldOrder: ['name'], ...data,
    }, status);
  }
  router.get(paths.meRealname, signedIn, (req, res) => showRealname(req, res, { values: { name: me(req).name } }));
  router.post(paths.meRealname, signedIn, async (req, res) => {
    const account = me(req);
    const errors: FieldErrors = {};
    const name = checkName(text(req.body, 'name', 30), account.id_type, errors);
    if (hasErrors(errors)) return showRealname(req, res, { values: { name }, errors }, 422);
    const result = await realname.check(account, name, ip(req));
    if (!result.ok) {
      req.account = (await accounts.findById(account.id)) ?? account;
      return showRealname(req, res, { values: { name }, errors: result.errors, failed: Boolean(result.errors.name) }, 422);
    }
    // The page itself says "提示: 实名认证成功。" (in red, as the national site does) for a verified account.
    res.redirect(303, paths.meRealname);
  });

  // ---- 申请人工审核 (multipart: multer first, then the CSRF check) -------------------------------
  async function showReview(req: Request, res: Response, data: Record<string, unknown>, status = 200) {
    const account = me(req);
    const allowed = await realname.canRequestReview(account);
    renderPage(res, 'pages/me/review', {
      title: '申请人工审核', section: 'realname', account, blocked: allowed.ok ? null : allowed.errors._form,
      reviewsLeft: await realname.reviewsLeftThisPeriod(account.id), reviews: await realname.reviews(account.id),
      fieldOrder: ['name', 'front', 'back', 'note'], ...data,
    }, status);
  }
  router.get(paths.meReview, signedIn, (req, res) => showReview(req, res, { values: { name: me(req).name } }));
  router.post(paths.meReview, signedIn, async (req, res) => {
    const account = me(req);
    const errors: FieldErrors = {};
    const name = checkName(text(req.body, 'name', 30), account.id_type, errors);
    const note = text(req.body, 'note', 500);
    if (note.length > 500) errors.note = M.tooLong('说明', 500);
    const values = { name, note };
    // A refused part stopped the reading, so a missing file then is not the teacher's omission.
    const refused = uploadErrors(req);
    Object.assign(errors, refused);
    const missingMeansOmitted = !Object.keys(refused).length;
    const frontBuffer = uploadedFile(req, 'front');
    const backBuffer = uploadedFile(req, 'back');
    if (!frontBuffer && !errors.front && missingMeansOmitted) errors.front = M.realname.photoFront;
    if (!backBuffer && !errors.back && missingMeansOmitted) errors.back = M.realname.photoBack;
    const front = frontBuffer ? await normaliseDocumentPhoto(frontBuffer) : null;
    const back = backBuffer ? await normaliseDocumentPhoto(backBuffer) : null;
    if (front && !front.ok) errors.front = front.errors.file;
    if (back && !back.ok) errors.back = back.errors.file;
    if (hasErrors(errors) || !front?.ok || !back?.ok) return showReview(req, res, { values, errors }, 422);
    const result = await realname.requestReview(account, name, note, front.value, back.value, ip(req));
    if (!result.ok) return showReview(req, res, { values, errors: result.errors }, 409);
    flash(req, 'success', M.realname.reviewSubmitted);
    res.redirect(303, paths.meRealname);
  });

  // ---- 修改密码 ---------------------------------------------------------------------------------
  router.get(paths.mePassword, signedIn, (_req, res) =>
    renderPage(res, 'pages/me/password', { title: '修改密码', section: 'password', fieldOrder: ['oldPassword', 'password', 'password2'] }));
  router.post(paths.mePassword, signedIn, async (req, res) => {
    const account = me(req);
    const errors: FieldErrors = {};
    const oldPassword = secret(req.body, 'oldPassword');
    if (!oldPassword) errors.oldPassword = M.required('旧密码');
    const password = secret(req.body, 'password');
    checkNewPassword(password, secret(req.body, 'password2'), errors);
    const show = (errs: FieldErrors) => renderPage(res, 'pages/me/password', { title: '修改密码', section: 'password', errors: errs, fieldOrder: ['oldPassword', 'password', 'password2'] }, 422);
    if (hasErrors(errors)) return show(errors);
    const result = await accounts.changePassword(account, oldPassword, password, ip(req));
    if (!result.ok) return show(result.errors);
    // Other sessions ended with the epoch; this one carries on with the new epoch.
    req.session.epoch = account.session_epoch + 1;
    flash(req, 'success', M.password_changed);
    res.redirect(303, paths.me);
  });

  // ---- 修改手机号码 -----------------------------------------------------------------------------
  const showMobile = (res: Response, data: Record<string, unknown>, status = 200) =>
    renderPage(res, 'pages/me/mobile', { title: '修改手机号码', section: 'mobile', fieldOrder: ['oldMobile', 'newMobile', 'smsCode'], ...data }, status);
  router.get(paths.meMobile, signedIn, async (req, res) =>
    showMobile(res, { values: {}, identityLocked: await accounts.identityLocked(me(req).id) }));
  router.post(paths.meMobile, signedIn, async (req, res) => {
    const account = me(req);
    const values = { oldMobile: text(req.body, 'oldMobile', 11), newMobile: text(req.body, 'newMobile', 11), smsCode: text(req.body, 'smsCode', 6) };
    const errors: FieldErrors = {};
    checkMobile(values.oldMobile, errors, 'oldMobile');
    checkMobile(values.newMobile, errors, 'newMobile');
    if (text(req.body, 'action', 20) === 'send-sms') {
      delete errors.oldMobile;
      // Without JavaScript the whole page comes back; htmx gets only the SMS block (same checks either way).
      const answer = (data: Record<string, unknown>, status = 200) =>
        req.isHtmx ? renderFragment(res, 'fragments/mobile-sms', { values, ...data }, status) : showMobile(res, { values, ...data }, status);
      if (hasErrors(errors)) return answer({ errors }, 422);
      const outcome = await sms.send(values.newMobile, 'mobile', ip(req));
      if (!outcome.sent) return answer({ errors: { smsCode: outcome.message } }, 429);
      return answer({ notice: M.sms.sent });
    }
    checkSmsCode(values.smsCode, errors);
    if (hasErrors(errors)) return showMobile(res, { values, errors }, 422);
    const result = await accounts.changeMobile(account, values.oldMobile, values.newMobile, values.smsCode, ip(req));
    if (!result.ok) return showMobile(res, { values, errors: result.errors }, 422);
    flash(req, 'success', M.mobile_changed);
    res.redirect(303, paths.me);
  });

  // ---- 教师资格证书信息 and 定期注册信息 ---------------------------------------------------------------
  router.get(paths.meCertificates, signedIn, async (req, res) => {
    const lists = await codeLists();
    // 000 §2.2: synced certificates from 2008 (广西 2012) on; the teacher's own hand-added ones, marked until verified.
    const shown = (await certificates.ofAccount(me(req))).filter(shownInPersonalCentre);
    const changeable = await c.services.manualCertificates.changeable(shown);
    renderPage(res, 'pages/me/certificates', { title: '教师资格证书信息', section: 'certificates', rows: certificateRows(shown, lists.qualifications, changeable) });
  });
  router.get('/me/certificates/:id', signedIn, async (req, res, next) => {
    const id = parseId(req.params.id);
    const cert = id ? await certificates.oneOfAccount(me(req), id) : undefined;
    if (!cert) return next(); // 404: not found and not yours look the same
    const lists = await codeLists();
    renderPage(res, 'pages/me/certificate', { title: '证书详情', section: 'certificates', cert: certificateRows([cert], lists.qualifications, await c.services.manualCertificates.changeable([cert]))[0] });
  });
  router.get(paths.meRegistrations, signedIn, async (req, res) => {
    const lists = await codeLists();
    renderPage(res, 'pages/me/registrations', { title: '定期注册信息', section: 'registrations', rows: registrationRows(await certificates.recordsOfAccount(me(req)), lists.qualifications) });
  });
  router.get('/me/registrations/:id', signedIn, async (req, res, next) => {
    const id = parseId(req.params.id);
    const record = id ? await certificates.recordOfAccount(me(req), id) : undefined;
    if (!record) return next();
    const lists = await codeLists();
    renderPage(res, 'pages/me/registration', { title: '定期注册详情', section: 'registrations', record: registrationRows([record], lists.qualifications)[0] });
  });

  return router;
}
