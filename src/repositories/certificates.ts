import type { Knex } from 'knex';
import { rows } from '../db/knex';
import { idOf } from './ids';
import { PROTECTION_PURPOSES } from '../security/dataProtector';
import type { PersonalData } from '../security/personalData';

export interface CertificateRow {
  id: number; cert_number: string; holder_name: string; id_type: string; id_number: string; sex: string | null;
  issue_date: string; province_code: string | null; city_code: string | null; qualification_code: string;
  subject_code: string | null; subject_name: string | null; issuing_authority: string; source: 'synced' | 'manual';
  account_id: number | null; verify_status: string | null; restriction: string | null; created_at: string;
  /** A hand-added certificate's answer: the reason it was rejected, and when it was decided. */
  verify_note?: string | null; verified_at?: string | null;
}
/** A hand-added certificate in the verification queue: its photos and the account that added it. */
export interface ManualCertificateView extends CertificateRow {
  photo_file_id: number | null; extra_photo_file_id: number | null; account_name: string | null;
}
export interface RegistrationRecordRow {
  id: number; certificate_id: number; reg_type: string; conclusion: string; concluded_on: string; bureau_name: string;
  point_name: string | null; school_name: string | null; teaching_stage: string | null; teaching_subject: string | null;
  /** The application whose conclusion wrote it (null for imported or older records). */
  application_id?: number | null;
}
export type RegistrationRecordView = RegistrationRecordRow & Pick<CertificateRow, 'cert_number' | 'qualification_code' | 'subject_name' | 'issuing_authority'>;

/**
 * The certificates of the account whose (证件号码, 姓名) these are: those linked to it (account_id, which
 * survives an approved change of name), and those not linked to anyone yet whose holder matches (how the
 * national system finds them, and how a newly synced certificate is found before it is linked).
 * Callers keep passing (idNumber, name), so the registration wizard needs no change.
 */
function holderOf(db: Knex, indexes: string[], name: string) {
  return (q: Knex.QueryBuilder) => q
    .where((own) => own.whereNull('c.account_id').whereIn('c.id_number_index', indexes).andWhere({ 'c.holder_name': name }))
    .orWhereIn('c.account_id', db('accounts').select('id').whereIn('id_number_index', indexes).andWhere({ name }));
}

/**
 * holderOf as fixed SQL (certificates aliased c), for the two reads step 3 makes on every GET and POST. The 证件号码
 * is matched by its blind index (one per key version held; `in (…)` with as many placeholders).
 */
const holderSql = (n: number) => {
  const marks = Array.from({ length: n }, () => '?').join(', ');
  return `((c.account_id is null and c.id_number_index in (${marks}) and c.holder_name = ?) or c.account_id in (select id from accounts where id_number_index in (${marks}) and name = ?))`;
};

/** 证件号码 is stored encrypted with its blind index (security/personalData.ts): sealed on write, opened on read here. */
export function createCertificatesRepo(db: Knex, pd: PersonalData) {
  const lookup = (idNumber: string) => pd.lookup(PROTECTION_PURPOSES.idNumber, idNumber);
  const holderBindings = (indexes: string[], name: string) => [...indexes, name, ...indexes, name];
  const open = <T extends { id_number: string } | undefined>(row: T): T => (row ? pd.openRow('certificates', row) : row);
  const openAll = <T extends { id_number: string }>(list: T[]): T[] => list.map((r) => pd.openRow('certificates', r));
  const records = () => db('registration_records as r').join('certificates as c', 'c.id', 'r.certificate_id')
    .select('r.*', 'c.cert_number', 'c.qualification_code', 'c.subject_name', 'c.issuing_authority');
  const manualView = () => db('certificates as c').leftJoin('accounts as a', 'a.id', 'c.account_id')
    .where('c.source', 'manual').select('c.*', 'a.name as account_name');
  return {
    /** Certificates of a holder: linked to the account with this (ID number, name), or matching it and not yet linked. */
    async ofHolder(idNumber: string, name: string): Promise<CertificateRow[]> {
      const indexes = lookup(idNumber);
      return openAll(await rows<CertificateRow>(db, `select c.* from certificates c where ${holderSql(indexes.length)} order by c.issue_date desc`, holderBindings(indexes, name)));
    },
    findOfHolder: async (id: number, idNumber: string, name: string): Promise<CertificateRow | undefined> =>
      open(await db('certificates as c').where({ 'c.id': id }).andWhere(holderOf(db, lookup(idNumber), name)).first('c.*') as CertificateRow | undefined),
    /** Links to the account every certificate of (ID number, name) not linked yet, so a later rename keeps them. */
    linkToAccount: (accountId: number, idNumber: string, name: string, trx?: Knex.Transaction) =>
      (trx ?? db)('certificates').whereNull('account_id').whereIn('id_number_index', lookup(idNumber)).andWhere({ holder_name: name }).update({ account_id: accountId }),
    async insertManual(row: Omit<CertificateRow, 'id'> & { photo_file_id: number; extra_photo_file_id: number | null }, trx: Knex.Transaction): Promise<number> {
      const [inserted] = await trx('certificates').insert(pd.sealRow('certificates', row)).returning('id');
      return idOf(inserted);
    },
    /** Hand-added certificates waiting for verification, oldest first (answered in the order added). */
    pendingManual: async (): Promise<ManualCertificateView[]> => openAll(await manualView().where('c.verify_status', 'pending').orderBy('c.id', 'asc')),
    findManual: async (id: number): Promise<ManualCertificateView | undefined> => open(await manualView().where('c.id', id).first() as ManualCertificateView | undefined),
    /** Only a pending hand-added certificate is decided; answers how many rows changed (0: decided already). */
    decideManual: (id: number, patch: { verify_status: 'verified' | 'rejected'; verify_note: string | null; verified_at: string }, trx: Knex.Transaction): Promise<number> =>
      trx('certificates').where({ id, source: 'manual', verify_status: 'pending' }).update(patch),
    /** Of these certificate ids, those an application (of any status) or a registration record holds: used, so fixed. */
    async usedIds(ids: number[], trx?: Knex.Transaction): Promise<Set<number>> {
      if (!ids.length) return new Set();
      const q = trx ?? db;
      const apps = await q('applications').whereIn('certificate_id', ids).distinct('certificate_id');
      const records = await q('registration_records').whereIn('certificate_id', ids).distinct('certificate_id');
      return new Set([...apps, ...records].map((r: { certificate_id: number }) => Number(r.certificate_id)));
    },
    /** A hand-added certificate of this account, for its owner's 修改/删除 (anyone else's reads as not found). */
    findOwnManual: async (id: number, accountId: number, trx?: Knex.Transaction): Promise<CertificateRow | undefined> =>
      open(await (trx ?? db)<CertificateRow>('certificates').where({ id, account_id: accountId, source: 'manual' }).first() as CertificateRow | undefined),
    /** The owner's correction: new facts (and photos when given), back to pending verification. */
    updateManual: (id: number, patch: Partial<CertificateRow> & { photo_file_id?: number; extra_photo_file_id?: number | null }, trx: Knex.Transaction): Promise<number> =>
      trx('certificates').where({ id, source: 'manual' }).update(patch.id_number === undefined ? patch : pd.sealRow('certificates', patch)),
    deleteManual: (id: number, trx: Knex.Transaction): Promise<number> => trx('certificates').where({ id, source: 'manual' }).del(),
    findById: async (id: number) => open(await db<CertificateRow>('certificates').where({ id }).first() as CertificateRow | undefined),
    findByNumber: async (certNumber: string) => open(await db<CertificateRow>('certificates').where({ cert_number: certNumber }).first() as CertificateRow | undefined),
    recordsOfHolder(idNumber: string, name: string): Promise<RegistrationRecordView[]> {
      const indexes = lookup(idNumber);
      return rows<RegistrationRecordView>(db, 'select r.*, c.cert_number, c.qualification_code, c.subject_name, c.issuing_authority from registration_records r '
        + `inner join certificates c on c.id = r.certificate_id where ${holderSql(indexes.length)} order by r.concluded_on asc`, holderBindings(indexes, name));
    },
    /** A registration record (a bureau's conclusion), inside the transaction of the status change that concludes it. */
    insertRecord: (row: Omit<RegistrationRecordRow, 'id'>, trx: Knex.Transaction) => trx('registration_records').insert(row),
    findRecordOfHolder: (id: number, idNumber: string, name: string): Promise<RegistrationRecordView | undefined> =>
      records().where({ 'r.id': id }).andWhere(holderOf(db, lookup(idNumber), name)).first(),
  };
}
export type CertificatesRepo = ReturnType<typeof createCertificatesRepo>;
