import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../container';
import type { AccountRow } from '../../repositories/accounts';
import type { ApplicationRow } from '../../repositories/registration';
import { parseId, text } from '../../domain/validation';
import { bureauNotes } from '../../domain/notices';
import { STATUS_EXPLANATIONS } from '../../domain/applicationStatus';
import { DETAIL_FIELD_ORDER, Answers, readDetails, readSelection } from '../../journeys/registration';
import { applicationAnswers, windowText } from '../../services/registration';
import { paths } from '../paths';
import { flash, renderPage } from '../render';
import { requireApplicant } from '../middleware/auth';
import { uploadError, uploadedFile } from '../middleware/upload';
import { detailsValues, schoolAction, selectionFrom } from './apply';
import { applicationRows } from '../viewModels/applications';

declare module 'express-serve-static-core' {
  interface Request {
    application?: ApplicationRow;
  }
}

/** 查询报名信息 and what follows: details, notes, messages, 修改报名信息. Only the owner ever sees an application. */
export function applicationsRouter(c: Container): Router {
  const router = Router();
  const { registration, accounts } = c.services;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;
  const tz = c.config.timeZone;

  /** Loads :no for its owner; anyone else gets the same 404 as a number that does not exist. */
  async function own(req: Request, _res: Response, next: NextFunction) {
    const application = await registration.application(me(req).id, String(req.params.no));
    if (!application) return next('router');
    req.application = application;
    next();
  }
  const app = (req: Request) => req.application as ApplicationRow;
  /** The application at the version the form was loaded with: a second tab's stale form is refused, not saved over the first. */
  const asLoaded = (req: Request): ApplicationRow => ({ ...app(req), version: parseId(text(req.body, 'version', 10)) ?? app(req).version });

  router.get(paths.applications, signedIn, async (req, res) => {
    const list = await registration.applications(me(req).id);
    const unread = await registration.unreadCounts(list.map((a) => a.id));
    const rows = await applicationRows(list, {
      unread, names: (a) => registration.listNames(a), events: (id) => registration.events(id),
      editRights: (a) => registration.editRights(a),
    });
    renderPage(res, 'pages/applications/index', { title: '查询报名信息', rows, explanations: STATUS_EXPLANATIONS });
  });

  router.get('/applications/:no', signedIn, own, async (req, res) => {
    const application = app(req);
    const answers = applicationAnswers(application);
    renderPage(res, 'pages/applications/show', {
      title: '查看报名信息', application, sections: await registration.summary(me(req), answers), events: await registration.events(application.id),
      rights: await registration.editRights(application),
    });
  });

  router.get('/applications/:no/notes', signedIn, own, async (req, res) => {
    const { bureau, point, confirmWindow } = await registration.confirmationDetails(app(req));
    renderPage(res, 'pages/applications/notes', {
      title: '查看注册事项', application: app(req), bureau, point, confirmWindow,
      notes: bureauNotes(bureau?.notes),
    });
  });

  router.get('/applications/:no/messages', signedIn, own, async (req, res) => {
    renderPage(res, 'pages/applications/messages', { title: '查看留言信息', application: app(req), messages: await registration.messages(app(req)) });
  });

  // ---- 修改报名信息: steps 2 and 3 on the application -------------------------------------------------
  async function refuseIfLocked(req: Request, res: Response, part: 'bureau' | 'details'): Promise<boolean> {
    const rights = await registration.editRights(app(req));
    if (rights[part]) return false;
    flash(req, 'error', '只有注册结论为“网报待确认”且在网报时间内，才可修改报名信息。');
    res.redirect(303, paths.applications);
    return true;
  }

  async function showEditBureau(req: Request, res: Response, sel = selectionFrom(applicationAnswers(app(req))), extra: Record<string, unknown> = {}, status = 200) {
    const cascade = await registration.cascade(sel);
    renderPage(res, 'pages/applications/edit-bureau', {
      title: '修改报名信息', application: app(req), sel, cascade, mode: 'apply', formAction: paths.applicationEditBureau(app(req).application_no),
      windowText: cascade.plan ? windowText(cascade.plan.online_start, cascade.plan.online_end, tz) : '', fieldOrder: ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId'], ...extra,
    }, status);
  }

  router.get('/applications/:no/edit/bureau', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'bureau')) return;
    await showEditBureau(req, res);
  });
  router.post('/applications/:no/edit/bureau', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'bureau')) return;
    const sel = readSelection(req.body);
    if (text(req.body, 'action', 20) === 'refresh') return showEditBureau(req, res, sel);
    const parsed = await registration.chooseBureau(sel);
    if (parsed.errors) return showEditBureau(req, res, sel, { errors: parsed.errors }, 422);
    const answers: Answers = { ...applicationAnswers(app(req)), bureau: parsed.answers };
    const result = await registration.updateApplication(me(req), asLoaded(req), answers, 'bureau');
    if (!result.ok) return showEditBureau(req, res, sel, { errors: result.errors }, 409);
    flash(req, 'success', '报名信息修改成功');
    res.redirect(303, paths.application(app(req).application_no));
  });

  async function showEditDetails(req: Request, res: Response, values: Record<string, string>, extra: Record<string, unknown> = {}, status = 200) {
    const detailLists = await registration.detailLists();
    renderPage(res, 'pages/applications/edit-details', {
      title: '修改报名信息', application: app(req), values, account: me(req), ethnicityName: await c.services.reference.nameOf('ethnicity', me(req).ethnicity_code), certificates: await registration.certificateChoices(me(req)), ...detailLists,
      photoFileId: (extra.photoFileId as number | undefined) ?? app(req).photo_file_id, fieldOrder: DETAIL_FIELD_ORDER,
      formAction: paths.applicationEditDetails(app(req).application_no), schools: null, ...extra,
    }, status);
  }

  router.get('/applications/:no/edit/details', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'details')) return;
    await showEditDetails(req, res, detailsValues(applicationAnswers(app(req))));
  });
  router.post('/applications/:no/edit/details', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'details')) return;
    const echo = readDetails(req.body);
    const school = await schoolAction(c, req, echo);
    if (school) return showEditDetails(req, res, echo, school.extra, school.status);
    const current = applicationAnswers(app(req));
    // The same step-3 rules and photo handling, on a throw-away draft seeded from the application.
    const pendingPhotoId = parseId(text(req.body, 'pendingPhotoId', 12));
    const { result, draft } = await registration.checkDetails(me(req), current, echo, uploadedFile(req, 'photo'), uploadError(req, 'photo'), pendingPhotoId);
    if (result.errors) return showEditDetails(req, res, echo, { errors: result.errors, photoFileId: draft.pendingPhotoFileId }, 422);
    const saved = await registration.updateApplication(me(req), asLoaded(req), { ...current, details: result.answers }, 'details');
    if (!saved.ok) return showEditDetails(req, res, echo, { errors: saved.errors }, 409);
    flash(req, 'success', '报名信息修改成功');
    res.redirect(303, paths.application(app(req).application_no));
  });

  return router;
}
