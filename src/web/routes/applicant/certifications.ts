import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { parseId, text } from '../../../domain/validation';
import { CERTIFICATION_STATUS_EXPLANATIONS } from '../../../domain/certification/statuses';
import { certificationEditable, findingLine } from '../../../domain/certification/applicantView';
import { MATERIAL_MAX_BYTES, MATERIAL_MESSAGES } from '../../../domain/certification/materialPdf';
import { sendCertificationPdf } from '../../applicationPdf';
import { FORM_MESSAGES } from '../../../pdf/messages';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireApplicant } from '../../middleware/auth';
import { certificationOf, ownCertification } from '../../middleware/ownCertification';
import { uploadedBytes, uploadedFileName, uploadError } from '../../middleware/upload';
import { certificationDetail, certificationListRows } from '../../viewModels/certifications';
import { sendMaterial, sendPrivateFile } from '../../privateFiles';

/**
 * 查询认定报名信息 (seed 002 §3.2) and what follows it: 注意事项, 详情 (with the photo and the signed 个人承诺书),
 * 有留言, 申请表预览 and its PDF, 上传材料 (全程网办). 修改 is certificationEdit.ts (paths.certificationEdit). Only the owner
 * ever sees an application; another account's number, or a 定期注册 one, is the same 404 as one that does not exist.
 */
export function certificationsRouter(c: Container): Router {
  const router = Router();
  const { certifications, certificationForms, accounts, places, forms } = c.services;
  const signedIn = requireApplicant(accounts);
  const me = (req: Request) => req.account as AccountRow;

  const own = ownCertification(certifications);
  const app = certificationOf;

  router.get(paths.certifications, signedIn, async (req, res) => {
    const list = await certifications.ofAccount(me(req).id);
    const ids = list.map((a) => a.id);
    const [messages, uploads] = await Promise.all([certifications.messageCounts(ids), certifications.uploadCounts(ids)]);
    const rows = await certificationListRows(list, {
      messages, uploads,
      bureau: (id) => certifications.bureau(id),
      finding: async (a) => {
        const found = await certifications.finding(a);
        return found ? findingLine(found) : null;
      },
    });
    renderPage(res, 'pages/certifications/index', { title: '查询认定报名信息', rows, explanations: CERTIFICATION_STATUS_EXPLANATIONS });
  });

  router.get('/certifications/:no', signedIn, own, async (req, res) => {
    const application = app(req);
    renderPage(res, 'pages/certifications/show', {
      title: '认定报名信息详情', ...certificationDetail(application),
      finding: await certifications.finding(application), uploads: await certifications.uploads(application),
      bureau: await certifications.bureau(application.bureau_id), events: await c.services.applications.events(application.id),
      editable: certificationEditable(application.status),
    });
  });

  router.get('/certifications/:no/notes', signedIn, own, async (req, res) => {
    const { point, confirmWindow } = await places.confirmationDetails(app(req));
    const bureau = await certifications.bureau(app(req).bureau_id);
    renderPage(res, 'pages/certifications/notes', { title: '注意事项', application: app(req), bureau, point, confirmWindow, notes: bureau?.notes ?? [] });
  });

  router.get('/certifications/:no/messages', signedIn, own, async (req, res) => {
    renderPage(res, 'pages/certifications/messages', { title: '查看留言信息', application: app(req), messages: await certifications.readMessages(app(req)) });
  });

  // The owner's photo and signed 个人承诺书 (staff read them through their own routes, in scope).
  router.get('/certifications/:no/photo', signedIn, own, async (req, res, next) => sendPrivateFile(res, next, await certifications.photo(app(req))));
  router.get('/certifications/:no/signature', signedIn, own, async (req, res, next) => sendPrivateFile(res, next, await certifications.signature(app(req))));

  // ---- 申请表预览 and the PDF (closed after the plan's confirmation end, as 定期注册's) ----------------------------
  async function open(req: Request, res: Response, next: NextFunction) {
    const window = await forms.downloadWindow(app(req));
    if (window.open) return next();
    renderPage(res, 'pages/errors/error', { title: '申请表下载已关闭', message: `${FORM_MESSAGES.closed}。${FORM_MESSAGES.closedAt(window.closedAt ?? '')}` }, 410);
  }

  router.get('/certifications/:no/form', signedIn, own, open, async (req, res) => {
    const no = app(req).application_no;
    const html = await certificationForms.previewHtml(app(req), { pdf: paths.certificationFormPdf(no), back: paths.certifications },
      { photo: paths.certificationPhoto(no), signature: paths.certificationSignature(no) });
    res.type('html').send(html);
  });

  router.get('/certifications/:no/form.pdf', signedIn, own, open, (req, res) => sendCertificationPdf(res, certificationForms, app(req)));

  // ---- 上传材料 (全程网办, 002 §3.2.5) ----------------------------------------------------------------------
  async function showUploads(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const application = app(req);
    const bureau = await certifications.bureau(application.bureau_id);
    if (!bureau?.materials.length) {
      flash(req, 'info', MATERIAL_MESSAGES.notOnline);
      return res.redirect(303, paths.certifications);
    }
    const uploads = await certifications.uploads(application);
    renderPage(res, 'pages/certifications/uploads', {
      title: '上传材料', application, bureau, uploads, editable: certificationEditable(application.status), maxBytes: MATERIAL_MAX_BYTES,
      items: bureau.materials.map((item) => ({ item, upload: uploads.find((u) => u.item === item) ?? null })),
      values: { item: text(req.query, 'item', 100) }, fieldOrder: ['item', 'material'], ...extra,
    }, status);
  }

  router.get('/certifications/:no/uploads', signedIn, own, (req, res) => showUploads(req, res));

  router.post('/certifications/:no/uploads', signedIn, own, async (req, res) => {
    const item = text(req.body, 'item', 100);
    // Multer's own limit (8 MB for every upload) speaks of images: a 上传材料 too large is told 002's rule instead.
    const refused = uploadError(req, 'material') ? MATERIAL_MESSAGES.tooLarge : null;
    if (req.uploadErrors) delete req.uploadErrors.material;
    const result = await certifications.upload(me(req), app(req), { item, file: await uploadedBytes(req, 'material'), fileName: uploadedFileName(req, 'material') ?? '', refused }, req.ip ?? null);
    if (!result.ok) return showUploads(req, res, { errors: result.errors, values: { item } }, 422);
    flash(req, 'success', MATERIAL_MESSAGES.uploaded(result.value.item));
    res.redirect(303, paths.certificationUploads(app(req).application_no));
  });

  router.get('/certifications/:no/uploads/:id', signedIn, own, async (req, res, next) => {
    const id = parseId(req.params.id);
    const found = id ? await certifications.uploadFile(app(req), id) : null;
    if (!found) return next();
    sendMaterial(res, found.upload.file_name, found.data);
  });

  router.post('/certifications/:no/uploads/:id/delete', signedIn, own, async (req, res) => {
    const id = parseId(req.params.id);
    const result = id ? await certifications.removeUpload(me(req), app(req), id, req.ip ?? null) : null;
    if (!result?.ok) {
      flash(req, 'error', result && !result.ok ? (result.errors._form ?? MATERIAL_MESSAGES.closed) : '未找到该材料，可能已删除');
    } else {
      flash(req, 'success', MATERIAL_MESSAGES.deleted(result.value.item));
    }
    res.redirect(303, paths.certificationUploads(app(req).application_no));
  });

  return router;
}
