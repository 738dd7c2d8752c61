import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { localDate } from '../../../domain/dates';
import { MANUAL_CERT_CHANGE_MESSAGES, MANUAL_CERT_MESSAGES, parseManualCertificate } from '../../../domain/manualCertificate';
import { parseId } from '../../../domain/validation';
import type { CertificateRow } from '../../../repositories/certificates';
import type { FieldErrors } from '../../../domain/validation';
import { certificatePhoto } from '../../../services/manualCertificates';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireApplicant, requireRealname } from '../../middleware/auth';
import { uploadErrors, uploadedFile } from '../../middleware/upload';

const FIELDS = ['holderName', 'idNumber', 'certNumber', 'issueDate', 'provinceCode', 'cityName', 'qualificationCode', 'subjectCode', 'authority', 'photo', 'extraPhoto'];

/** 添加教师资格证书信息 (from step 3): first the 添加说明, then the form with the certificate photos. */
export function certificateEntryRouter(c: Container): Router {
  const router = Router();
  const guard = [requireApplicant(c.services.accounts), requireRealname];
  const me = (req: Request) => req.account as AccountRow;

  async function lists() {
    const { reference } = c.services;
    const subjects = await reference.list('subject');
    return {
      provinces: await reference.provinces(),
      qualifications: (await reference.list('qualification')).filter((q) => q.code !== '7'),
      subjects: [{ code: 'NONE', name: '无', parent_code: null }, ...subjects],
    };
  }

  async function showForm(res: Response, values: Record<string, string>, errors: FieldErrors = {}, status = 200, extra: Record<string, unknown> = {}) {
    renderPage(res, 'pages/apply/certificate-form', { title: '教师资格证书信息', values, errors, fieldOrder: FIELDS, ...(await lists()), ...extra }, status);
  }

  /** The form as typed: the rules of 添加, the photos read (optional when correcting), errors by field. */
  async function readForm(req: Request, photoRequired: boolean) {
    const account = me(req);
    const l = await lists();
    const { input, errors } = parseManualCertificate(req.body, {
      account: { name: account.name, idNumber: account.id_number }, provinces: l.provinces.map((p) => p.code),
      qualifications: l.qualifications.map((q) => q.code), subjects: l.subjects.map((s) => s.code), today: localDate(c.clock.now(), c.config.timeZone),
    });
    const values = { ...input } as unknown as Record<string, string>;
    // A refused part stopped the reading, so a missing file then is not the teacher's omission.
    const refused = uploadErrors(req);
    Object.assign(errors, refused);
    const photoUpload = uploadedFile(req, 'photo');
    const extraUpload = uploadedFile(req, 'extraPhoto');
    if (photoRequired && !photoUpload && !errors.photo && !Object.keys(refused).length) errors.photo = MANUAL_CERT_MESSAGES.photo;
    const photo = photoUpload && !errors.photo ? await certificatePhoto(photoUpload) : null;
    const extra = extraUpload ? await certificatePhoto(extraUpload) : null;
    if (photo && !photo.ok) errors.photo = photo.errors.file;
    if (extra && !extra.ok) errors.extraPhoto = extra.errors.file;
    const subjectName = l.subjects.find((s) => s.code === input.subjectCode && s.code !== 'NONE')?.name ?? null;
    return { input, values, errors, subjectName, photo: photo?.ok ? photo.value : null, extra: extra?.ok ? extra.value : null };
  }

  const valuesOf = (cert: CertificateRow, account: AccountRow): Record<string, string> => ({
    holderName: account.name, idNumber: account.id_number, certNumber: cert.cert_number, issueDate: cert.issue_date, provinceCode: cert.province_code ?? '',
    cityName: '', qualificationCode: cert.qualification_code, subjectCode: cert.subject_code ?? 'NONE', authority: cert.issuing_authority,
  });

  /** :id as the owner's hand-added certificate still theirs to change; otherwise 404 (not theirs) or back with why. */
  async function changeableOr(req: Request, res: Response): Promise<CertificateRow | null> {
    const id = parseId(req.params.id);
    const found = id ? await c.services.manualCertificates.ownForChange(me(req), id) : null;
    if (!found) {
      res.status(404);
      renderPage(res, 'pages/errors/error', { title: '未找到', message: MANUAL_CERT_CHANGE_MESSAGES.notFound }, 404);
      return null;
    }
    if (!found.changeable) {
      flash(req, 'error', MANUAL_CERT_CHANGE_MESSAGES.used);
      res.redirect(303, paths.meCertificates);
      return null;
    }
    return found.cert;
  }
  const editView = (cert: CertificateRow) => ({ editing: true, formAction: paths.meCertificateEdit(cert.id), cancelHref: paths.meCertificates });

  router.get(paths.certificateNew, ...guard, (_req, res) => renderPage(res, 'pages/apply/certificate-help', { title: '教师资格证添加说明', synced: MANUAL_CERT_MESSAGES.synced }));
  router.get(paths.certificateNewForm, ...guard, (req, res) => showForm(res, { holderName: me(req).name, idNumber: me(req).id_number }));
  router.post(paths.certificateNewForm, ...guard, async (req, res) => {
    const form = await readForm(req, true);
    if (Object.keys(form.errors).length || !form.photo) return showForm(res, form.values, form.errors, 422);
    const result = await c.services.manualCertificates.add(me(req), form.input, form.photo, form.extra, form.subjectName, req.ip ?? null);
    if (!result.ok) return showForm(res, form.values, result.errors, 409);
    flash(req, 'success', '证书信息已添加，供后台人工核验。请携带证书原件进行现场确认。');
    res.redirect(303, paths.applyStep(3));
  });

  // ---- 修改 and 删除 of a hand-added certificate (000 step 3 shows 修改 on its row), until an application holds it ----
  router.get('/me/certificates/:id/edit', ...guard, async (req, res) => {
    const cert = await changeableOr(req, res);
    if (cert) await showForm(res, valuesOf(cert, me(req)), {}, 200, editView(cert));
  });
  router.post('/me/certificates/:id/edit', ...guard, async (req, res) => {
    const cert = await changeableOr(req, res);
    if (!cert) return;
    const form = await readForm(req, false);
    if (Object.keys(form.errors).length) return showForm(res, form.values, form.errors, 422, editView(cert));
    const result = await c.services.manualCertificates.correct(me(req), cert.id, form.input, form.photo, form.extra, form.subjectName, req.ip ?? null);
    if (!result.ok) return showForm(res, form.values, result.errors, 409, editView(cert));
    flash(req, 'success', '证书信息已修改，将重新进行人工核验。');
    res.redirect(303, paths.meCertificate(cert.id));
  });
  router.get('/me/certificates/:id/delete', ...guard, async (req, res) => {
    const cert = await changeableOr(req, res);
    if (cert) renderPage(res, 'pages/me/certificate-delete', { title: '删除教师资格证书信息', cert });
  });
  router.post('/me/certificates/:id/delete', ...guard, async (req, res) => {
    const cert = await changeableOr(req, res);
    if (!cert) return;
    const result = await c.services.manualCertificates.remove(me(req), cert.id, req.ip ?? null);
    flash(req, result.ok ? 'success' : 'error', result.ok ? '证书信息已删除' : (result.errors._form ?? MANUAL_CERT_CHANGE_MESSAGES.used));
    res.redirect(303, paths.meCertificates);
  });
  return router;
}
