import type { Knex } from 'knex';
import type { Scope } from '../domain/principal';
import type { ApplicationRow } from './applications';
import { applyScope } from './scope';
import { PROTECTION_PURPOSES } from '../security/dataProtector';
import type { PersonalData } from '../security/personalData';

/** What a staff list may be narrowed by (every filter is optional). */
export interface QueueFilter {
  /** 定期注册 or 教师资格认定 (issue 14): each list shows one business, so its statuses never mix. */
  business?: string;
  status?: string; pointId?: number; stage?: string; regType?: string;
  /** 证件号码, exact. */
  idNumber?: string;
  /** 姓名, a part of it. */
  name?: string;
}

/** What a list shows of an application: not its snapshot (`data`, kilobytes each), which only its own page reads. */
const QUEUE_COLUMNS = ['id', 'application_no', 'applicant_name', 'status', 'version', 'reg_type', 'teaching_stage', 'teaching_subject',
  'submitted_at', 'point_id', 'bureau_id', 'plan_id', 'business', 'qualification_code'] as const;
export type QueueRow = Pick<ApplicationRow, (typeof QUEUE_COLUMNS)[number]> & { id_number: string };

/** The staff side's lists of applications: always inside the staff user's scope (applied here, in the query). */
export function createStaffQueueRepo(db: Knex, pd: PersonalData) {
  function filtered(scope: Scope, filter: QueueFilter, withStatus: boolean, withBusiness = true, withAccount = true) {
    // The counts need the account only to match a 证件号码: without one they read applications alone (issue 8).
    const base = withAccount || filter.idNumber ? db('applications as a').join('accounts as acc', 'acc.id', 'a.account_id') : db('applications as a');
    const q = applyScope(base, scope, { table: 'a' });
    if (withBusiness && filter.business) q.where('a.business', filter.business);
    if (withStatus && filter.status) q.where('a.status', filter.status);
    if (filter.pointId) q.where('a.point_id', filter.pointId);
    if (filter.stage) q.where('a.teaching_stage', filter.stage);
    if (filter.regType) q.where('a.reg_type', filter.regType);
    // Exact match through the blind index (the number is stored encrypted).
    if (filter.idNumber) q.whereIn('acc.id_number_index', pd.lookup(PROTECTION_PURPOSES.idNumber, filter.idNumber));
    // A typed % or _ is a character, not a wildcard (the same ESCAPE on both databases).
    if (filter.name) q.whereRaw("a.applicant_name like ? escape '\\'", [`%${filter.name.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`]);
    return q;
  }
  return {
    /** One page, newest first (the total comes from countsByStatus: one query fewer per list). */
    page: async (scope: Scope, filter: QueueFilter, page: number, pageSize: number): Promise<QueueRow[]> =>
      (await filtered(scope, filter, true).select(...QUEUE_COLUMNS.map((c) => `a.${c}`), 'acc.id_number').orderBy('a.id', 'desc').limit(pageSize).offset((page - 1) * pageSize))
        .map((r: QueueRow) => ({ ...r, id_number: pd.open(r.id_number) })),
    /** How many applications of each status the list holds (the filter's other conditions apply). */
    async countsByStatus(scope: Scope, filter: QueueFilter): Promise<Record<string, number>> {
      const rows = await filtered(scope, filter, false, true, false).groupBy('a.status').select('a.status').count<{ status: string; n: number | string }[]>({ n: '*' });
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    /** How many applications of each business the list holds with the other conditions but status (the 业务类型 tabs). */
    async countsByBusiness(scope: Scope, filter: QueueFilter): Promise<Record<string, number>> {
      const rows = await filtered(scope, filter, false, false, false).groupBy('a.business').select('a.business').count<{ business: string; n: number | string }[]>({ n: '*' });
      return Object.fromEntries(rows.map((r) => [r.business, Number(r.n)]));
    },
  };
}
export type StaffQueueRepo = ReturnType<typeof createStaffQueueRepo>;
