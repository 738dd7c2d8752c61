import type { Knex } from 'knex';

export interface BureauRow { id: number; region_code: string; name: string; level: string; contact_phone: string | null; contact_address: string | null; announcement: string | null; notes: string | null }
export interface PlanRow { id: number; bureau_id: number; year: number; batch: number; title: string; online_start: string; online_end: string; confirm_start: string; confirm_end: string; stages: string }
export interface PointRow { id: number; bureau_id: number; name: string; scope: string | null; address: string | null; phone: string | null; confirm_start: string | null; confirm_end: string | null; active: boolean | number }
export interface ApplicationRow {
  id: number; application_no: string; account_id: number; certificate_id: number | null; plan_id: number; bureau_id: number; point_id: number | null;
  status: string; data: string; photo_file_id: number | null; version: number; submitted_at: string; created_at: string; updated_at: string;
  teaching_stage: string | null; teaching_subject: string | null; reg_type: string | null;
}
export interface EventRow { id: number; application_id: number; actor_type: string; actor_id: number | null; action: string; from_status: string | null; to_status: string | null; reason: string | null; missing_materials: string | null; created_at: string }
export interface MessageRow { id: number; application_id: number; author: string; body: string; created_at: string; read_at: string | null }

const idOf = (row: unknown) => (typeof row === 'number' ? row : (row as { id: number }).id);

/** Bureaus, plans, confirmation points, schools, drafts, applications, their events and messages. */
export function createRegistrationRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    /** Every bureau with its region chain (county → city → province); a county instance has a handful. */
    bureausWithRegions: (): Promise<Array<BureauRow & { r_level: string; r_name: string; p_code: string | null; p_name: string | null; p_level: string | null; pp_code: string | null; pp_name: string | null }>> =>
      db('bureaus as b')
        .join('regions as r', 'r.code', 'b.region_code')
        .leftJoin('regions as p', 'p.code', 'r.parent_code')
        .leftJoin('regions as pp', 'pp.code', 'p.parent_code')
        .orderBy('b.id')
        .select('b.*', 'r.level as r_level', 'r.name as r_name', 'p.code as p_code', 'p.name as p_name', 'p.level as p_level', 'pp.code as pp_code', 'pp.name as pp_name'),
    findBureau: (id: number): Promise<BureauRow | undefined> => db('bureaus').where({ id }).first(),
    regionOf: (code: string): Promise<{ code: string; name: string; parent_code: string | null; level: string } | undefined> => db('regions').where({ code }).first(),
    plansOf: (bureauId: number): Promise<PlanRow[]> => db('plans').where({ bureau_id: bureauId }).orderBy('online_start'),
    findPlan: (id: number): Promise<PlanRow | undefined> => db('plans').where({ id }).first(),
    pointsOf: (bureauId: number, search?: string): Promise<PointRow[]> => {
      const query = db('confirmation_points').where({ bureau_id: bureauId, active: true });
      if (search) query.andWhere((w) => w.where('name', 'like', `%${search}%`).orWhere('scope', 'like', `%${search}%`));
      return query.orderBy('id');
    },
    findPoint: (id: number): Promise<PointRow | undefined> => db('confirmation_points').where({ id }).first(),
    searchSchools: (text: string): Promise<{ id: number; name: string }[]> =>
      db('schools').where('name', 'like', `%${text}%`).orderBy('name').limit(20).select('id', 'name'),
    findSchoolByName: (name: string): Promise<{ id: number; name: string } | undefined> => db('schools').where({ name }).first('id', 'name'),
    async addSchool(name: string, schoolType: string, createdAt: string): Promise<number> {
      const [row] = await db('schools').insert({ name, school_type: schoolType, user_added: true, created_at: createdAt }).returning('id');
      return idOf(row);
    },

    drafts: {
      find: async (accountId: number): Promise<{ data: string; updated_at: string } | undefined> => db('drafts').where({ account_id: accountId }).first('data', 'updated_at'),
      async save(accountId: number, data: string, updatedAt: string, trx?: Knex.Transaction): Promise<void> {
        await q(trx)('drafts').insert({ account_id: accountId, data, updated_at: updatedAt }).onConflict('account_id').merge();
      },
      remove: (accountId: number, trx?: Knex.Transaction) => q(trx)('drafts').where({ account_id: accountId }).del(),
    },

    applications: {
      ofAccount: (accountId: number): Promise<ApplicationRow[]> => db('applications').where({ account_id: accountId }).orderBy('id', 'desc'),
      findOfAccount: (no: string, accountId: number): Promise<ApplicationRow | undefined> => db('applications').where({ application_no: no, account_id: accountId }).first(),
      findForPlan: (accountId: number, planId: number, trx?: Knex.Transaction): Promise<ApplicationRow | undefined> =>
        q(trx)('applications').where({ account_id: accountId, plan_id: planId }).first(),
      async insert(row: Omit<ApplicationRow, 'id'>, trx: Knex.Transaction): Promise<number> {
        const [inserted] = await trx('applications').insert(row).returning('id');
        return idOf(inserted);
      },
      /** Optimistic update: only when the version is still the one read, so two tabs cannot overwrite each other. */
      update: (id: number, version: number, patch: Partial<ApplicationRow>, trx?: Knex.Transaction) =>
        q(trx)('applications').where({ id, version }).update({ ...patch, version: version + 1 }),
    },

    async nextSequence(name: string, trx: Knex.Transaction): Promise<number> {
      const row = await trx('counters').where({ name }).first('value');
      if (!row) {
        await trx('counters').insert({ name, value: 1 });
        return 1;
      }
      await trx('counters').where({ name }).update({ value: row.value + 1 });
      return row.value + 1;
    },

    events: {
      insert: (row: Omit<EventRow, 'id'>, trx?: Knex.Transaction) => q(trx)('application_events').insert(row),
      of: (applicationId: number): Promise<EventRow[]> => db('application_events').where({ application_id: applicationId }).orderBy('id'),
    },

    messages: {
      of: (applicationId: number): Promise<MessageRow[]> => db('messages').where({ application_id: applicationId }).orderBy('id'),
      unreadCounts: async (applicationIds: number[]): Promise<Map<number, number>> => {
        if (!applicationIds.length) return new Map();
        const rows = await db('messages').whereIn('application_id', applicationIds).whereNull('read_at')
          .groupBy('application_id').select('application_id').count<{ application_id: number; n: number | string }[]>({ n: '*' });
        return new Map(rows.map((r) => [Number(r.application_id), Number(r.n)]));
      },
      markRead: (applicationId: number, at: string) => db('messages').where({ application_id: applicationId }).whereNull('read_at').update({ read_at: at }),
      insert: (row: Omit<MessageRow, 'id' | 'read_at'>) => db('messages').insert(row),
    },
  };
}
export type RegistrationRepo = ReturnType<typeof createRegistrationRepo>;
