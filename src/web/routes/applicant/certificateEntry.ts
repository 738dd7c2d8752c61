import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import { localDate } from '../../../domain/dates';
import { MANUAL_CERT_MESSAGES, parseManualCertificate } from '../../../domain/manualCertificate';
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

  async function showForm(res: Response, values: Record<string, string>, errors: FieldErrors = {}, status = 200) {
    renderPage(res, 'pages/apply/certificate-form', { title: '教师资格证书信息', values, errors, fieldOrder: FIELDS, ...(await lists()) }, status);
  }

  router.get(paths.certificateNew, ...guard, (_req, res) => renderPage(res, 'pages/apply/certificate-help', { title: '教师资格证添加说明', synced: MANUAL_CERT_MESSAGES.synced }));
  router.get(paths.certificateNewForm, ...guard, (req, res) => showForm(res, { holderName: me(req).name, idNumber: me(req).id_number }));
  router.post(paths.certificateNewForm, ...guard, async (req, res) => {
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
    if (!photoUpload && !errors.photo && !Object.keys(refused).length) errors.photo = MANUAL_CERT_MESSAGES.photo;
    const photo = photoUpload && !errors.photo ? await certificatePhoto(photoUpload) : null;
    const extra = extraUpload ? await certificatePhoto(extraUpload) : null;
    if (photo && !photo.ok) errors.photo = photo.errors.file;
    if (extra && !extra.ok) errors.extraPhoto = extra.errors.file;
    if (Object.keys(errors).length || !photo?.ok || (extra && !extra.ok)) return showForm(res, values, errors, 422);
    const subjectName = l.subjects.find((s) => s.code === input.subjectCode && s.code !== 'NONE')?.name ?? null;
    const result = await c.services.manualCertificates.add(account, input, photo.value, extra?.ok ? extra.value : null, subjectName, req.ip ?? null);
    if (!result.ok) return showForm(res, values, result.errors, 409);
    flash(req, 'success', '证书信息已添加，供后台人工核验。请携带证书原件进行现场确认。');
    res.redirect(303, paths.applyStep(3));
  });
  return router;
}
