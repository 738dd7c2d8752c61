import type { Knex } from 'knex';

export interface CertificateRow {
  id: number; cert_number: string; holder_name: string; id_type: string; id_number: string; sex: string | null;
  issue_date: string; province_code: string | null; city_code: string | null; qualification_code: string;
  subject_code: string | null; subject_name: string | null; issuing_authority: string; source: 'synced' | 'manual';
  account_id: number | null; verify_status: string | null; restriction: string | null; created_at: string;
}
export interface RegistrationRecordRow {
  id: number; certificate_id: number; reg_type: string; conclusion: string; concluded_on: string; bureau_name: string;
  point_name: string | null; school_name: string | null; teaching_stage: string | null; teaching_subject: string | null;
}
export type RegistrationRecordView = RegistrationRecordRow & Pick<CertificateRow, 'cert_number' | 'qualification_code' | 'subject_name' | 'issuing_authority'>;

export function createCertificatesRepo(db: Knex) {
  return {
    /** Certificates whose holder ID number and name match (how the national system links them to an account). */
    ofHolder: (idNumber: string, name: string) =>
      db<CertificateRow>('certificates').where({ id_number: idNumber, holder_name: name }).orderBy('issue_date', 'desc'),
    findOfHolder: (id: number, idNumber: string, name: string) =>
      db<CertificateRow>('certificates').where({ id, id_number: idNumber, holder_name: name }).first(),
    async insertManual(row: Omit<CertificateRow, 'id'> & { photo_file_id: number; extra_photo_file_id: number | null }, trx: Knex.Transaction): Promise<number> {
      const [inserted] = await trx('certificates').insert(row).returning('id');
      return typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;
    },
    findById: (id: number) => db<CertificateRow>('certificates').where({ id }).first(),
    findByNumber: (certNumber: string) => db<CertificateRow>('certificates').where({ cert_number: certNumber }).first(),
    recordsOfHolder: (idNumber: string, name: string): Promise<RegistrationRecordView[]> =>
      db('registration_records as r')
        .join('certificates as c', 'c.id', 'r.certificate_id')
        .where({ 'c.id_number': idNumber, 'c.holder_name': name })
        .select('r.*', 'c.cert_number', 'c.qualification_code', 'c.subject_name', 'c.issuing_authority')
        .orderBy('r.concluded_on', 'asc'),
    findRecordOfHolder: (id: number, idNumber: string, name: string): Promise<RegistrationRecordView | undefined> =>
      db('registration_records as r')
        .join('certificates as c', 'c.id', 'r.certificate_id')
        .where({ 'r.id': id, 'c.id_number': idNumber, 'c.holder_name': name })
        .select('r.*', 'c.cert_number', 'c.qualification_code', 'c.subject_name', 'c.issuing_authority')
        .first(),
  };
}
export type CertificatesRepo = ReturnType<typeof createCertificatesRepo>;
