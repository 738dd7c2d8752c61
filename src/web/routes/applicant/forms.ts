import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import type { ApplicationRow } from '../../../repositories/applications';
import { isPdfUnavailable } from '../../../pdf/applicationForms';
import { FORM_MESSAGES } from '../../../pdf/messages';
import { paths } from '../../paths';
import { renderPage } from '../../render';
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
    const application = await applications.findOwn(me(req).id, String(req.params.no));
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

  router.get('/applications/:no/form.pdf', signedIn, ownAndOpen, async (_req, res) => {
    const a = app(res);
    try {
      const { pdf } = await forms.pdf(a);
      const name = `教师资格定期注册申请表-${a.application_no}.pdf`;
      res.type('application/pdf')
        .set('Content-Disposition', `attachment; filename="application-form-${a.application_no}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .set('Cache-Control', 'no-store')
        .send(pdf);
    } catch (err) {
      if (!isPdfUnavailable(err)) throw err;
      console.error(`[pdf] 申请表 ${a.application_no} v${a.version} not rendered: ${err.message}`);
      res.set('Retry-After', '30');
      renderPage(res, 'pages/errors/error', { title: '申请表暂不可用', message: FORM_MESSAGES.unavailable }, 503);
    }
  });

  return router;
}
