import type { Knex } from 'knex';
import type { RegistrationRecordRow } from './certificates';
import type { Scope } from '../domain/principal';
import { idOf } from './ids';
import { applyScope } from './scope';

/** The columns staff filter, export and count on; the full submission is the JSON snapshot in `data`. */
export interface ApplicationColumns {
  business: string; certificate_id: number | null; plan_id: number; bureau_id: number; point_id: number | null;
  teaching_stage: string | null; teaching_subject: string | null; reg_type: string | null; photo_file_id: number | null;
  applicant_name: string | null; putonghua: string | null; education: string | null; degree: string | null; major: string | null;
  graduation_school: string | null; learning_form: string | null; school_name: string | null; school_nature: string | null;
  school_location: string | null; teacher_title: string | null; post_type: string | null; political: string | null;
  /** 教师资格认定 only (journeys/certification/types.ts); null on 定期注册 rows. */
  qualification_code?: string | null; exam_form?: string | null; signature_file_id?: number | null;
}
export interface ApplicationRow extends ApplicationColumns {
  id: number; application_no: string; account_id: number; status: string; data: string; version: number;
  submitted_at: string; created_at: string; updated_at: string;
  /** The MAC of a concluded application (domain/conclusionSeal.ts); 'legacy' when concluded before seals. */
  conclusion_seal?: string | null;
}
export interface EventRow { id: number; application_id: number; actor_type: string; actor_id: number | null; action: string; from_status: string | null; to_status: string | null; reason: string | null; missing_materials: string | null; created_at: string }

/** Applications, their events and the 报名号 counter. */
export function createApplicationsRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    /** The account's applications, newest first; of one business when given (each business has its own 查询报名信息). */
    ofAccount: (accountId: number, business?: string): Promise<ApplicationRow[]> =>
      db('applications').where({ account_id: accountId, ...(business ? { business } : {}) }).orderBy('id', 'desc'),
    statusesOf: async (accountId: number): Promise<string[]> =>
      (await db('applications').where({ account_id: accountId }).select<{ status: string }[]>('status')).map((r) => r.status),
    findOfAccount: (no: string, accountId: number, business?: string): Promise<ApplicationRow | undefined> =>
      db('applications').where({ application_no: no, account_id: accountId, ...(business ? { business } : {}) }).first(),
    findById: (id: number, trx?: Knex.Transaction): Promise<ApplicationRow | undefined> => q(trx)('applications').where({ id }).first(),
    findForPlan: (accountId: number, planId: number, trx?: Knex.Transaction): Promise<ApplicationRow | undefined> =>
      q(trx)('applications').where({ account_id: accountId, plan_id: planId }).first(),
    /** Applications of a certificate in the given statuses (an open one blocks a second submission elsewhere). */
    ofCertificate: (certificateId: number, statuses: readonly string[], trx?: Knex.Transaction): Promise<ApplicationRow[]> =>
      q(trx)('applications').where({ certificate_id: certificateId }).whereIn('status', statuses).orderBy('id'),
    /**
     * Holds the certificate's row lock until the transaction ends, so two transactions that each check "no open
     * application holds this certificate" and then write cannot both pass (PostgreSQL; SQLite has one writer).
     */
    async lockCertificate(certificateId: number, trx: Knex.Transaction): Promise<void> {
      if (trx.client.config.client === 'pg') await trx('certificates').where({ id: certificateId }).forUpdate().first('id');
    },
    /** An application by 报名号, only inside a staff scope: another bureau's or point's number reads as not found. */
    findInScope: (no: string, scope: Scope, trx?: Knex.Transaction): Promise<ApplicationRow | undefined> =>
      applyScope(q(trx)('applications').where({ application_no: no }), scope).first(),
    async insert(row: Omit<ApplicationRow, 'id'>, trx: Knex.Transaction): Promise<number> {
      const [inserted] = await trx('applications').insert(row).returning('id');
      return idOf(inserted);
    },
    /** The seal of a conclusion, written in the conclusion's transaction (no new version: nothing the applicant sees changed). */
    /** Applications carrying a conclusion seal, a page at a time by id (key rotation re-signs them). */
    sealedPage: (afterId: number, limit: number): Promise<ApplicationRow[]> =>
      db<ApplicationRow>('applications').whereNotNull('conclusion_seal').where('id', '>', afterId).orderBy('id').limit(limit),
    setSeal: (id: number, seal: string, trx: Knex.Transaction) => trx('applications').where({ id }).update({ conclusion_seal: seal }),

    /** What a conclusion's seal covers besides the row: the event that concluded it and the 注册记录 it wrote. */
    async conclusionEvidence(applicationId: number, status: string, trx?: Knex.Transaction): Promise<{ event: EventRow | null; record: RegistrationRecordRow | null }> {
      const event = await q(trx)<EventRow>('application_events').where({ application_id: applicationId, to_status: status }).orderBy('id', 'desc').first();
      const record = await q(trx)<RegistrationRecordRow>('registration_records').where({ application_id: applicationId }).orderBy('id', 'desc').first();
      return { event: event ?? null, record: record ?? null };
    },

    /** Optimistic update: only when the version is still the one read, so two tabs (or two clerks) cannot overwrite each other. */
    update: (id: number, version: number, patch: Partial<ApplicationRow>, trx?: Knex.Transaction) =>
      q(trx)('applications').where({ id, version }).update({ ...patch, version: version + 1 }),

    /**
     * The next value of a named counter, atomically on both databases: the row is created once (a racing
     * insert is ignored), then one UPDATE … RETURNING takes the row lock, so two submissions at the same
     * moment can never read the same value.
     */
    async nextSequence(name: string, trx: Knex.Transaction): Promise<number> {
      await trx('counters').insert({ name, value: 0 }).onConflict('name').ignore();
      const [row] = await trx('counters').where({ name }).increment('value', 1).returning('value');
      return Number(typeof row === 'object' ? (row as { value: number }).value : row);
    },

    events: {
      insert: (row: Omit<EventRow, 'id'>, trx?: Knex.Transaction) => q(trx)('application_events').insert(row),
      of: (applicationId: number): Promise<EventRow[]> => db('application_events').where({ application_id: applicationId }).orderBy('id'),
    },
  };
}
export type ApplicationsRepo = ReturnType<typeof createApplicationsRepo>;
