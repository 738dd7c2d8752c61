import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow } from '../repositories/accounts';
import type { FilesRepo } from '../repositories/files';
import type { CertificationRecordsRepo, OwnTable, StudentStatusFields } from '../repositories/certificationRecords';
import type { IdNumberSealer } from '../security/idNumbers';
import { localDate } from '../domain/dates';
import { isGraduatingStudent, needsPreviousEducation, proofValid, RECORD_MESSAGES } from '../domain/certificationRecords';
import { fail, ok, Result } from '../domain/validation';
import type { NormalisedImage } from './images';

/**
 * Where 同步学籍 reads a 学籍 (002 §3.1.2 ④: 学信网 on the national site). Pluggable: the default reads the 学籍
 * lists the bureau imported (`importedStudentStatusVerifier`); another source implements the same call.
 */
export interface StudentStatusVerifier {
  lookup(person: { idNumber: string; name: string }): Promise<StudentStatusFields | null>;
}

export function importedStudentStatusVerifier(repo: CertificationRecordsRepo, ids: IdNumberSealer, today: () => string): StudentStatusVerifier {
  return {
    async lookup({ idNumber, name }) {
      const rows = await repo.enrolmentsOf(ids.indexOf(idNumber), name);
      // The 学籍 of the current study (the latest expected graduation not yet past), else the latest.
      return rows.find((r) => r.expected_graduation >= today()) ?? rows[0] ?? null;
    },
  };
}

/** 教师资格认定's personal-centre modules (002 §2.2.2–2.2.6): the rules live in domain/certificationRecords.ts. */
export function createCertificationRecordsService(deps: {
  db: Knex; repo: CertificationRecordsRepo; files: FilesRepo; ids: IdNumberSealer; clock: Clock; timeZone: string; studentStatus: StudentStatusVerifier;
}) {
  const { repo, ids, clock } = deps;
  const now = () => clock.now().toISOString();
  const today = () => localDate(clock.now(), deps.timeZone);

  return {
    today,
    /** 教师资格考试信息: the bureau's 考试合格证明 and 能力证书 whose ID number and name are the account's, with validity. */
    async proofs(account: AccountRow) {
      const t = today();
      return (await repo.proofsOf(ids.indexOf(account.id_number), account.name)).map((p) => ({ ...p, valid: proofValid(p.valid_until, t) }));
    },

    putonghua: (account: AccountRow) => repo.putonghuaOf(account.id),
    /** ① 核验: the bureau's 普通话 data by 证书编号; its name and ID number must be the account's. */
    async verifyPutonghua(account: AccountRow, certNumber: string): Promise<Result<number>> {
      const found = await repo.putonghuaResult(certNumber);
      if (!found || found.holder_name !== account.name || found.id_number_index !== ids.indexOf(account.id_number)) return fail({ certNumber: RECORD_MESSAGES.putonghuaNotFound });
      if (await repo.putonghuaTaken(account.id, certNumber)) return fail({ certNumber: RECORD_MESSAGES.putonghuaTaken });
      return ok(await repo.addPutonghua({
        account_id: account.id, cert_number: found.cert_number, level: found.level, score: found.score, tested_on: found.tested_on,
        issuer: found.issuer, verify_status: 'verified', created_at: now(),
      }));
    },
    /** ② 录入: kept 未核验 (checked by hand at the counter; a manual check does not change 核验状态). */
    async enterPutonghua(account: AccountRow, input: { certNumber: string; level: string; score: string; testedOn: string; issuer: string }): Promise<Result<number>> {
      if (await repo.putonghuaTaken(account.id, input.certNumber)) return fail({ certNumber: RECORD_MESSAGES.putonghuaTaken });
      return ok(await repo.addPutonghua({
        account_id: account.id, cert_number: input.certNumber, level: input.level, score: input.score, tested_on: input.testedOn,
        issuer: input.issuer || null, verify_status: 'unverified', created_at: now(),
      }));
    },

    /** 学历学籍信息: the 学籍 (if any), the 学历证书, and whether this person is an 应届毕业生 (no 学历/学位 needed). */
    async education(account: AccountRow) {
      const [status, certificates] = await Promise.all([repo.studentStatusOf(account.id), repo.educationOf(account.id)]);
      return { status: status ?? null, certificates, graduating: isGraduatingStudent(status, today()), needsPrevious: needsPreviousEducation(status) };
    },
    /** 同步学籍: once only (002: 学籍同步后，学籍信息将无法再次同步); what the verifier finds becomes the account's 学籍. */
    async syncStudentStatus(account: AccountRow): Promise<Result<void>> {
      const existing = await repo.studentStatusOf(account.id);
      if (existing?.synced_at) return fail({ _form: RECORD_MESSAGES.studentSynced });
      const found = await deps.studentStatus.lookup({ idNumber: account.id_number, name: account.name });
      if (!found) return fail({ _form: RECORD_MESSAGES.studentNotFound });
      return (await repo.saveStudentStatus(account.id, 'synced', found, now())) ? ok(undefined) : fail({ _form: RECORD_MESSAGES.studentSynced });
    },
    /**
     * 补充数据: a 学籍 typed by hand, replacing the one there — a synced one too, when it is not what the applicant expected
     * (002 §3.1.2 ④); 同步学籍 stays used up.
     */
    async supplementStudentStatus(account: AccountRow, fields: StudentStatusFields): Promise<void> {
      await repo.saveStudentStatus(account.id, 'manual', fields, now());
    },
    addEducation: (account: AccountRow, row: { education_code: string; school_name: string; major: string; study_form: string; graduated_on: string; diploma_number: string }) =>
      repo.insertOwn('education_certificates', { ...row, account_id: account.id, created_at: now() }),

    degrees: (account: AccountRow) => repo.degreesOf(account.id),
    addDegree: (account: AccountRow, row: { degree: string; school_name: string; major: string; awarded_on: string; degree_number: string }) =>
      repo.insertOwn('degree_certificates', { ...row, account_id: account.id, created_at: now() }),

    others: (account: AccountRow) => repo.othersOf(account.id),
    /** 其他证书: the row and its image (decoded and re-encoded by the caller) in one transaction. */
    addOther(account: AccountRow, row: { cert_name: string; cert_number: string; level: string | null; issuer: string; issued_on: string }, image: NormalisedImage) {
      return deps.db.transaction(async (trx) => {
        const fileId = await deps.files.insert({ kind: 'certificate', mime: image.mime, size: image.data.length, width: image.width, height: image.height, data: image.data, account_id: account.id, created_at: now() }, trx);
        return repo.insertOwn('other_certificates', { ...row, photo_file_id: fileId, account_id: account.id, created_at: now() }, trx);
      });
    },
    /** The image of one of the account's 其他证书 (undefined: not theirs). */
    async otherImage(account: AccountRow, id: number) {
      const row = await repo.otherOf(account.id, id);
      return row ? deps.files.findForAccount(row.photo_file_id, account.id) : undefined;
    },

    /** 删除 of one of the account's own rows (an unreferenced image is purged later by housekeeping). */
    remove: (account: AccountRow, table: OwnTable, id: number) => repo.removeOwn(table, account.id, id),
  };
}
export type CertificationRecordsService = ReturnType<typeof createCertificationRecordsService>;
