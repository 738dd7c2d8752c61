import { Router } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { parseId } from '../../../domain/validation';
import { DEFAULT_CERTIFICATION_CHECKLIST, DEFAULT_CERTIFICATION_NOTES } from '../../../domain/certification/bureauSettings';
import { bureauView, readCertSelection } from '../../../journeys/certification/bureau';
import { paths } from '../../paths';
import { renderFragment, renderPage } from '../../render';
import { requireApplicant, requireRealname } from '../../middleware/auth';

/** 教师资格认定 beside its journey: 须知, the step-3 cascade fragment (htmx) and the applicant's own signature images. */
export function certifyRouter(c: Container): Router {
  const router = Router();
  const signedIn = requireApplicant(c.services.accounts);
  const guard = [signedIn, requireRealname];

  router.get(paths.certifyNotice, signedIn, (_req, res) => renderPage(res, 'pages/certify/notice', {
    title: '教师资格认定申请人必读', notes: DEFAULT_CERTIFICATION_NOTES, materials: DEFAULT_CERTIFICATION_CHECKLIST,
  }));

  // htmx: each choice of step 3 updates the next list in place (without JavaScript the 查询 button re-renders the step).
  router.get(paths.certifyCascade, ...guard, async (req, res) => {
    const view = await bureauView(c.journeyDeps.certification, readCertSelection(req.query));
    renderFragment(res, 'fragments/certify-cascade', { ...view, errors: {} });
  });

  // The applicant's own signatures only (draft or application): 404 for anything else.
  router.get('/certify/signature/:id', signedIn, async (req, res, next) => {
    const fileId = parseId(req.params.id);
    const file = fileId ? await c.services.drafts.photoOf((req.account as AccountRow).id, fileId) : undefined;
    if (!file || file.kind !== 'signature') return next();
    res.set('Cache-Control', 'no-store').type(file.mime).send(file.data);
  });

  return router;
}
