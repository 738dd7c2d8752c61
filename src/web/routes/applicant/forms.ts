import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import type { ApplicationRow } from '../../../repositories/applications';
import { FORM_MESSAGES } from '../../../pdf/messages';
import { paths } from '../../paths';
import { renderPage } from '../../render';
import { sendApplicationPdf } from '../../applicationPdf';
import { requireApplicant } from '../../middleware/auth';

/**
 * The 教师资格定期注册申请表 of the applicant's own application: the HTML preview and the PDF (一式两份).
 * Anyone else gets the same 404 as a number that does not exist; after the plan's end both are closed.
 */
export function formsRouter(c: Container): Router {
  const router = Router();
  const { applications, accounts, forms } = c.services;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;

  async function ownAndOpen(req: Request, res: Response, next: NextFunction) {
    const application = await applications.findOwn(me(req).id, String(req.params.no), 'registration');
    if (!application) return next('router');
    const window = await forms.downloadWindow(application);
    if (!window.open) {
      return renderPage(res, 'pages/errors/error', { title: '申请表下载已关闭', message: `${FORM_MESSAGES.closed}。${FORM_MESSAGES.closedAt(window.closedAt ?? '')}` }, 410);
    }
    res.locals.formApplication = application;
    next();
  }
  const app = (res: Response) => res.locals.formApplication as ApplicationRow;

  router.get('/applications/:no/form', signedIn, ownAndOpen, async (_req, res) => {
    const a = app(res);
    const html = await forms.previewHtml(a, { pdf: paths.applicationFormPdf(a.application_no), back: paths.applications }, paths.applyPhoto);
    res.type('html').send(html);
  });

  router.get('/applications/:no/form.pdf', signedIn, ownAndOpen, (_req, res) => sendApplicationPdf(res, forms, app(res)));

  return router;
}
