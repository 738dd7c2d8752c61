import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow } from '../repositories/accounts';
import type { CertificatesRepo } from '../repositories/certificates';
import type { FilesRepo } from '../repositories/files';
import type { ManualCertificateInput } from '../domain/manualCertificate';
import { MANUAL_CERT_MESSAGES } from '../domain/manualCertificate';
import { fail, ok, Result } from '../domain/validation';
import { normaliseDocumentPhoto, NormalisedImage } from './images';
import { M } from '../messages';
import { auditTarget, AuditService } from './audit';
import sharp from 'sharp';

const MAX_CERT_PHOTO = 190 * 1024;

/** A certificate photo "JPG, 小于190KB": any decodable image, shrunk and re-encoded until it fits. */
export async function certificatePhoto(upload: Buffer): Promise<Result<NormalisedImage>> {
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
export function createManualCertificateService(deps: { db: Knex; certificates: CertificatesRepo; files: FilesRepo; audit: AuditService; clock: Clock }) {
  return {
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
