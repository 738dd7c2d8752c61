import path from 'node:path';
import express, { ErrorRequestHandler } from 'express';
import compression from 'compression';
import type { Container } from './container';
import { projectRoot } from './paths';
import { flowControl } from './web/middleware/flowControl';
import { securityHeaders } from './web/middleware/security';
import { sessionMiddleware } from './web/middleware/session';
import { loadAccount } from './web/middleware/auth';
import { csrf } from './web/middleware/csrf';
import { importUploadBody, multipartBody } from './web/middleware/upload';
import { htmx } from './web/middleware/htmx';
import { renderPage, takeFlash } from './web/render';
import { loadTemplatesWithAbsoluteIncludes } from './web/templates';
import { paths } from './web/paths';
import { viewHelpers } from './web/viewModels/helpers';
import { opsRouter } from './web/routes/ops';
import { publicRouter } from './web/routes/public';
import { helpRouter } from './web/routes/help';
import { accountRouter } from './web/routes/applicant/account';
import { meRouter } from './web/routes/applicant/me';
import { certificationRecordsRouter } from './web/routes/applicant/certificationRecords';
import { certificatesRouter } from './web/routes/applicant/certificates';
import { devRouter } from './web/routes/dev';
import { platformRouter } from './web/routes/applicant/platform';
import { applicationsRouter } from './web/routes/applicant/applications';
import { journeyRouter } from './web/journeyRouter';
import { registrationJourney } from './journeys/registration';
import { certificationJourney } from './journeys/certification';
import { pageFrame } from './web/pageBusiness';
import { certifyRouter } from './web/routes/applicant/certify';
import { requireApplicant, requireRealname } from './web/middleware/auth';
import { isStaffPath, loadStaff, STAFF_PREFIX } from './web/middleware/staff';
import { staffIpAllowList } from './web/middleware/staffIpAllowList';
import { staffRouter } from './web/routes/staff';
import { formsRouter } from './web/routes/applicant/forms';
import { certificationsRouter } from './web/routes/applicant/certifications';
import { certificationEditRouter } from './web/routes/applicant/certificationEdit';
import { certificateEntryRouter } from './web/routes/applicant/certificateEntry';
import { M } from './messages';
import { storageFaultOf } from './db/faults';
import { isAuditWriteError } from './services/audit';
import { describeError } from './domain/logRedaction';

/** Builds the Express app from its dependencies: ordered middleware → routers → 404 → error handler. No listen. */
export function createApp(c: Container) {
  const { config } = c;
  const app = express();
  app.disable('x-powered-by');
  // Only the listed proxies' X-Forwarded-For is believed; a client talking to the port directly is its own address.
  app.set('trust proxy', config.trustProxy);
  loadTemplatesWithAbsoluteIncludes();
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  if (config.env !== 'development') app.enable('view cache'); // compiled templates; development re-reads them
  // Pages are Cache-Control: no-store, so an ETag (a hash of every page body) would never be used; static files keep theirs.
  app.set('etag', false);
  Object.assign(app.locals, viewHelpers(config), { paths, passwordHint: M.password.policy, siteName: config.siteName, captchaEnabled: config.captchaEnabled, devTools: config.env !== 'production' });

  const flow = flowControl(config.maxInFlight);
  app.locals.flow = flow;
  app.use(securityHeaders(config.cookieSecure));
  app.use(compression()); // slow county lines: gzip pages and CSS (a proxy in front may do it instead)
  app.use('/css', express.static(path.join(projectRoot, 'public', 'css'), { maxAge: '1h' }));
  app.use('/js', express.static(path.join(projectRoot, 'public', 'js'), { maxAge: '1h' }));
  app.use('/img', express.static(path.join(projectRoot, 'public', 'img'), { maxAge: '1d' }));
  app.get('/js/htmx.min.js', (_req, res) => res.sendFile(require.resolve('htmx.org/dist/htmx.min.js'), { maxAge: '1d' }));
  app.use(staffIpAllowList(config.staffIpAllowList)); // STAFF_IP_ALLOWLIST: staff pages only from the listed addresses
  // Bodies first: a request only counts against MAX_IN_FLIGHT once its body has arrived, so a client
  // that sends headers and then nothing (cut off by the server's request timeout) blocks no one.
  // 批量审核 and 批量打印 send one checkbox per application (at most 200), so their forms alone may carry more fields.
  app.use([paths.staffReviewBulk, paths.staffReviewPrint, paths.staffCounterPrint], express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 250 }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }));
  app.use(paths.staffImport, importUploadBody); // 数据导入: one spreadsheet of up to 50 MB, to a temporary file
  app.use(multipartBody); // any multipart body, with limits, so the one CSRF check below sees its token
  app.use(flow);
  app.use(opsRouter(c)); // /healthz and captcha images need no session
  // Two sessions that never meet: the applicant's (cookie tr.sid) everywhere but /staff, and the staff site's
  // own (cookie tr.staff, sent only to /staff). An applicant session never opens a staff page, nor the reverse.
  const applicantSession = sessionMiddleware({ db: c.db, findLive: c.repos.sessions.findLive, secret: config.sessionSecret, secure: config.cookieSecure, cleanup: config.env !== 'test' });
  const staffSession = sessionMiddleware({ db: c.db, findLive: c.repos.sessions.findLive, secret: config.sessionSecret, secure: config.cookieSecure, cleanup: false, name: 'tr.staff', path: STAFF_PREFIX });
  const applicant = loadAccount(c.services.accounts, c.clock, config.sessionIdleMinutes);
  const staffUser = loadStaff(c.services.staff, c.clock, config.sessionIdleMinutes);
  app.use((req, res, next) => (isStaffPath(req.path) ? staffSession : applicantSession)(req, res, next));
  app.use((req, res, next) => (isStaffPath(req.path) ? staffUser : applicant)(req, res, next));
  app.use(htmx);
  app.use((req, res, next) => {
    res.set('Cache-Control', 'no-store'); // personal pages must not sit in shared caches
    takeFlash(req, res);
    next();
  });
  // The names around a page (header, <title>) by the business it belongs to: one rule, web/pageBusiness.ts.
  app.use(pageFrame(config.siteName));
  app.use(csrf({ secret: config.sessionSecret, secure: config.cookieSecure }).protect); // every POST, whatever its encoding
  // The staff site first, and it lets anything but /staff pass at once: its pages skip the applicant routers' routes.
  app.use(staffRouter(c));
  const applicantGuard = [requireApplicant(c.services.accounts), requireRealname];
  // One mount line per journey: the engine serves its steps, abandon and receipt. First among the applicant routers:
  // the wizard is the busiest page, and Express tries each earlier router's routes on every request (issue 8).
  app.use(journeyRouter(registrationJourney, { base: paths.apply, deps: c.journeyDeps.registration, drafts: c.services.drafts, guard: applicantGuard, afterAbandon: paths.platform }));
  app.use(journeyRouter(certificationJourney, { base: paths.certify, deps: c.journeyDeps.certification, drafts: c.services.drafts, guard: applicantGuard, afterAbandon: paths.platform }));
  app.use(publicRouter(c));
  app.use(helpRouter(c)); // 办事指南, 网报时间查询, 常见问题 and the printable guide: no sign-in
  app.use(accountRouter(c));
  app.use(meRouter(c));
  app.use(certificationRecordsRouter(c)); // 教师资格认定's modules of the personal centre
  app.use(certificatesRouter(c));
  app.use(platformRouter(c));
  app.use(certifyRouter(c)); // 教师资格认定's 须知, step-3 cascade fragment and signature images
  app.use(certificateEntryRouter(c));
  app.use(applicationsRouter(c));
  app.use(formsRouter(c));
  app.use(certificationsRouter(c)); // 查询认定报名信息, its 申请表 and 上传材料
  app.use(certificationEditRouter(c)); // 修改认定报名信息 (网报待确认 only)
  if (config.env !== 'production') app.use(devRouter(c));

  app.use((_req, res) => renderPage(res, 'pages/errors/error', { title: '页面不存在', message: M.notFound }, 404));

  const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; code?: string };
    let status = e.status ?? e.statusCode ?? 500;
    let message: string = M.serverError;
    // A failed audit write keeps the driver's error as its cause: a full disk still answers as one.
    const storage = storageFaultOf(err) ?? (isAuditWriteError(err) ? storageFaultOf(err.cause) : null);
    const auditFailed = !storage && isAuditWriteError(err);
    if (storage) {
      // Disk full or read-only database: the transaction rolled back, reads still work; it passes without a restart.
      status = 503;
      message = storage === 'full' ? M.storageFull : M.storageReadOnly;
      console.error(`[storage] ${req.method} ${req.path}: ${describeError(err)}`);
    } else if (auditFailed) {
      // The action rolled back with its audit row: refused, not a crash (503: it may pass once the log is writable).
      status = 503;
      message = M.auditWriteFailed;
      console.error(`[audit] ${req.method} ${req.path}: ${describeError(err)}`);
    } else if (e.code === 'EBADCSRFTOKEN') message = M.csrf;
    else if (e.type === 'entity.too.large' || status === 413) message = M.tooLarge;
    else if (status >= 400 && status < 500) message = M.badRequest;
    else {
      status = 500;
      // The path without its query (a search by 证件号码 is a query) and the error redacted: never a body, never a value.
      console.error(`[error] ${req.method} ${req.path}: ${describeError(err, true)}`);
    }
    if (res.headersSent) return;
    // The error page never shows a stack; it may lack a session (body errors come before it).
    res.locals.csrfToken ??= '';
    res.locals.flash ??= [];
    if (storage) res.set('Retry-After', '60');
    renderPage(res, 'pages/errors/error', { title: storage || auditFailed ? '暂时无法保存' : '出错了', message }, status);
  };
  app.use(errorHandler);
  return app;
}
