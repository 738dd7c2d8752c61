import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import type { ApplicationRow } from '../../../repositories/applications';
import { parseId, text } from '../../../domain/validation';
import { bureauNotes } from '../../../domain/notices';
import { readSelection } from '../../../domain/bureauSelection';
import { STATUS_EXPLANATIONS } from '../../../domain/applicationStatus';
import { Answers, DETAIL_FIELD_ORDER, checkDetails, detailsValues, detailsView, keepPhoto, pendingPhotoOf, readDetails, readSnapshot, rowValue, schoolAction, selectionFrom, snapshotOf } from '../../../journeys/registration';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireApplicant } from '../../middleware/auth';
import { uploadError, uploadedFile } from '../../middleware/upload';
import { applicationRows } from '../../viewModels/applications';

declare module 'express-serve-static-core' {
  interface Request {
    application?: ApplicationRow;
  }
}

/** 查询报名信息 and what follows: details, notes, messages, 修改报名信息. Only the owner ever sees an application. */
export function applicationsRouter(c: Container): Router {
  const router = Router();
  const { applications, places, accounts } = c.services;
  const deps = c.journeyDeps.registration;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;

  /** Loads :no for its owner; anyone else gets the same 404 as a number that does not exist. */
  async function own(req: Request, _res: Response, next: NextFunction) {
    // 定期注册's pages only: a 认定 application has its own (web/routes/applicant/certifications.ts).
    const application = await applications.findOwn(me(req).id, String(req.params.no), 'registration');
    if (!application) return next('router');
    req.application = application;
    next();
  }
  const app = (req: Request) => req.application as ApplicationRow;
  const answersOf = (req: Request): Answers => readSnapshot(app(req).data).answers;
  /** The application at the version the form was loaded with: a second tab's stale form is refused, not saved over the first. */
  const asLoaded = (req: Request): ApplicationRow => ({ ...app(req), version: parseId(text(req.body, 'version', 10)) ?? app(req).version });

  router.get(paths.applications, signedIn, async (req, res) => {
    const list = await applications.ofAccount(me(req).id, 'registration');
    const messages = await applications.messageCounts(list.map((a) => a.id));
    const codeName = await c.services.reference.namer(['teachingStage', 'subject']);
    const rows = await applicationRows(list, {
      messages, explanations: STATUS_EXPLANATIONS,
      names: async (a) => {
        const certNumber = rowValue(readSnapshot(a.data).summary ?? [], 'certNumber');
        return {
          bureau: (await places.findBureau(a.bureau_id))?.name ?? '', certNumber,
          stage: a.teaching_stage ? codeName('teachingStage', a.teaching_stage) : '', subject: a.teaching_subject ? codeName('subject', a.teaching_subject) : '',
        };
      },
      materials: (a) => applications.materials(a),
      editRights: (a) => applications.editRights(a),
    });
    renderPage(res, 'pages/applications/index', { title: '查询报名信息', rows, explanations: STATUS_EXPLANATIONS });
  });

  router.get('/applications/:no', signedIn, own, async (req, res) => {
    const application = app(req);
    renderPage(res, 'pages/applications/show', {
      title: '查看报名信息', application, sections: await c.services.forms.submittedSummary(application), events: await applications.events(application.id),
      rights: await applications.editRights(application),
    });
  });

  router.get('/applications/:no/notes', signedIn, own, async (req, res) => {
    const { bureau, point, confirmWindow } = await places.confirmationDetails(app(req));
    renderPage(res, 'pages/applications/notes', { title: '查看注册事项', application: app(req), bureau, point, confirmWindow, notes: bureauNotes(bureau?.notes) });
  });

  router.get('/applications/:no/messages', signedIn, own, async (req, res) => {
    renderPage(res, 'pages/applications/messages', { title: '查看留言信息', application: app(req), messages: await applications.readMessages(app(req)) });
  });

  // ---- 修改报名信息: steps 2 and 3 on the application -------------------------------------------------
  async function refuseIfLocked(req: Request, res: Response, part: 'bureau' | 'details'): Promise<boolean> {
    const rights = await applications.editRights(app(req));
    if (rights[part]) return false;
    flash(req, 'error', '只有注册结论为“网报待确认”且在确认结束时间之前，才可修改报名信息；注册机构和确认点只能在网报时间内修改（“机构选择有误”时除外）。');
    res.redirect(303, paths.applications);
    return true;
  }

  /** Saves changed answers as a new version of the submission (snapshot and columns rebuilt from them). */
  async function save(req: Request, answers: Answers, part: 'bureau' | 'details') {
    const { snapshot, columns } = await snapshotOf(deps, me(req), answers);
    return applications.applicantEdit(me(req), asLoaded(req), { part, columns, data: JSON.stringify(snapshot), ip: req.ip ?? null });
  }

  async function showEditBureau(req: Request, res: Response, sel = selectionFrom(answersOf(req)), extra: Record<string, unknown> = {}, status = 200) {
    const cascade = await places.cascade(sel);
    renderPage(res, 'pages/applications/edit-bureau', {
      title: '修改报名信息', application: app(req), sel, cascade, mode: 'apply', formAction: paths.applicationEditBureau(app(req).application_no),
      windowText: cascade.windowText, fieldOrder: ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId'], ...extra,
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
    const parsed = await places.chooseBureau(sel);
    if (parsed.errors) return showEditBureau(req, res, sel, { errors: parsed.errors }, 422);
    const result = await save(req, { ...answersOf(req), bureau: parsed.answers }, 'bureau');
    if (!result.ok) return showEditBureau(req, res, sel, { errors: result.errors }, 409);
    flash(req, 'success', '报名信息修改成功');
    res.redirect(303, paths.application(app(req).application_no));
  });

  async function showEditDetails(req: Request, res: Response, values: Record<string, string>, extra: Record<string, unknown> = {}, status = 200) {
    renderPage(res, 'pages/applications/edit-details', {
      title: '修改报名信息', application: app(req), values, ...(await detailsView(deps, me(req), app(req).bureau_id)),
      photoFileId: (extra.photoFileId as number | undefined) ?? app(req).photo_file_id, fieldOrder: DETAIL_FIELD_ORDER,
      formAction: paths.applicationEditDetails(app(req).application_no), schools: null, ...extra,
    }, status);
  }

  router.get('/applications/:no/edit/details', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'details')) return;
    await showEditDetails(req, res, detailsValues(answersOf(req)));
  });
  router.post('/applications/:no/edit/details', signedIn, own, async (req, res) => {
    if (await refuseIfLocked(req, res, 'details')) return;
    const echo = readDetails(req.body);
    const school = await schoolAction(deps, me(req), req.body, echo);
    if (school?.kind === 'show') {
      // A photo chosen before 查询 or 新增学校 is kept: stored, and carried by the form's pending-photo field.
      const kept = await keepPhoto(deps, me(req).id, { file: uploadedFile(req, 'photo'), error: uploadError(req, 'photo') })
        ?? (await c.services.drafts.ownPhoto(me(req).id, pendingPhotoOf(req.body)));
      return showEditDetails(req, res, (school.extra.values as Record<string, string>) ?? echo, { ...school.extra, ...(kept ? { photoFileId: kept } : {}) }, school.status);
    }
    const current = answersOf(req);
    // The same step-3 rules and photo handling, on a throw-away draft seeded from the application.
    const pending = await c.services.drafts.ownPhoto(me(req).id, pendingPhotoOf(req.body));
    const { verdict, draft } = await checkDetails(deps, me(req), { answers: current, ...(pending ? { pendingPhotoFileId: pending } : {}) }, echo,
      { file: uploadedFile(req, 'photo'), error: uploadError(req, 'photo') });
    if (verdict.errors) return showEditDetails(req, res, echo, { errors: verdict.errors, photoFileId: draft.pendingPhotoFileId }, 422);
    const saved = await save(req, { ...current, details: verdict.answer }, 'details');
    if (!saved.ok) return showEditDetails(req, res, echo, { errors: saved.errors }, 409);
    flash(req, 'success', '报名信息修改成功');
    res.redirect(303, paths.application(app(req).application_no));
  });

  return router;
}
