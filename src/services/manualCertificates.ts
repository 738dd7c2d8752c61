import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow } from '../repositories/accounts';
import type { CertificatesRepo } from '../repositories/certificates';
import type { FilesRepo } from '../repositories/files';
import type { ManualCertificateInput } from '../domain/manualCertificate';
import { MANUAL_CERT_CHANGE_MESSAGES, MANUAL_CERT_MESSAGES, manualCertificateChangeable } from '../domain/manualCertificate';
import { fail, ok, Result } from '../domain/validation';
import { normaliseDocumentPhoto, ImageInput, NormalisedImage } from './images';
import { M } from '../messages';
import { auditTarget, Actor, AuditService } from './audit';
import sharp from 'sharp';
import type { AccountNotices } from './accountNotices';

const MAX_CERT_PHOTO = 190 * 1024;

/** A certificate photo "JPG, 小于190KB": any decodable image, shrunk and re-encoded until it fits. */
export async function certificatePhoto(upload: ImageInput): Promise<Result<NormalisedImage>> {
  const first = await normaliseDocumentPhoto(upload, 1400);
  if (!first.ok) return first;
  let image = first.value;
  for (const [side, quality] of [[1400, 70], [1100, 65], [900, 60], [700, 55]] as const) {
    if (image.data.length < MAX_CERT_PHOTO) return ok(image);
    const { data, info } = await sharp(first.value.data).resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).jpeg({ quality, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    image = { data, width: info.width, height: info.height, mime: 'image/jpeg' };
  }
  return image.data.length < MAX_CERT_PHOTO ? ok(image) : fail({ file: M.upload.tooLarge(0.19) });
}

/**
 * 添加教师资格证书信息: stores a pre-2008 certificate with its photos, pending manual verification, and its
 * audit row (by the applicant who added it, on the certificate) in the same transaction.
 */
export function createManualCertificateService(deps: { db: Knex; certificates: CertificatesRepo; files: FilesRepo; audit: AuditService; clock: Clock; notices?: AccountNotices }) {
  return {
    /** The verification queue and one hand-added certificate (who may see them is the route's `requireRole`). */
    pending: () => deps.certificates.pendingManual(),
    find: (id: number) => deps.certificates.findManual(id),
    /** One of its two photos ('main': the certificate's page, 'extra': the optional second one). */
    async photo(id: number, which: 'main' | 'extra') {
      const cert = await deps.certificates.findManual(id);
      const fileId = cert && (which === 'main' ? cert.photo_file_id : cert.extra_photo_file_id);
      return cert && fileId && cert.account_id ? deps.files.findForAccount(fileId, cert.account_id) : undefined;
    },

    /**
     * Verify (it then counts like a synced one: 证书查询, the wizard) or reject with a reason the applicant
     * reads. The answer and its audit row (by the acting staff user, on the certificate) commit together;
     * only a pending certificate is decided, so two reviewers at once change it once.
     */
    async decide(actor: Actor, id: number, verify: boolean, reason: string | null, ip: string | null): Promise<Result<void>> {
      const note = reason?.trim() || null;
      if (!verify && !note) return fail({ reason: M.queues.reasonRequired });
      if (note && [...note].length > 200) return fail({ reason: M.queues.reasonTooLong(200) });
      const cert = await deps.certificates.findManual(id);
      if (!cert || cert.verify_status !== 'pending') return fail({ _form: M.queues.certificateDecided });
      const now = deps.clock.now().toISOString();
      const done = await deps.db.transaction(async (trx) => {
        const changed = await deps.certificates.decideManual(id, { verify_status: verify ? 'verified' : 'rejected', verify_note: verify ? null : note, verified_at: now }, trx);
        if (changed !== 1) return false;
        await deps.audit.record(actor, verify ? 'certificate.verified' : 'certificate.rejected', {
          target: auditTarget.certificate(cert.cert_number), ip, detail: verify ? null : { reason: note },
        }, trx);
        return true;
      });
      if (!done) return fail({ _form: M.queues.certificateDecided });
      if (cert.account_id) {
        await deps.notices?.tell(cert.account_id, `您添加的教师资格证书（${cert.cert_number}）人工核验${verify ? '已通过' : '未通过'}，请登录系统在“教师资格证书信息”中查看。`, '证书核验结果', `certificate ${cert.cert_number}`);
      }
      return ok(undefined);
    },

    /** Which of these certificates (the account's) may still be corrected or removed by their owner. */
    async changeable(certs: { id: number; source: string }[]): Promise<Set<number>> {
      const manual = certs.filter((c) => c.source === 'manual');
      const used = await deps.certificates.usedIds(manual.map((c) => c.id));
      return new Set(manual.filter((c) => manualCertificateChangeable(c, used.has(c.id))).map((c) => c.id));
    },
    /** The owner's hand-added certificate and whether it is still theirs to change. */
    async ownForChange(account: AccountRow, id: number) {
      const cert = await deps.certificates.findOwnManual(id, account.id);
      if (!cert) return null;
      return { cert, changeable: manualCertificateChangeable(cert, (await deps.certificates.usedIds([id])).has(id)) };
    },

    /**
     * 修改 (the owner's correction): new facts, new photos if given (else the old ones stay), back to pending
     * verification — a verified or rejected answer was about the old facts. Checked for use inside the
     * transaction, with the audit row by the applicant, as 添加 is.
     */
    async correct(account: AccountRow, id: number, input: ManualCertificateInput, photo: NormalisedImage | null, extra: NormalisedImage | null, subjectName: string | null, ip: string | null): Promise<Result<void>> {
      const other = await deps.certificates.findByNumber(input.certNumber);
      if (other && other.id !== id) return fail({ certNumber: MANUAL_CERT_MESSAGES.exists });
      const now = deps.clock.now().toISOString();
      const outcome = await deps.db.transaction(async (trx): Promise<Result<void>> => {
        const cert = await deps.certificates.findOwnManual(id, account.id, trx);
        if (!cert) return fail({ _form: MANUAL_CERT_CHANGE_MESSAGES.notFound });
        if ((await deps.certificates.usedIds([id], trx)).has(id)) return fail({ _form: MANUAL_CERT_CHANGE_MESSAGES.used });
        const file = (img: NormalisedImage) => deps.files.insert({ kind: 'certificate', mime: img.mime, size: img.data.length, width: img.width, height: img.height, data: img.data, account_id: account.id, created_at: now }, trx);
        await deps.certificates.updateManual(id, {
          cert_number: input.certNumber, issue_date: input.issueDate, province_code: input.provinceCode, qualification_code: input.qualificationCode,
          subject_code: input.subjectCode === 'NONE' ? null : input.subjectCode, subject_name: subjectName, issuing_authority: input.authority,
          verify_status: 'pending', verify_note: null, verified_at: null,
          ...(photo ? { photo_file_id: await file(photo) } : {}), ...(extra ? { extra_photo_file_id: await file(extra) } : {}),
        }, trx);
        await deps.audit.record({ kind: 'applicant', accountId: account.id }, 'certificate.manual-edit', {
          target: auditTarget.certificate(input.certNumber), ip, detail: cert.cert_number !== input.certNumber ? { previousNumber: cert.cert_number } : null,
        }, trx);
        return ok(undefined);
      });
      return outcome;
    },

    /** 删除: the owner's hand-added certificate, while nothing holds it (its photos go with housekeeping). */
    async remove(account: AccountRow, id: number, ip: string | null): Promise<Result<void>> {
      return deps.db.transaction(async (trx): Promise<Result<void>> => {
        const cert = await deps.certificates.findOwnManual(id, account.id, trx);
        if (!cert) return fail({ _form: MANUAL_CERT_CHANGE_MESSAGES.notFound });
        if ((await deps.certificates.usedIds([id], trx)).has(id)) return fail({ _form: MANUAL_CERT_CHANGE_MESSAGES.used });
        await deps.certificates.deleteManual(id, trx);
        await deps.audit.record({ kind: 'applicant', accountId: account.id }, 'certificate.manual-delete', { target: auditTarget.certificate(cert.cert_number), ip }, trx);
        return ok(undefined);
      });
    },

    async add(account: AccountRow, input: ManualCertificateInput, photo: NormalisedImage, extra: NormalisedImage | null, subjectName: string | null, ip: string | null): Promise<Result<number>> {
      if (await deps.certificates.findByNumber(input.certNumber)) return fail({ certNumber: MANUAL_CERT_MESSAGES.exists });
      const now = deps.clock.now().toISOString();
      let duplicate = false;
      const id = await deps.db.transaction(async (trx) => {
        const file = (img: NormalisedImage, kind: string) => deps.files.insert({ kind, mime: img.mime, size: img.data.length, width: img.width, height: img.height, data: img.data, account_id: account.id, created_at: now }, trx);
        const photoId = await file(photo, 'certificate');
        const extraId = extra ? await file(extra, 'certificate') : null;
        const certificateId = await deps.certificates.insertManual({
          cert_number: input.certNumber, holder_name: account.name, id_type: account.id_type, id_number: account.id_number, sex: account.sex,
          issue_date: input.issueDate, province_code: input.provinceCode, city_code: null, qualification_code: input.qualificationCode,
          subject_code: input.subjectCode === 'NONE' ? null : input.subjectCode, subject_name: subjectName, issuing_authority: input.authority,
          source: 'manual', account_id: account.id, verify_status: 'pending', restriction: null, created_at: now,
          photo_file_id: photoId, extra_photo_file_id: extraId,
        }, trx).catch((err: unknown) => {
          // The same number added at the same moment: the unique index decides (only this insert's error).
          duplicate = /unique|duplicate/i.test(String(err));
          throw err;
        });
        await deps.audit.record({ kind: 'applicant', accountId: account.id }, 'certificate.manual-add', { target: auditTarget.certificate(input.certNumber), ip }, trx);
        return certificateId;
      }).catch((err: unknown) => {
        if (duplicate) return null;
        throw err;
      });
      return id === null ? fail({ certNumber: MANUAL_CERT_MESSAGES.exists }) : ok(id);
    },
  };
}
export type ManualCertificateService = ReturnType<typeof createManualCertificateService>;
