import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import type { ApplicationRow } from '../../../repositories/applications';
import { fail, parseId, text } from '../../../domain/validation';
import type { FieldErrors } from '../../../domain/validation';
import { meetsKindergartenLevel } from '../../../domain/putonghua';
import { CERTIFICATION_MESSAGES as MSG } from '../../../domain/certification/notices';
import { readCertificationSnapshot, snapshotOf } from '../../../journeys/certification';
import type { CertificationAnswers, CertificationDraft } from '../../../journeys/certification';
import { identityChoices, identityValues, identityView, parseIdentity, proofOf, readIdentity, studentAction, withOffered, IDENTITY_FIELDS } from '../../../journeys/certification/identity';
import { bureauView, checkBureau, readCertSelection, selectionOf, CERT_BUREAU_FIELDS, CertSelection } from '../../../journeys/certification/bureau';
import { checkDetails, detailsValues, detailsView, readDetails, resumeRowsOf, DetailsEcho } from '../../../journeys/certification/details';
import { RESUME_MAX_PERIODS } from '../../../domain/certification/resume';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireApplicant } from '../../middleware/auth';
import { certificationOf, ownCertification } from '../../middleware/ownCertification';
import { uploadedFile, uploadError } from '../../middleware/upload';

type Complete = Required<Pick<CertificationAnswers, 'identity' | 'bureau' | 'details'>> & CertificationAnswers;
type Part = 'identity' | 'bureau' | 'details';

export const CERTIFICATION_EDIT_MESSAGES = {
  locked: '只有认定状态为“网报待确认”（且在确认结束时间之前）的报名信息才可修改；认定机构和确认点只能在网报时间内修改。',
  incomplete: '该报名信息不完整，无法在线修改，请联系认定机构。',
  qualificationChanged: (now: string) => `所选证明的资格种类（${now}）与本报名的资格种类不一致。资格种类随认定机构一并确定，修改时不能更改；请选择与本报名资格种类一致的证明，或联系认定机构。`,
  qualificationFixed: '修改时不能更改资格种类（任教学科和考试合格证明均按此资格种类填写）；如需申请其他资格种类，请联系认定机构。',
  subjectAgain: '考试形式已修改。所选证明的任教学科与原填写的不一致，请重新选择任教学科后提交。',
  saved: '认定报名信息修改成功',
  stale: '报名信息已在其他页面修改，请刷新后重试',
} as const;
const M = CERTIFICATION_EDIT_MESSAGES;

/**
 * 修改认定报名信息 (seed 002 §3.2.3): while 网报待确认 the owner changes 考试形式/普通话/在校生, 认定机构 (inside the
 * online window) and 认定信息, each on its own form built from the wizard's step modules; a save rebuilds the
 * snapshot with `snapshotOf` and writes it at the version the form was loaded with (applications.applicantEdit).
 */
export function certificationEditRouter(c: Container): Router {
  const router = Router();
  const { certifications, applications, accounts, drafts } = c.services;
  const deps = c.journeyDeps.certification;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;

  const own = ownCertification(certifications);
  const app = certificationOf;
  const no = (req: Request) => app(req).application_no;
  const answersOf = (req: Request) => readCertificationSnapshot(app(req).data).answers;
  /** The application at the version the form was loaded with: a second tab's stale form is refused, not saved over the first. */
  const asLoaded = (req: Request): ApplicationRow => ({ ...app(req), version: parseId(text(req.body, 'version', 10)) ?? app(req).version });
  const complete = (a: CertificationAnswers): a is Complete => Boolean(a.identity && a.bureau && a.details);

  function refuse(res: Response, message: string) {
    renderPage(res, 'pages/errors/error', { title: '不能修改认定报名信息', message }, 409);
  }

  /** Lets the request on when the lifecycle allows the part now (the overview: either part); a refusal page otherwise. */
  const allowed = (part: Part | 'any') => async (req: Request, res: Response, next: NextFunction) => {
    if (!complete(answersOf(req))) return refuse(res, M.incomplete);
    const rights = await applications.editRights(app(req));
    const ok = part === 'any' ? rights.details || rights.bureau : rights[part === 'bureau' ? 'bureau' : 'details'];
    if (!ok) return refuse(res, M.locked);
    next();
  };

  async function save(req: Request, answers: Complete, part: Part) {
    const built = await snapshotOf(deps, me(req), answers);
    if ('problem' in built) return fail({ _form: built.problem });
    const result = await applications.applicantEdit(me(req), asLoaded(req), { part, columns: built.columns, data: JSON.stringify(built.snapshot), ip: req.ip ?? null });
    // The service's generic words speak of 注册; a 认定 form says it in its own.
    return result.ok || !result.errors._form?.includes('其他页面') ? result : fail({ _form: M.stale });
  }
  const page = (req: Request, extra: Record<string, unknown>) => ({ title: '修改认定报名信息', application: app(req), backHref: paths.certificationEdit(no(req)), ...extra });

  router.get('/certifications/:no/edit', signedIn, own, allowed('any'), async (req, res) => {
    const snapshot = readCertificationSnapshot(app(req).data);
    const rights = await applications.editRights(app(req));
    const links: Record<Part, string | null> = {
      identity: rights.details ? `${paths.certificationEdit(no(req))}/identity` : null,
      bureau: rights.bureau ? `${paths.certificationEdit(no(req))}/bureau` : null,
      details: rights.details ? `${paths.certificationEdit(no(req))}/details` : null,
    };
    renderPage(res, 'pages/certifications/edit', page(req, { sections: snapshot.summary, links }));
  });

  // ---- 考试形式 / 普通话 / 在校生 (step 2's form) -------------------------------------------------------------
  async function showIdentity(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const view = await identityView(deps, me(req));
    renderPage(res, 'pages/certifications/edit-identity', page(req, {
      values: withOffered(identityValues(answersOf(req).identity), view, req.query as Record<string, unknown>), ...view, fieldOrder: IDENTITY_FIELDS, ...extra,
    }), status);
  }
  router.get('/certifications/:no/edit/identity', signedIn, own, allowed('identity'), (req, res) => showIdentity(req, res));
  router.post('/certifications/:no/edit/identity', signedIn, own, allowed('identity'), async (req, res) => {
    const current = answersOf(req) as Complete;
    const echo = readIdentity(req.body);
    const action = await studentAction(deps, me(req), req.body, echo);
    if (action?.kind === 'show') return showIdentity(req, res, action.extra, action.status);
    const choices = await identityChoices(deps, me(req));
    const parsed = parseIdentity(echo, choices);
    const errors: FieldErrors = { ...(parsed.errors ?? {}) };
    const proof = parsed.answer ? proofOf(parsed.answer, choices) : null;
    // The 资格种类 was fixed with the 认定机构 (and decides the subjects): a proof of another one cannot be taken here.
    if (proof && proof.qualification_code !== current.bureau.qualificationCode) {
      errors.examChoice = M.qualificationChanged((await c.services.reference.namer(['qualification']))('qualification', proof.qualification_code));
    }
    const putonghua = choices.putonghua.find((p) => p.id === parsed.answer?.putonghuaId);
    if (current.bureau.qualificationCode === '1' && putonghua && !meetsKindergartenLevel(putonghua.level)) errors.putonghuaId ??= MSG.kindergartenPutonghua;
    if (Object.keys(errors).length || !parsed.answer) return showIdentity(req, res, { values: echo, errors }, 422);
    const saved = await save(req, { ...current, identity: parsed.answer }, 'identity');
    if (!saved.ok) return showIdentity(req, res, { values: echo, errors: saved.errors }, 409);
    // 002: 考试形式 first; a proof of another 任教学科 sends the applicant on to 认定信息 to choose it again.
    if (proof?.subject_code && proof.subject_code !== current.details.subjectCode) {
      flash(req, 'info', M.subjectAgain);
      return res.redirect(303, `${paths.certificationEdit(no(req))}/details`);
    }
    flash(req, 'success', M.saved);
    res.redirect(303, paths.certifications);
  });

  // ---- 认定机构 (step 3's form; the online window, as 定期注册) ----------------------------------------------------
  async function showBureau(req: Request, res: Response, sel: CertSelection = selectionOf(answersOf(req).bureau), extra: Record<string, unknown> = {}, status = 200) {
    renderPage(res, 'pages/certifications/edit-bureau', page(req, { ...(await bureauView(deps, sel)), fieldOrder: CERT_BUREAU_FIELDS, ...extra }), status);
  }
  router.get('/certifications/:no/edit/bureau', signedIn, own, allowed('bureau'), (req, res) => showBureau(req, res));
  router.post('/certifications/:no/edit/bureau', signedIn, own, allowed('bureau'), async (req, res) => {
    const current = answersOf(req) as Complete;
    const sel = readCertSelection(req.body);
    if (text(req.body, 'action', 20) === 'refresh') return showBureau(req, res, sel);
    const parsed = await checkBureau(deps, me(req), current, sel);
    const errors: FieldErrors = { ...(parsed.errors ?? {}) };
    if (!errors.qualificationCode && sel.qualificationCode !== current.details.qualificationCode) errors.qualificationCode = M.qualificationFixed;
    if (Object.keys(errors).length || !parsed.answer) return showBureau(req, res, sel, { errors }, 422);
    const saved = await save(req, { ...current, bureau: parsed.answer }, 'bureau');
    if (!saved.ok) return showBureau(req, res, sel, { errors: saved.errors }, 409);
    flash(req, 'success', M.saved);
    res.redirect(303, paths.certifications);
  });

  // ---- 认定信息 (step 4's form) ------------------------------------------------------------------------------
  /** Uploads accepted on an earlier try of this form travel in hidden fields; only the account's own files of the right kind count. */
  async function keptFiles(req: Request): Promise<Omit<CertificationDraft, 'answers'>> {
    const kept: Omit<CertificationDraft, 'answers'> = {};
    const photoId = parseId(text(req.body, 'keptPhoto', 12));
    const signatureId = parseId(text(req.body, 'keptSignature', 12));
    if (photoId && (await drafts.photoOf(me(req).id, photoId))?.kind === 'photo') kept.pendingPhotoFileId = photoId;
    if (signatureId && (await drafts.photoOf(me(req).id, signatureId))?.kind === 'signature') {
      kept.pendingSignatureFileId = signatureId;
      kept.pendingSignatureSource = text(req.body, 'keptSignatureSource', 5) === 'pad' ? 'pad' : 'photo';
    }
    return kept;
  }
  async function showDetails(req: Request, res: Response, values: DetailsEcho, files: Omit<CertificationDraft, 'answers'> = {}, extra: Record<string, unknown> = {}, status = 200) {
    const answers = answersOf(req) as Complete;
    renderPage(res, 'pages/certifications/edit-details', page(req, {
      values, rows: resumeRowsOf(values), ...(await detailsView(deps, me(req), answers)),
      photoFileId: files.pendingPhotoFileId ?? answers.details.photoFileId, signatureFileId: files.pendingSignatureFileId ?? answers.details.signatureFileId,
      signatureSource: files.pendingSignatureFileId ? files.pendingSignatureSource : answers.details.signatureSource, ...extra,
    }), status);
  }
  router.get('/certifications/:no/edit/details', signedIn, own, allowed('details'), (req, res) => showDetails(req, res, detailsValues(answersOf(req).details)));
  router.post('/certifications/:no/edit/details', signedIn, own, allowed('details'), async (req, res) => {
    const current = answersOf(req) as Complete;
    const echo = readDetails(req.body);
    const input = { body: req.body as Record<string, unknown>, file: (f: string) => uploadedFile(req, f), fileError: (f: string) => uploadError(req, f) };
    // Valid uploads are stored even when other fields are wrong; their ids come back with the form, not in the wizard's draft.
    const keepNothing = async () => undefined;
    const base: CertificationDraft = { answers: current, ...(await keptFiles(req)) };
    if (text(req.body, 'action', 20) === 'add-row') {
      const { verdict, draft } = await checkDetails(deps, me(req), base, echo, input, keepNothing, { onlyKeep: true });
      const values = { ...echo, resumeRows: Math.min(RESUME_MAX_PERIODS, Math.max(echo.resumeRows, echo.resume.length) + 1) };
      const errors = verdict.errors ?? {};
      return showDetails(req, res, values, draft, { errors }, Object.keys(errors).length ? 422 : 200);
    }
    const { verdict, draft } = await checkDetails(deps, me(req), base, echo, input, keepNothing);
    if (verdict.errors || !verdict.answer) return showDetails(req, res, echo, draft, { errors: verdict.errors }, 422);
    const saved = await save(req, { ...current, details: verdict.answer }, 'details');
    if (!saved.ok) return showDetails(req, res, echo, base, { errors: saved.errors }, 409);
    flash(req, 'success', M.saved);
    res.redirect(303, paths.certifications);
  });

  return router;
}
