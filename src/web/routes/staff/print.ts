import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import { APPLICATION_ROLES } from '../../../domain/principal';
import type { PrintJobView } from '../../../services/printJobs';
import { renderFragment, renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';
import { answerJobElsewhere } from '../../jobElsewhere';

declare module 'express-serve-static-core' {
  interface Request {
    printJob?: PrintJobView;
  }
}

/** Seconds between two looks at a running job (the page's refresh without JavaScript, htmx's poll with it). */
export const PRINT_REFRESH_SECONDS = 2;

/**
 * A 批量打印 job's progress page and its PDF: only for the staff user who made it (anyone else, and an unknown or
 * malformed id, is the ordinary 404; an id another server process made says so, web/jobElsewhere.ts). The lists make jobs (counter.ts, review.ts); the service renders them.
 */
export function staffPrintRouter(c: Container): Router {
  const router = Router();
  const { printJobs } = c.services;
  const anyStaff = requireRole(...APPLICATION_ROLES);

  function own(req: Request, res: Response, next: NextFunction) {
    const job = printJobs.get(staffOf(req), String(req.params.id));
    if (!job && printJobs.elsewhere(String(req.params.id))) return answerJobElsewhere(res, '批量打印申请表');
    if (!job) return next('router');
    req.printJob = job;
    next();
  }
  const data = (job: PrintJobView) => ({ job, running: job.state === 'queued' || job.state === 'rendering', refresh: PRINT_REFRESH_SECONDS });

  router.get('/staff/print/:id', anyStaff, own, (req, res) => {
    const d = data(req.printJob as PrintJobView);
    res.set('Cache-Control', 'no-store');
    renderPage(res, 'pages/staff/print/progress', { title: '批量打印申请表', ...d, refreshSeconds: d.running ? d.refresh : 0 });
  });

  // htmx's poll: the progress block alone; once the job has finished the block it returns polls no more.
  router.get('/staff/print/:id/status', anyStaff, own, (req, res) => {
    res.set('Cache-Control', 'no-store');
    renderFragment(res, 'partials/staff/print-progress', data(req.printJob as PrintJobView));
  });

  router.get('/staff/print/:id/pdf', anyStaff, own, (req, res, next) => {
    const file = printJobs.pdfFile(staffOf(req), String(req.params.id));
    if (!file) return next('router'); // not finished (or failed): there is nothing to download yet
    const name = `教师资格定期注册申请表-批量-${(req.printJob as PrintJobView).total}份.pdf`;
    res.sendFile(file, {
      cacheControl: false, lastModified: false, etag: false,
      headers: {
        'Content-Type': 'application/pdf', 'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="application-forms-${(req.printJob as PrintJobView).total}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    }, (err) => {
      if (!err) return printJobs.delivered(staffOf(req), String(req.params.id)); // sent whole: deleted from disk now
      if (!res.headersSent) next('router'); // dropped meanwhile (its 30 minutes are over): as if never made
    });
  });

  return router;
}
