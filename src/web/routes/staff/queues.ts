import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { StaffRole } from '../../../domain/principal';
import { parseId, text } from '../../../domain/validation';
import { AUDIT_ACTOR_TYPES, AUDIT_PAGE_SIZE, parseAuditQuery } from '../../../domain/auditFilter';
import { AUDIT_ACTIONS } from '../../../services/audit';
import { M } from '../../../messages';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';
import { AUDIT_ACTION_LABELS, AUDIT_ACTOR_LABELS, auditRows } from '../../viewModels/audit';
import { csvRecord } from '../../../domain/csv';
import { localDateTime } from '../../../domain/dates';

/**
 * The 人工审核 queues (real-name requests with their ID photos; hand-added pre-2008 certificates with their
 * photos) and the audit log. Real-name requests: the system admin, and the bureau's reviewers when
 * REALNAME_REVIEWER=bureau; certificates: the system admin and the reviewers. A county instance has one
 * bureau and accounts belong to none, so these queues are the instance's. The audit log: the 审计管理员 alone
 * (三权分立), read-only; each page read and each export (CSV) writes its own audit row first.
 */
export function staffQueuesRouter(c: Container): Router {
  const router = Router();
  const { realname, manualCertificates, audit, reference } = c.services;
  const realnameRoles: StaffRole[] = c.config.realnameReviewer === 'bureau' ? ['system_admin', 'reviewer'] : ['system_admin'];
  const mayReviewRealname = requireRole(...realnameRoles);
  const mayVerifyCertificates = requireRole('system_admin', 'reviewer');
  const mayReadAudit = requireRole('audit_admin');
  const actor = staffOf;
  const ip = (req: Request) => req.ip ?? null;
  /** A malformed or unknown id (1e9999, -1, text) falls through to the 404 page. */
  const idOf = (req: Request) => parseId(String(req.params.id));
  const noStoreJpeg = (res: Response, data: Buffer) => res.set('Cache-Control', 'no-store').type('jpeg').send(data);

  // ---- 实名认证人工审核 ----
  router.get(paths.staffRealnameQueue, mayReviewRealname, async (_req, res) => {
    renderPage(res, 'pages/staff/realname-queue', { title: '实名认证人工审核', reviews: await realname.pendingReviews() });
  });

  async function showReview(req: Request, res: Response, next: NextFunction, data: Record<string, unknown> = {}, status = 200) {
    const id = idOf(req);
    const review = id === null ? undefined : await realname.findReview(id);
    if (!review) return next();
    renderPage(res, 'pages/staff/realname-review', { title: '实名认证人工审核', review, fieldOrder: ['reason'], values: {}, ...data }, status);
  }
  router.get('/staff/realname/:id', mayReviewRealname, (req, res, next) => showReview(req, res, next));

  router.get('/staff/realname/:id/photo/:side', mayReviewRealname, async (req, res, next) => {
    const id = idOf(req);
    const side = req.params.side === 'front' || req.params.side === 'back' ? req.params.side : null;
    const photo = id !== null && side ? await realname.reviewPhoto(id, side) : undefined;
    if (!photo) return next();
    noStoreJpeg(res, photo.data);
  });

  router.post('/staff/realname/:id/decision', mayReviewRealname, async (req, res, next) => {
    const id = idOf(req);
    if (id === null) return next();
    const decision = text(req.body, 'decision', 10);
    const reason = text(req.body, 'reason', 600);
    if (decision !== 'approve' && decision !== 'reject') return showReview(req, res, next, { values: { reason }, errors: { _form: M.queues.decision } }, 422);
    const review = await realname.findReview(id);
    if (!review) return next();
    const result = await realname.decideReview(actor(req), id, decision === 'approve', reason || null, ip(req));
    if (!result.ok) return showReview(req, res, next, { values: { reason }, errors: result.errors }, result.errors._form ? 409 : 422);
    flash(req, 'success', decision === 'approve' ? M.queues.reviewApproved(review.name) : M.queues.reviewRejected(review.current_name));
    res.redirect(303, paths.staffRealnameQueue);
  });

  // ---- 补录证书核验 ----
  router.get(paths.staffCertificateQueue, mayVerifyCertificates, async (_req, res) => {
    const name = await reference.namer(['qualification']);
    const certificates = (await manualCertificates.pending()).map((c) => ({ ...c, qualification: name('qualification', c.qualification_code) }));
    renderPage(res, 'pages/staff/certificate-queue', { title: '补录证书核验', certificates });
  });

  async function showCertificate(req: Request, res: Response, next: NextFunction, data: Record<string, unknown> = {}, status = 200) {
    const id = idOf(req);
    const certificate = id === null ? undefined : await manualCertificates.find(id);
    if (!certificate) return next();
    renderPage(res, 'pages/staff/certificate-review', {
      title: '补录证书核验', certificate, qualification: await reference.nameOf('qualification', certificate.qualification_code),
      province: certificate.province_code ? (await reference.provinces()).find((p) => p.code === certificate.province_code)?.name ?? certificate.province_code : '',
      fieldOrder: ['reason'], values: {}, ...data,
    }, status);
  }
  router.get('/staff/certificates/:id', mayVerifyCertificates, (req, res, next) => showCertificate(req, res, next));

  router.get('/staff/certificates/:id/photo/:which', mayVerifyCertificates, async (req, res, next) => {
    const id = idOf(req);
    const which = req.params.which === 'main' || req.params.which === 'extra' ? req.params.which : null;
    const photo = id !== null && which ? await manualCertificates.photo(id, which) : undefined;
    if (!photo) return next();
    noStoreJpeg(res, photo.data);
  });

  router.post('/staff/certificates/:id/decision', mayVerifyCertificates, async (req, res, next) => {
    const id = idOf(req);
    if (id === null) return next();
    const decision = text(req.body, 'decision', 10);
    const reason = text(req.body, 'reason', 600);
    if (decision !== 'verify' && decision !== 'reject') return showCertificate(req, res, next, { values: { reason }, errors: { _form: M.queues.decision } }, 422);
    const certificate = await manualCertificates.find(id);
    if (!certificate) return next();
    const result = await manualCertificates.decide(actor(req), id, decision === 'verify', reason || null, ip(req));
    if (!result.ok) return showCertificate(req, res, next, { values: { reason }, errors: result.errors }, result.errors._form ? 409 : 422);
    flash(req, 'success', decision === 'verify' ? M.queues.certificateVerified(certificate.cert_number) : M.queues.certificateRejected(certificate.cert_number));
    res.redirect(303, paths.staffCertificateQueue);
  });

  // ---- 审计日志 (read-only) ----
  const auditValues = (req: Request) => ({
    from: text(req.query, 'from', 10), to: text(req.query, 'to', 10), action: text(req.query, 'action', 60),
    actorType: text(req.query, 'actorType', 10), target: text(req.query, 'target', 100), page: text(req.query, 'page', 7),
  });
  const filterLink = (base: string, values: Record<string, string>) => {
    const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
    return params.size ? `${base}?${params.toString()}` : base;
  };

  router.get(paths.staffAudit, mayReadAudit, async (req, res) => {
    const values = auditValues(req);
    const { query, errors } = parseAuditQuery(values, AUDIT_ACTIONS, c.config.timeZone);
    const options = {
      actions: AUDIT_ACTIONS.map((a) => ({ code: a, name: `${AUDIT_ACTION_LABELS[a]}（${a}）` })),
      actorTypes: AUDIT_ACTOR_TYPES.map((t) => ({ code: t, name: AUDIT_ACTOR_LABELS[t] })),
    };
    const { page: _page, ...exportValues } = values;
    const common = { title: '审计日志', values, ...options, exportLink: filterLink(paths.staffAuditExport, exportValues), fieldOrder: ['from', 'to', 'action', 'actorType', 'target', 'page'] };
    if (Object.keys(errors).length) return renderPage(res, 'pages/staff/audit', { ...common, errors, rows: [], total: 0, page: 1, pages: 1, pageLink: () => paths.staffAudit }, 422);
    const { page: number, ...filter } = query;
    const result = await audit.browse(actor(req), { ...filter, page: number, pageSize: AUDIT_PAGE_SIZE }, ip(req));
    const pages = Math.max(1, Math.ceil(result.total / AUDIT_PAGE_SIZE));
    const pageLink = (n: number) => filterLink(paths.staffAudit, { ...values, page: String(n) });
    renderPage(res, 'pages/staff/audit', { ...common, rows: auditRows(result.rows), total: result.total, page: number, pages, pageLink });
  });

  // 导出审计日志: the rows the filter selects as CSV (UTF-8 with a BOM, so Excel reads the Chinese), audited first.
  router.get(paths.staffAuditExport, mayReadAudit, async (req, res) => {
    const values = auditValues(req);
    const { query, errors } = parseAuditQuery({ ...values, page: '' }, AUDIT_ACTIONS, c.config.timeZone);
    if (Object.keys(errors).length) {
      return renderPage(res, 'pages/errors/error', { title: '导出审计日志', message: `筛选条件有误：${Object.values(errors).join('；')}。请返回审计日志修改后再导出。` }, 400);
    }
    const { page: _page, ...filter } = query;
    const { rows } = await audit.exportRows(actor(req), filter, 'csv', ip(req));
    const lines = [csvRecord(['编号', '时间', '操作人类型', '操作人编号', '工作人员', '操作', '操作代码', '对象', '详情', 'IP 地址'])];
    for (const r of auditRows(rows)) lines.push(csvRecord([r.id, localDateTime(new Date(r.createdAt), c.config.timeZone), r.actorType, r.actorId, r.staff, r.action, r.actionCode, r.target, r.detail, r.ip]));
    const stamp = c.clock.now().toISOString().slice(0, 10);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="audit-log-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`审计日志-${stamp}.csv`)}`,
    }).send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  return router;
}
