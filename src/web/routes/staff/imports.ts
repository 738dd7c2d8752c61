import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import { IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_LIMITS, IMPORT_MESSAGES, isImportKind, KIND_LABELS } from '../../../domain/importKinds';
import { FieldErrors, parseId, text } from '../../../domain/validation';
import type { ImportJobView } from '../../../services/importJobs';
import { importTemplate } from '../../../services/importTemplates';
import { claimImportUpload, uploadErrors } from '../../middleware/upload';
import { requireRole, staffOf } from '../../middleware/roles';
import { answerJobElsewhere } from '../../jobElsewhere';
import { paths } from '../../paths';
import { flash, renderFragment, renderPage } from '../../render';

declare module 'express-serve-static-core' {
  interface Request {
    importJob?: ImportJobView;
  }
}

/** Seconds between two looks at a running job (the page's refresh without JavaScript, htmx's poll with it). */
export const IMPORT_REFRESH_SECONDS = 2;
const FIELD_ORDER = ['kind', 'bureau', 'file'];

/**
 * 数据导入 for the 机构管理员 and the 系统管理员: templates, the upload and its dry run, the import and its progress.
 * A job is seen only by the person who made it (anyone else: the ordinary 404). Certificates, registration records
 * and graduation schools are the instance's (a county instance has one bureau, as the 人工审核 queues say);
 * confirmation points go to the admin's own bureau (the system admin, who has none, chooses one).
 */
export function staffImportsRouter(c: Container): Router {
  const router = Router();
  const { importJobs } = c.services;
  const mayImport = requireRole('bureau_admin', 'system_admin');
  const actor = staffOf;

  async function showForm(req: Request, res: Response, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
    const bureaus = actor(req).bureauId === null ? await importJobs.bureaus() : [];
    renderPage(res, 'pages/staff/import/index', {
      title: '数据导入', kinds: IMPORT_KINDS.map((k) => ({ kind: k, label: KIND_LABELS[k], columns: IMPORT_COLUMNS[k] })), bureaus,
      maxMb: IMPORT_LIMITS.fileBytes / 1024 / 1024, maxRows: IMPORT_LIMITS.rows, values, errors, fieldOrder: FIELD_ORDER,
    }, status);
  }

  router.get(paths.staffImport, mayImport, (req, res) => showForm(req, res));

  router.get('/staff/import/templates/:name', mayImport, async (req, res, next) => {
    const m = /^([a-z]+)\.(xlsx|csv)$/.exec(String(req.params.name));
    if (!m || !isImportKind(m[1])) return next();
    const format = m[2] as 'xlsx' | 'csv';
    const body = await importTemplate(m[1], format);
    const name = `${KIND_LABELS[m[1]]}导入模板.${format}`;
    res.type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${m[1]}-template.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(body);
  });

  router.post(paths.staffImport, mayImport, async (req, res) => {
    const values = { kind: text(req.body, 'kind', 20), bureau: text(req.body, 'bureau', 12) };
    const errors: FieldErrors = { ...uploadErrors(req) };
    if (!isImportKind(values.kind)) errors.kind = IMPORT_MESSAGES.noKind;
    let bureau: { id: number; name: string } | null = null;
    if (values.kind === 'points') {
      const own = actor(req).bureauId;
      const id = own ?? parseId(values.bureau);
      bureau = id === null ? null : (await importJobs.bureaus()).find((b) => b.id === id) ?? null;
      if (!bureau) errors.bureau = IMPORT_MESSAGES.noBureau;
    }
    const file = errors.file || errors._form ? null : claimImportUpload(req);
    if (!file && !errors.file && !errors._form) errors.file = IMPORT_MESSAGES.noFile;
    if (Object.keys(errors).length || !isImportKind(values.kind) || !file) {
      if (file) await importJobs.discardUpload(file.path);
      return showForm(req, res, values, errors, errors.file === IMPORT_MESSAGES.tooLarge ? 413 : 422);
    }
    const result = await importJobs.check(actor(req), { kind: values.kind, filePath: file.path, fileName: file.name, bureau }, req.ip ?? null);
    if (!result.ok) return showForm(req, res, values, result.errors, 409);
    res.redirect(303, paths.staffImportJob(result.value.id));
  });

  function own(req: Request, res: Response, next: NextFunction) {
    const job = importJobs.get(actor(req), String(req.params.id));
    if (!job && importJobs.elsewhere(String(req.params.id))) return answerJobElsewhere(res, '数据导入');
    if (!job) return next('router');
    req.importJob = job;
    next();
  }
  const data = (job: ImportJobView) => ({ job, running: job.state === 'checking' || job.state === 'importing', refresh: IMPORT_REFRESH_SECONDS });

  router.get('/staff/import/jobs/:id', mayImport, own, (req, res) => {
    const d = data(req.importJob as ImportJobView);
    renderPage(res, 'pages/staff/import/job', { title: `数据导入：${d.job.kindLabel}`, ...d, refreshSeconds: d.running ? d.refresh : 0 });
  });

  // htmx's poll: the progress block alone; a finished phase answers the whole job block (it polls no more).
  router.get('/staff/import/jobs/:id/status', mayImport, own, (req, res) => {
    renderFragment(res, 'partials/staff/import-job', data(req.importJob as ImportJobView));
  });

  router.post('/staff/import/jobs/:id/run', mayImport, own, (req, res) => {
    const result = importJobs.start(actor(req), String(req.params.id));
    if (result && !result.ok) flash(req, 'error', Object.values(result.errors)[0]);
    res.redirect(303, paths.staffImportJob(String(req.params.id)));
  });

  router.post('/staff/import/jobs/:id/discard', mayImport, own, (req, res) => {
    if (importJobs.discard(actor(req), String(req.params.id))) flash(req, 'info', '已放弃本次导入，没有写入任何数据');
    res.redirect(303, paths.staffImport);
  });

  return router;
}
