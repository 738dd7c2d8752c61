import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { ApplicationRow } from '../../../repositories/applications';
import { ACTIONS, Action, actionInputsOf, actionLabelsOf, allowedActions } from '../../../domain/applicationStatus';
import { certificationChecklist } from '../../../domain/certification/bureauSettings';
import { certificationPdfLinkText } from '../../../domain/certification/formText';
import { PUTONGHUA_CHECKED_LABEL, PUTONGHUA_UNVERIFIED_FLAG, putonghuaNeedsCheck, putonghuaOf } from '../../../domain/certification/counter';
import { BUSINESS_SHORT_LABELS, isBusiness } from '../../../domain/business';
import { M } from '../../../messages';
import { APPLICATION_ROLES } from '../../../domain/principal';
import { parseId, text, texts } from '../../../domain/validation';
import { paths } from '../../paths';
import { flash, renderFragment, renderPage } from '../../render';
import { SEAL_MESSAGES } from '../../../domain/conclusionSeal';
import { FORM_CHECK_MESSAGES } from '../../../domain/formCode';
import { requireRole, staffOf } from '../../middleware/roles';
import { sendApplicationPdf, sendCertificationPdf } from '../../applicationPdf';
import { TAKEN_BY_OTHERS as TAKEN } from '../../../services/applications';

declare module 'express-serve-static-core' {
  interface Request {
    staffApplication?: ApplicationRow;
  }
}

/** The ticked items of a checkbox list, trimmed, bounded in count and length. */
const many = (body: unknown, name: string, max = 20, length = 100): string[] =>
  texts(body, name).map((v) => v.trim().slice(0, length)).filter(Boolean).slice(0, max);

/**
 * One application as staff see it (every role, inside its scope: another bureau's or point's number is a 404),
 * its photo and 申请表, and the two things staff do to it: a lifecycle action (材料齐全, 材料不全, 退回修改, the
 * conclusions — the table decides who may) and a 留言.
 */
export function staffApplicationsRouter(c: Container): Router {
  const router = Router();
  const { applications, forms } = c.services;
  const anyStaff = requireRole(...APPLICATION_ROLES);
  const actor = staffOf;

  async function inScope(req: Request, _res: Response, next: NextFunction) {
    const application = await applications.staff.find(actor(req), String(req.params.no));
    if (!application) return next('router');
    req.staffApplication = application;
    next();
  }
  const app = (req: Request) => req.staffApplication as ApplicationRow;
  const backTo = (req: Request) => (actor(req).role === 'operator' ? paths.staffCounter : actor(req).role === 'reviewer' ? paths.staffReview : paths.staffHome);

  /** 核对校验码 (a GET form on the page, so it changes nothing): the code typed from a paper form against the current one. */
  function formCheckOf(req: Request, application: ApplicationRow): { typed: string; ok: boolean; message: string } | null {
    const typed = typeof req.query.code === 'string' ? req.query.code.trim().slice(0, 40) : '';
    if (!typed) return null;
    const result = forms.checkTypedCode(application, typed);
    if (result === null) return { typed, ok: false, message: FORM_CHECK_MESSAGES.badCode };
    const message = result === 'genuine' ? FORM_CHECK_MESSAGES.genuine(application.version)
      : result === 'outdated' ? FORM_CHECK_MESSAGES.outdated(Number(/^\d+/.exec(typed)?.[0]), application.version) : FORM_CHECK_MESSAGES.mismatch;
    return { typed, ok: result === 'genuine', message };
  }

  /** The counter's checklist: the bureau's 认定 list for a 认定 application, else its 定期注册 list (each with its default). */
  async function checklistOf(application: ApplicationRow): Promise<readonly string[]> {
    if (application.business !== 'certification') return c.services.places.checklistOf(application.bureau_id);
    const bureau = (await c.services.places.findBureau(application.bureau_id)) as { certification_checklist?: string | null } | undefined;
    return certificationChecklist(bureau?.certification_checklist);
  }

  /** What the page says and offers differently for a 认定 application (002's words; 普通话 未核验 at the counter). */
  function businessOf(application: ApplicationRow) {
    const certification = application.business === 'certification';
    const putonghua = certification ? putonghuaOf(application.data) : null;
    return {
      certification, businessLabel: isBusiness(application.business) ? BUSINESS_SHORT_LABELS[application.business] : application.business,
      statusWord: certification ? '认定状态' : '注册结论',
      putonghua, putonghuaCheck: putonghuaNeedsCheck(application.business, application.data),
      putonghuaFlag: PUTONGHUA_UNVERIFIED_FLAG, putonghuaCheckedLabel: PUTONGHUA_CHECKED_LABEL,
    };
  }

  /** The application page; `data` carries a failed form's errors and values. */
  async function show(req: Request, res: Response, data: Record<string, unknown> = {}, status = 200) {
    const application = app(req);
    const seal = await applications.staff.sealState(application);
    renderPage(res, 'pages/staff/application', {
      sealProblem: seal === 'broken' ? SEAL_MESSAGES.broken : null, sealNote: seal === 'legacy' ? SEAL_MESSAGES.legacy : null,
      formCheckCode: forms.checkCode(application), formCheck: formCheckOf(req, application),
      title: `报名信息 ${application.application_no}`, application, sections: await forms.submittedSummary(application),
      history: await applications.staff.history(application), back: backTo(req), actionLabels: actionLabelsOf(application.business), values: {},
      allowedActions: allowedActions(application.status, actor(req).role, application.business), actionInputs: actionInputsOf(application.business),
      checklist: await checklistOf(application), ...businessOf(application),
      // The print link names what it prints: 认定's form in its bureau's copies; 定期注册's is always two.
      printLinkText: application.business === 'certification' ? certificationPdfLinkText('staffPrint', await c.services.certificationForms.copiesOf(application)) : '打印申请表（PDF，一式两份）',
      idNumber: { masked: await applications.staff.maskedIdNumber(application), full: null },
      // 认定: the signed 个人承诺书 and the 全程网办 uploads (partials/staff/certification-files.ejs)
      certificationFiles: application.business === 'certification' ? { signature: Boolean(application.signature_file_id), uploads: await c.services.certifications.uploads(application) } : null,
      ...data,
    }, status);
  }

  router.get('/staff/applications/:no', anyStaff, inScope, (req, res) => show(req, res));

  // 显示完整证件号码: audited, then shown on this response only (with htmx just the number's block; without, the page).
  // Never remembered: a reload or the next page is masked again.
  router.post('/staff/applications/:no/reveal-id', anyStaff, inScope, async (req, res) => {
    const idNumber = { masked: '', full: await applications.staff.revealIdNumber(actor(req), app(req), req.ip ?? null) };
    if (req.isHtmx) return renderFragment(res, 'partials/staff/id-number', { application: app(req), idNumber });
    await show(req, res, { idNumber });
  });

  router.get('/staff/applications/:no/photo', anyStaff, inScope, async (req, res, next) => {
    const photo = app(req).photo_file_id ? await c.services.drafts.photoOf(app(req).account_id, app(req).photo_file_id as number) : undefined;
    if (!photo) return next();
    res.set('Cache-Control', 'no-store').type('jpeg').send(photo.data);
  });

  // The 认定 个人承诺书's handwritten signature (pad or photo of the signed page), as the wizard stored it.
  router.get('/staff/applications/:no/signature', anyStaff, inScope, async (req, res, next) => {
    const fileId = app(req).signature_file_id;
    const image = fileId ? await c.services.drafts.photoOf(app(req).account_id, fileId) : undefined;
    if (!image) return next();
    res.set('Cache-Control', 'no-store').type(image.mime).send(image.data);
  });

  router.get('/staff/applications/:no/form', anyStaff, inScope, async (req, res) => {
    const a = app(req);
    const links = { pdf: paths.staffFormPdf(a.application_no), back: paths.staffApplication(a.application_no) };
    // A 认定 application has its own form (教师资格认定申请表: signature, copies as its bureau set).
    const html = a.business === 'certification'
      ? await c.services.certificationForms.previewHtml(a, links, { photo: paths.staffPhoto(a.application_no), signature: paths.staffSignature(a.application_no) })
      : await forms.previewHtml(a, links, () => paths.staffPhoto(a.application_no));
    res.type('html').send(html);
  });
  // The PDF prints the full 证件号码 and 手机号码: audited once rendered, before it is sent (an audit that cannot be
  // written stops the download).
  router.get('/staff/applications/:no/form.pdf', anyStaff, inScope, (req, res) => {
    const audited = () => applications.staff.recordFormDownload(actor(req), app(req), req.ip ?? null);
    return app(req).business === 'certification'
      ? sendCertificationPdf(res, c.services.certificationForms, app(req), audited) : sendApplicationPdf(res, forms, app(req), audited);
  });

  // A lifecycle action, at the version the clerk saw: a second clerk who acted first wins, this one is told so.
  router.post('/staff/applications/:no/transition', anyStaff, inScope, async (req, res) => {
    const action = text(req.body, 'action', 30) as Action;
    // The ticked items come back too, so a refused form keeps them; `action` tells which form failed.
    const values = {
      action, reason: text(req.body, 'reason', 600), missingOther: text(req.body, 'missingOther', 200), missing: many(req.body, 'missing'),
      putonghuaChecked: text(req.body, 'putonghuaChecked', 1) === '1',
    };
    if (!(ACTIONS as readonly string[]).includes(action)) return show(req, res, { values, errors: { _form: '请选择要办理的事项' } }, 422);
    const version = parseId(text(req.body, 'version', 10));
    if (version === null) return show(req, res, { values, errors: { _form: '页面已过期，请刷新后重试' } }, 422);
    if (version !== app(req).version) return renderTaken(res);
    const missing = [...values.missing, ...values.missingOther.split(/[，,、;；\n]/).map((s) => s.trim()).filter(Boolean)];
    // 材料齐全 with items ticked as missing: the clerk pressed the wrong button or forgot to untick; ask, do not guess.
    if (action === 'confirmComplete' && missing.length) return show(req, res, { values, errors: { missingMaterials: M.counter.completeButMissing } }, 422);
    const result = await applications.staff.transition(actor(req), { ...app(req), version }, action, {
      reason: values.reason || undefined, missingMaterials: missing.length ? missing : undefined, putonghuaChecked: values.putonghuaChecked, ip: req.ip ?? null,
    });
    if (!result.ok) {
      if (result.errors._form === TAKEN) return renderTaken(res);
      return show(req, res, { values, errors: result.errors }, 422);
    }
    const words = businessOf(app(req));
    flash(req, 'success', `已办理：${actionLabelsOf(app(req).business)[action]}（报名号 ${app(req).application_no}，${words.statusWord}：${result.value.status}）`);
    res.redirect(303, paths.staffApplication(app(req).application_no));
  });

  router.post('/staff/applications/:no/messages', anyStaff, inScope, async (req, res) => {
    const body = text(req.body, 'body', 600);
    const result = await applications.staff.leaveMessage(actor(req), app(req), body, req.ip ?? null);
    if (!result.ok) return show(req, res, { values: { body }, errors: result.errors }, 422);
    flash(req, 'success', '留言已发送');
    res.redirect(303, paths.staffApplication(app(req).application_no));
  });

  function renderTaken(res: Response) {
    renderPage(res, 'pages/errors/error', { title: '已被他人处理', message: `${TAKEN}。请返回报名信息页面查看最新状态。` }, 409);
  }

  return router;
}
