import { Router, Request, RequestHandler, Response } from 'express';
import type { AccountRow } from '../repositories/accounts';
import type { DraftService } from '../services/drafts';
import {
  Journey, Step, StepContext, StepInput, mayOpen, nextStepNumber, resumeStep, stepByNumber, stepNumber, stepRefs, withAnswer,
} from '../journeys/engine';
import type { Draft } from '../domain/draft';
import { text } from '../domain/validation';
import { flash, renderPage } from './render';
import { uploadError, uploadedFile } from './middleware/upload';

export interface MountOptions<D> {
  /** Where the journey lives, e.g. /apply. */
  base: string;
  deps: D;
  drafts: DraftService;
  /** Middleware every route of the journey runs first (signed in, 实名认证 …). */
  guard: RequestHandler[];
  /** Where 放弃本次报名 leads. */
  afterAbandon: string;
}

/**
 * Mounts a journey: `GET <base>` resumes, `GET|POST <base>/step/:n` is one generic handler for every step
 (uploads are parsed for the whole app before its one CSRF check), `<base>/abandon` and `<base>/done/:no`.
 * No step opens before every earlier one is answered; `?from=review` sends a changed answer back to review.
 */
export function journeyRouter<A extends object, D>(journey: Journey<A, D>, opts: MountOptions<D>): Router {
  const router = Router();
  const { base, deps, drafts, guard } = opts;
  const stepPath = (n: number) => `${base}/step/${n}`;
  const wizard = { base, stepPath, fromReview: (n: number) => `${stepPath(n)}?from=review`, abandon: `${base}/abandon`, receiptNumber: journey.steps.length + 1, receiptTitle: journey.receipt.title };
  const me = (req: Request) => req.account as AccountRow;
  const fromReview = (req: Request) => req.query.from === 'review' || text(req.body, 'from', 10) === 'review';

  function input(req: Request): StepInput {
    return {
      method: req.method === 'POST' ? 'POST' : 'GET',
      query: req.query as Record<string, unknown>,
      body: (req.body ?? {}) as Record<string, unknown>,
      file: (field) => uploadedFile(req, field),
      fileError: (field) => uploadError(req, field),
      fromReview: fromReview(req),
      ip: req.ip ?? null,
    };
  }
  const context = (req: Request, draft: Draft<A>): StepContext<A, D> => ({ account: me(req), draft, input: input(req), deps });

  async function show(req: Request, res: Response, step: Step<A, D>, draft: Draft<A>, extra: Record<string, unknown> = {}, status = 200) {
    const n = stepNumber(journey, step.id);
    const view = await step.load(context(req, draft), extra);
    renderPage(res, step.view, {
      title: step.title, step: { id: step.id, number: n, title: step.title }, steps: stepRefs(journey), wizard, draft,
      fromReview: fromReview(req), formAction: stepPath(n), fieldOrder: step.fieldOrder ?? [], ...view, ...extra,
    }, status);
  }

  /** The journey rule: an unknown step goes to the resume point, a step after an unanswered one to the first unanswered. */
  async function open(req: Request, res: Response, loaded?: Draft<A>): Promise<{ step: Step<A, D>; draft: Draft<A> } | null> {
    const step = stepByNumber(journey, Number(req.params.n));
    if (!step) {
      res.redirect(303, base);
      return null;
    }
    const draft = loaded ?? (await drafts.find<A>(me(req).id, journey.id));
    if (!mayOpen(journey, step, draft.answers)) {
      const resume = resumeStep(journey, draft.answers);
      flash(req, 'info', `请先完成“${resume.title}”`);
      res.redirect(303, stepPath(stepNumber(journey, resume.id)));
      return null;
    }
    return { step, draft };
  }

  router.get(base, ...guard, async (req, res) => {
    const draft = await drafts.find<A>(me(req).id, journey.id);
    const n = stepNumber(journey, resumeStep(journey, draft.answers).id);
    // What rode in (e.g. a selection from 网报时间查询) goes on to a step that reads it.
    const carried = journey.carry ? journey.carry(req.query as Record<string, unknown>) : '';
    res.redirect(303, carried && n <= 2 ? `${stepPath(n)}?${carried}` : stepPath(n));
  });

  router.get(`${base}/step/:n`, ...guard, async (req, res) => {
    const opened = await open(req, res);
    if (opened) await show(req, res, opened.step, opened.draft);
  });

  // Multipart bodies (a step with a file) are parsed, with limits, before the app's one CSRF check.
  router.post(`${base}/step/:n`, ...guard, async (req, res) => {
    const requested = stepByNumber(journey, Number(req.params.n));
    // One read of the draft for the retry check and the journey rule: a twin request that removes it in between
    // cannot send this one back to step 1.
    const loaded = await drafts.find<A>(me(req).id, journey.id);
    if (requested?.retry) {
      const again = await requested.retry(context(req, loaded));
      if (again?.kind === 'redirect') return res.redirect(303, `${base}/${again.to}`);
    }
    const opened = await open(req, res, loaded);
    if (!opened) return;
    const { step, draft } = opened;
    const outcome = await step.submit(context(req, draft));
    const next = () => stepPath(nextStepNumber(journey, step, fromReview(req)));
    switch (outcome.kind) {
      case 'show':
        return show(req, res, step, draft, outcome.extra, outcome.status);
      case 'redirect':
        return res.redirect(303, `${base}/${outcome.to}`);
      case 'saved':
        return res.redirect(303, next());
      case 'answer': {
        await drafts.save(me(req).id, journey.id, { ...draft, answers: withAnswer(journey, draft.answers, step.id, outcome.answer) });
        return res.redirect(303, outcome.carry ? `${next()}?${outcome.carry}` : next());
      }
    }
  });

  // 不同意 at the promise step: abandons the draft after a confirmation.
  router.get(wizard.abandon, ...guard, (_req, res) => renderPage(res, 'pages/apply/abandon', { title: '放弃本次报名', wizard }));
  router.post(wizard.abandon, ...guard, async (req, res) => {
    if (text(req.body, 'confirm') !== '1') return res.redirect(303, stepPath(journey.steps.length));
    await drafts.remove(me(req).id, journey.id);
    flash(req, 'info', '您已放弃本次报名，填写的内容已清除。');
    res.redirect(303, opts.afterAbandon);
  });

  router.get(`${base}/done/:no`, ...guard, async (req, res, nextHandler) => {
    const data = await journey.receipt.load(me(req), String(req.params.no), deps);
    if (!data) return nextHandler();
    renderPage(res, journey.receipt.view, { title: journey.receipt.title, wizard, ...data });
  });

  return router;
}
