import { Router, Request, Response } from 'express';
import type { Container } from '../../container';
import type { AccountRow } from '../../repositories/accounts';
import { parseId, text } from '../../domain/validation';
import { AGREEMENT_CLAUSES, MUST_READ, PROMISE_TEXT, bureauNotes } from '../../domain/notices';
import {
  Answers, BureauSelection, DETAIL_FIELDS, DETAIL_FIELD_ORDER, Draft, RECEIPT_TITLE, STEPS, StepDefinition, mayOpen, readDetails,
  readSelection, resumeStep, selectionQuery, stepByNumber, withAnswer,
} from '../../journeys/registration';
import { windowText } from '../../services/registration';
import { paths } from '../paths';
import { flash, renderFragment, renderPage } from '../render';
import { requireApplicant, requireRealname } from '../middleware/auth';
import { uploadError, uploadedFile } from '../middleware/upload';

/** 业务平台, 须知, 网报时间查询 and the 7-step wizard. One generic handler per method serves every step. */
export function applyRouter(c: Container): Router {
  const router = Router();
  const { registration, accounts } = c.services;
  const guard = [requireApplicant(accounts), requireRealname];
  const me = (req: Request) => req.account as AccountRow;
  const tz = c.config.timeZone;
  const windowOf = (plan: { online_start: string; online_end: string } | null) => (plan ? windowText(plan.online_start, plan.online_end, tz) : '');

  // ---- 业务平台 ---------------------------------------------------------------------------------
  router.get(paths.platform, requireApplicant(accounts), async (req, res) => {
    const windows = await registration.platformWindows();
    renderPage(res, 'pages/platform/index', {
      title: '业务平台', realnameOk: me(req).realname_status === 'verified', anyOpen: windows.some((w) => w.open), windows,
    });
  });
  router.get(paths.platformNotice, requireApplicant(accounts), (_req, res) => renderPage(res, 'pages/platform/notice', { title: '教师资格定期注册申请人必读', mustRead: MUST_READ }));

  // 网报时间查询: the same cascade as step 2, as a GET form (bookmarkable, no state change).
  router.get(paths.platformWindow, ...guard, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await registration.cascade(sel);
    const data = { title: '教师资格定期注册申请网报时间查询', sel, cascade, windowText: windowOf(cascade.plan), formAction: paths.platformWindow, mode: 'query' };
    if (req.isHtmx) return renderFragment(res, 'fragments/bureau-cascade', data);
    renderPage(res, 'pages/platform/window', data);
  });

  // ---- the wizard ------------------------------------------------------------------------------
  // Resume where the applicant left off. A selection made in 网报时间查询 rides along in the URL to step 2
  // (through step 1's form), unless step 2 was already answered.
  router.get(paths.apply, ...guard, async (req, res) => {
    const draft = await registration.draft(me(req).id);
    const step = resumeStep(draft.answers).number;
    const carried = step <= 2 ? selectionQuery(readSelection(req.query)) : '';
    res.redirect(303, carried ? `${paths.applyStep(step)}?${carried}` : paths.applyStep(step));
  });

  async function stepView(req: Request, res: Response, step: StepDefinition, draft: Draft, extra: Record<string, unknown> = {}, status = 200) {
    const account = me(req);
    const base = { title: step.title, step, steps: STEPS, draft, fromReview: req.query.from === 'review' || text(req.body, 'from', 10) === 'review', ...extra };
    switch (step.id) {
      case 'agreement':
        return renderPage(res, 'pages/apply/agreement', { ...base, clauses: AGREEMENT_CLAUSES, carried: readSelection(req.method === 'POST' ? req.body : req.query) }, status);
      case 'bureau': {
        const sel = (extra.sel as BureauSelection | undefined) ?? (draft.answers.bureau ? selectionFrom(draft.answers) : readSelection(req.query));
        const cascade = await registration.cascade(sel);
        return renderPage(res, 'pages/apply/bureau', { ...base, sel, cascade, windowText: windowOf(cascade.plan), formAction: paths.applyStep(2), mode: 'apply', fieldOrder: ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId'] }, status);
      }
      case 'details': {
        const values = (extra.values as Record<string, string> | undefined) ?? detailsValues(draft.answers);
        const photoFileId = draft.pendingPhotoFileId ?? draft.answers.details?.photoFileId ?? null;
        return renderPage(res, 'pages/apply/details', {
          ...base, values, photoFileId, account, ethnicityName: await c.services.reference.nameOf('ethnicity', account.ethnicity_code), certificates: await registration.certificateChoices(account), ...(await registration.detailLists()),
          fieldOrder: DETAIL_FIELD_ORDER, schools: extra.schools ?? null, formAction: paths.applyStep(3),
        }, status);
      }
      case 'review':
        return renderPage(res, 'pages/apply/review', { ...base, sections: await registration.summary(account, draft.answers), photoFileId: draft.answers.details?.photoFileId }, status);
      case 'notes': {
        const { bureau } = await registration.bureauContext(draft.answers.bureau!.bureauId);
        const notes = bureauNotes(bureau?.notes);
        return renderPage(res, 'pages/apply/notes', { ...base, notes }, status);
      }
      case 'promise':
        return renderPage(res, 'pages/apply/promise', { ...base, promise: PROMISE_TEXT }, status);
    }
  }


  /** The journey rule: no deep-linking past unanswered steps. */
  async function openStep(req: Request, res: Response, n = Number(req.params.n)): Promise<{ step: StepDefinition; draft: Draft } | null> {
    const step = stepByNumber(n);
    if (!step) {
      res.redirect(303, paths.apply);
      return null;
    }
    const draft = await registration.draft(me(req).id);
    if (!mayOpen(step, draft.answers)) {
      flash(req, 'info', `请先完成“${resumeStep(draft.answers).title}”`);
      res.redirect(303, paths.applyStep(resumeStep(draft.answers).number));
      return null;
    }
    return { step, draft };
  }

  router.get('/apply/step/:n', ...guard, async (req, res) => {
    const opened = await openStep(req, res);
    if (opened) await stepView(req, res, opened.step, opened.draft);
  });

  // htmx: each choice of step 2 updates the next list in place.
  router.get(paths.applyCascade, ...guard, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await registration.cascade(sel);
    renderFragment(res, 'fragments/bureau-cascade', { sel, cascade, windowText: windowOf(cascade.plan), mode: req.query.mode === 'query' ? 'query' : 'apply', errors: {} });
  });

  const next = (req: Request, step: StepDefinition) =>
    (req.query.from === 'review' || text(req.body, 'from', 10) === 'review') && step.number < 4 ? paths.applyStep(4) : paths.applyStep(step.number + 1);

  // Step 3 carries the photo: multer first, then the CSRF check. The other steps are url-encoded.
  router.post('/apply/step/3', ...guard, async (req, res) => {
    const opened = await openStep(req, res, 3);
    if (!opened) return;
    const { step, draft } = opened;
    const echo = readDetails(req.body);
    const school = await schoolAction(c, req, echo);
    if (school) return stepView(req, res, step, draft, school.extra, school.status);
    const { result, draft: saved } = await registration.saveDetails(me(req), draft, echo, uploadedFile(req, 'photo'), uploadError(req, 'photo'));
    if (result.errors) return stepView(req, res, step, saved, { values: echo, errors: result.errors }, 422);
    res.redirect(303, next(req, step));
  });

  router.post('/apply/step/:n', ...guard, async (req, res) => {
    if (req.params.n === '6' && text(req.body, 'promise', 10) === 'agree') {
      // A retried or doubled 提交 after the draft became an application lands on the same receipt.
      const draft = await registration.draft(me(req).id);
      const recent = draft.answers.bureau ? null : await registration.recentSubmission(me(req).id);
      if (recent) return res.redirect(303, paths.applyDone(recent.application_no));
    }
    const opened = await openStep(req, res);
    if (!opened) return;
    const { step, draft } = opened;
    const accountId = me(req).id;
    const save = (answers: Answers) => registration.saveDraft(accountId, { ...draft, answers });
    switch (step.id) {
      case 'agreement':
        if (text(req.body, 'agree') !== '1') return stepView(req, res, step, draft, { errors: { agree: '请先阅读网上申报协议并同意后才可以申报！' } }, 422);
        await save(withAnswer(draft.answers, 'agreement', { agreed: true }));
        {
          const carried = selectionQuery(readSelection(req.body));
          return res.redirect(303, carried && !draft.answers.bureau ? `${paths.applyStep(2)}?${carried}` : next(req, step));
        }
      case 'bureau': {
        const sel = readSelection(req.body);
        if (text(req.body, 'action', 20) === 'refresh') return stepView(req, res, step, draft, { sel });
        const parsed = await registration.chooseBureau(sel);
        if (parsed.errors) return stepView(req, res, step, draft, { sel, errors: parsed.errors }, 422);
        const existing = await registration.existingForPlan(accountId, parsed.answers.planId);
        if (existing) {
          return stepView(req, res, step, draft, { sel, errors: { _form: `您已经填写了申报信息（报名号 ${existing.application_no}），请直接查看或修改申报信息。` } }, 409);
        }
        await save(withAnswer(draft.answers, 'bureau', parsed.answers));
        return res.redirect(303, next(req, step));
      }
      case 'review':
        await save(withAnswer(draft.answers, 'review', { confirmed: true }));
        return res.redirect(303, next(req, step));
      case 'notes':
        await save(withAnswer(draft.answers, 'notes', { read: true }));
        return res.redirect(303, next(req, step));
      case 'promise': {
        const choice = text(req.body, 'promise', 10);
        if (choice === 'disagree') return res.redirect(303, paths.applyAbandon);
        if (choice !== 'agree') return stepView(req, res, step, draft, { errors: { promise: '请选择同意或不同意' } }, 422);
        const result = await registration.submit(me(req));
        if (!result.ok) return stepView(req, res, step, draft, { errors: result.errors }, 409);
        await accounts.audit(accountId, 'application.submit', req.ip ?? null, result.value.application_no);
        return res.redirect(303, paths.applyDone(result.value.application_no));
      }
      default:
        return res.redirect(303, paths.apply);
    }
  });

  // 不同意: abandons the draft after a confirmation, back to the platform.
  router.get(paths.applyAbandon, ...guard, (_req, res) => renderPage(res, 'pages/apply/abandon', { title: '放弃本次报名' }));
  router.post(paths.applyAbandon, ...guard, async (req, res) => {
    if (text(req.body, 'confirm') !== '1') return res.redirect(303, paths.applyStep(6));
    await registration.abandon(me(req).id);
    flash(req, 'info', '您已放弃本次报名，填写的内容已清除。');
    res.redirect(303, paths.platform);
  });

  // 申报提醒 (step 7).
  router.get('/apply/done/:no', requireApplicant(accounts), async (req, res, nextHandler) => {
    const application = await registration.application(me(req).id, String(req.params.no));
    if (!application) return nextHandler();
    const { bureau, point, confirmDates } = await registration.confirmationDetails(application);
    renderPage(res, 'pages/apply/done', { title: RECEIPT_TITLE, application, bureau, point, confirmWindow: confirmDates });
  });

  // The applicant's own photos only (draft or application): 404 for anything else.
  router.get('/apply/photo/:id', requireApplicant(accounts), async (req, res, nextHandler) => {
    const fileId = parseId(req.params.id);
    const file = fileId ? await registration.photoOf(me(req).id, fileId) : undefined;
    if (!file || file.kind !== 'photo') return nextHandler();
    res.set('Cache-Control', 'no-store').type('jpeg').send(file.data);
  });

  return router;
}

/**
 * The graduation-school helpers of step 3, all plain submit buttons on the form: 查询 (search-school),
 * picking a result (pickSchool) and 新增学校 (add-school). Each re-renders the step with every value kept.
 */
export async function schoolAction(c: Container, req: Request, echo: Record<string, string>):
  Promise<{ extra: Record<string, unknown>; status: number } | null> {
  const action = text(req.body, 'action', 20);
  const pick = text(req.body, 'pickSchool', 60);
  if (pick) return { extra: { values: { ...echo, graduationSchool: pick } }, status: 200 };
  if (action === 'search-school') {
    const q = echo.graduationSchool;
    return { extra: { values: echo, schools: q ? await c.services.registration.searchSchools(q) : [] }, status: 200 };
  }
  if (action !== 'add-school') return null;
  const name = text(req.body, 'newSchoolName', 60);
  const type = text(req.body, 'newSchoolType', 2);
  const added = await c.services.registration.addSchool(name, type);
  if (!added.ok) return { extra: { values: { ...echo, newSchoolName: name, newSchoolType: type }, errors: added.errors }, status: 422 };
  return { extra: { values: { ...echo, graduationSchool: added.value }, notice: `已新增学校：${added.value}` }, status: 200 };
}

export function selectionFrom(answers: Answers): BureauSelection {
  const b = answers.bureau;
  return {
    provinceCode: b?.provinceCode ?? '', cityCode: b?.cityCode ?? '', stage: b?.stage ?? '', subject: b?.subject ?? '',
    bureauId: b ? String(b.bureauId) : '', pointId: b ? String(b.pointId) : '', q: '',
  };
}

export function detailsValues(answers: Answers): Record<string, string> {
  const d = answers.details;
  if (!d) return {};
  const values: Record<string, string> = { certificateId: String(d.certificateId) };
  for (const f of DETAIL_FIELDS) values[f.name] = d[f.name];
  return values;
}
