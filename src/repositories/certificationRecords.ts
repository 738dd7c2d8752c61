import type { Knex } from 'knex';
import { idOf } from './ids';

export interface ProofRow {
  id: number; kind: 'exam' | 'ability'; proof_number: string; holder_name: string; qualification_code: string;
  subject_code: string | null; subject_name: string | null; school_name: string | null; issued_on: string; valid_until: string;
}
export interface PutonghuaResultRow { id: number; cert_number: string; holder_name: string; id_number_index: string; level: string; score: string; tested_on: string; issuer: string | null }
export interface PutonghuaCertificateRow { id: number; account_id: number; cert_number: string; level: string; score: string; tested_on: string; issuer: string | null; verify_status: 'verified' | 'unverified'; created_at: string }
export interface StudentStatusFields {
  school_name: string; major: string; level: string; study_form: string | null; student_number: string | null;
  enrolled_on: string; expected_graduation: string; status: string;
}
/** `source`: where the current 学籍 came from; `synced_at`: when 同步学籍 was used (kept when 补充数据 replaces a synced 学籍). */
export interface StudentStatusRow extends StudentStatusFields { id: number; account_id: number; source: 'synced' | 'manual'; synced_at: string | null; created_at: string }
export interface EducationRow { id: number; account_id: number; education_code: string; school_name: string; major: string; study_form: string; graduated_on: string; diploma_number: string; created_at: string }
export interface DegreeRow { id: number; account_id: number; degree: string; school_name: string; major: string; awarded_on: string; degree_number: string; created_at: string }
export interface OtherCertificateRow { id: number; account_id: number; cert_name: string; cert_number: string; level: string | null; issuer: string; issued_on: string; photo_file_id: number; created_at: string }

/** The tables an applicant keeps in the 认定 personal centre; every read and delete is by (id, account). */
export type OwnTable = 'putonghua_certificates' | 'education_certificates' | 'degree_certificates' | 'other_certificates';

/**
 * SQL of 教师资格认定's personal centre: the bureau's imported data looked up by ID number blind index (with the
 * holder's name) or 证书编号, and the applicant's own records, always within their account.
 */
export function createCertificationRecordsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    /** 考试合格证明 and 师范生教师职业能力证书 of a person: the ID number's blind index and the name must both match. */
    proofsOf: (idIndex: string, name: string): Promise<ProofRow[]> =>
      db('qualification_proofs').where({ id_number_index: idIndex, holder_name: name }).orderBy([{ column: 'kind', order: 'desc' }, { column: 'valid_until', order: 'desc' }])
        .select('id', 'kind', 'proof_number', 'holder_name', 'qualification_code', 'subject_code', 'subject_name', 'school_name', 'issued_on', 'valid_until'),
    putonghuaResult: (certNumber: string): Promise<PutonghuaResultRow | undefined> =>
      db('putonghua_results').where({ cert_number: certNumber }).first('id', 'cert_number', 'holder_name', 'id_number_index', 'level', 'score', 'tested_on', 'issuer'),
    /** The 学籍 verifier's data: a person's rows of the imported list, newest expected graduation first. */
    enrolmentsOf: (idIndex: string, name: string): Promise<StudentStatusFields[]> =>
      db('student_status_list').where({ id_number_index: idIndex, holder_name: name }).orderBy('expected_graduation', 'desc')
        .select('school_name', 'major', 'level', 'study_form', 'student_number', 'enrolled_on', 'expected_graduation', 'status'),

    putonghuaOf: (accountId: number): Promise<PutonghuaCertificateRow[]> => db('putonghua_certificates').where({ account_id: accountId }).orderBy('tested_on', 'desc'),
    putonghuaTaken: async (accountId: number, certNumber: string) => Boolean(await db('putonghua_certificates').where({ account_id: accountId, cert_number: certNumber }).first('id')),
    async addPutonghua(row: Omit<PutonghuaCertificateRow, 'id'>): Promise<number> {
      const [inserted] = await db('putonghua_certificates').insert(row).returning('id');
      return idOf(inserted);
    },

    studentStatusOf: (accountId: number): Promise<StudentStatusRow | undefined> => db('student_statuses').where({ account_id: accountId }).first(),
    /**
     * Writes the account's one 学籍 (insert or replace). 同步学籍 answers false once a sync happened (even if 补充数据
     * replaced its result since); 补充数据 always writes, keeping when the sync was.
     */
    async saveStudentStatus(accountId: number, source: 'synced' | 'manual', fields: StudentStatusFields, now: string): Promise<boolean> {
      return db.transaction(async (trx) => {
        const existing = await trx('student_statuses').where({ account_id: accountId }).first('id', 'synced_at');
        if (source === 'synced' && existing?.synced_at) return false;
        const synced = source === 'synced' ? { synced_at: now } : {};
        if (existing) await trx('student_statuses').where({ id: existing.id }).update({ ...fields, ...synced, source, created_at: now });
        else await trx('student_statuses').insert({ ...fields, ...synced, account_id: accountId, source, created_at: now });
        return true;
      });
    },

    educationOf: (accountId: number): Promise<EducationRow[]> => db('education_certificates').where({ account_id: accountId }).orderBy('graduated_on', 'desc'),
    degreesOf: (accountId: number): Promise<DegreeRow[]> => db('degree_certificates').where({ account_id: accountId }).orderBy('awarded_on', 'desc'),
    othersOf: (accountId: number): Promise<OtherCertificateRow[]> => db('other_certificates').where({ account_id: accountId }).orderBy('issued_on', 'desc'),
    otherOf: (accountId: number, id: number): Promise<OtherCertificateRow | undefined> => db('other_certificates').where({ account_id: accountId, id }).first(),
    async insertOwn(table: Exclude<OwnTable, 'putonghua_certificates'>, row: Record<string, unknown>, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await q(trx)(table).insert(row).returning('id');
      return idOf(inserted);
    },
    /** Removes one of the account's rows; answers whether there was one. */
    removeOwn: async (table: OwnTable, accountId: number, id: number): Promise<boolean> => (await db(table).where({ account_id: accountId, id }).delete()) === 1,
  };
}
export type CertificationRecordsRepo = ReturnType<typeof createCertificationRecordsRepo>;
