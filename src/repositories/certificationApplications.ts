import type { Knex } from 'knex';
import type { ApplicationRow } from './applications';
import { idOf } from './ids';

/** One 全程网办 upload (the PDF itself is a `files` row, encrypted by the files repository). */
export interface CertificationUploadRow { id: number; application_id: number; item: string; file_id: number; file_name: string; size: number; pages: number; created_at: string }

/** A bureau's 教师资格认定 settings as the applicant's pages read them (bureaus columns, domain/certification/bureauSettings.ts). */
export interface CertificationBureauRow {
  id: number; name: string; notes: string | null; online_processing: boolean | number; online_materials: string | null;
  certification_notes: string | null; certification_form_copies: number;
}

const BUSINESS = 'certification';

/**
 * The applicant's side of 教师资格认定 after 提交 (seed 002 §3.2): the account's 认定 applications (never another
 * account's, never a 定期注册 row), the bureau's 认定 settings and the 全程网办 uploads of an application.
 */
export function createCertificationApplicationsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  const uploads = () => db<CertificationUploadRow>('certification_uploads');
  const num = (r: CertificationUploadRow): CertificationUploadRow => ({ ...r, id: Number(r.id), application_id: Number(r.application_id), file_id: Number(r.file_id), size: Number(r.size), pages: Number(r.pages) });
  /** The upload row and its file, at once: a deleted material leaves no PDF behind (not even for housekeeping to find). */
  async function removeRow(id: number, applicationId: number, trx: Knex.Transaction): Promise<boolean> {
    const row = await trx<CertificationUploadRow>('certification_uploads').where({ id, application_id: applicationId }).first('file_id');
    if (!row) return false;
    await trx('certification_uploads').where({ id }).delete();
    await trx('files').where({ id: row.file_id }).delete();
    return true;
  }
  return {
    ofAccount: (accountId: number): Promise<ApplicationRow[]> => db('applications').where({ account_id: accountId, business: BUSINESS }).orderBy('id', 'desc'),
    findOwn: (no: string, accountId: number): Promise<ApplicationRow | undefined> =>
      db('applications').where({ application_no: no, account_id: accountId, business: BUSINESS }).first(),
    /** The application's status as committed, read again inside a write's transaction. */
    statusOf: async (applicationId: number, trx: Knex.Transaction): Promise<string | undefined> =>
      (await trx('applications').where({ id: applicationId }).first('status'))?.status,
    bureau: (bureauId: number): Promise<CertificationBureauRow | undefined> =>
      db('bureaus').where({ id: bureauId })
        .first('id', 'name', 'notes', 'online_processing', 'online_materials', 'certification_notes', 'certification_form_copies'),

    uploads: {
      of: async (applicationId: number): Promise<CertificationUploadRow[]> => (await uploads().where({ application_id: applicationId }).orderBy('id')).map(num),
      counts: async (applicationIds: number[]): Promise<Map<number, number>> => {
        if (!applicationIds.length) return new Map();
        const rows = await db('certification_uploads').whereIn('application_id', applicationIds).groupBy('application_id')
          .select('application_id').count<{ application_id: number; n: number | string }[]>({ n: '*' });
        return new Map(rows.map((r) => [Number(r.application_id), Number(r.n)]));
      },
      find: async (id: number, applicationId: number, trx?: Knex.Transaction): Promise<CertificationUploadRow | undefined> => {
        const row = await q(trx)<CertificationUploadRow>('certification_uploads').where({ id, application_id: applicationId }).first();
        return row ? num(row) : undefined;
      },
      /** One file per material: a new upload of an item takes the old one's place, and the old file goes with it. */
      async put(row: Omit<CertificationUploadRow, 'id'>, trx: Knex.Transaction): Promise<number> {
        const old = await trx<CertificationUploadRow>('certification_uploads').where({ application_id: row.application_id, item: row.item }).first('id');
        if (old) await removeRow(Number(old.id), row.application_id, trx);
        const [inserted] = await trx('certification_uploads').insert(row).returning('id');
        return idOf(inserted);
      },
      remove: (id: number, applicationId: number, trx: Knex.Transaction): Promise<boolean> => removeRow(id, applicationId, trx),
    },
  };
}
export type CertificationApplicationsRepo = ReturnType<typeof createCertificationApplicationsRepo>;
