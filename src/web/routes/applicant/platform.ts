import { Router } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { MUST_READ } from '../../../domain/notices';
import { readSelection } from '../../../domain/bureauSelection';
import { parseId } from '../../../domain/validation';
import { paths } from '../../paths';
import { renderFragment, renderPage } from '../../render';
import { requireApplicant, requireRealname } from '../../middleware/auth';

/** 业务平台, 须知, 网报时间查询, the step-2 cascade fragment and the applicant's own photos. */
export function platformRouter(c: Container): Router {
  const router = Router();
  const { places, accounts, drafts } = c.services;
  const signedIn = requireApplicant(accounts);
  const guard = [signedIn, requireRealname];

  router.get(paths.platform, signedIn, async (req, res) => {
    const windows = await places.platformWindows();
    renderPage(res, 'pages/platform/index', {
      title: '业务平台', realnameOk: (req.account as AccountRow).realname_status === 'verified', anyOpen: windows.some((w) => w.open), windows,
      certificationOpen: await places.anyOpen('certification'),
    });
  });
  router.get(paths.platformNotice, signedIn, (_req, res) => renderPage(res, 'pages/platform/notice', { title: '教师资格定期注册申请人必读', mustRead: MUST_READ }));

  // 网报时间查询: the same cascade as step 2, as a GET form (bookmarkable, no state change).
  router.get(paths.platformWindow, ...guard, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await places.cascade(sel);
    const data = { title: '教师资格定期注册申请网报时间查询', sel, cascade, windowText: cascade.windowText, formAction: paths.platformWindow, mode: 'query' };
    if (req.isHtmx) return renderFragment(res, 'fragments/bureau-cascade', data);
    renderPage(res, 'pages/platform/window', data);
  });

  // htmx: each choice of step 2 (and of 网报时间查询, 修改报名信息) updates the next list in place.
  router.get(paths.applyCascade, ...guard, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await places.cascade(sel);
    renderFragment(res, 'fragments/bureau-cascade', { sel, cascade, windowText: cascade.windowText, mode: req.query.mode === 'query' ? 'query' : 'apply', errors: {} });
  });

  // The applicant's own photos only (draft or application): 404 for anything else.
  router.get('/apply/photo/:id', signedIn, async (req, res, next) => {
    const fileId = parseId(req.params.id);
    const file = fileId ? await drafts.photoOf((req.account as AccountRow).id, fileId) : undefined;
    if (!file || file.kind !== 'photo') return next();
    res.set('Cache-Control', 'no-store').type('jpeg').send(file.data);
  });

  return router;
}
