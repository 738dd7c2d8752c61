import type { Knex } from 'knex';
import type { Scope } from '../domain/principal';
import type { ProfileValues } from '../domain/bureauProfile';
import type { PlanValues } from '../domain/planRules';
import type { CertificationSettingsValues } from '../domain/certification/bureauSettings';
import type { PointValues } from '../domain/confirmationPoint';
import type { BureauRow, PlanRow, PointRow } from './places';
import { applyScope } from './scope';
import { idOf } from './ids';

export type PlanWithCount = PlanRow & { applications: number };
/** The bureau row as its admin pages read it (SQLite gives booleans as 0/1). */
export type AdminBureauRow = BureauRow & {
  office_hours: string | null; materials_checklist: string | null;
  online_processing: boolean | number; online_materials: string | null; certification_notes: string | null; certification_checklist: string | null; certification_form_copies: number;
};
export type PointWithCounts = PointRow & { applications: number; operators: number };

const count = (value: unknown) => Number(value ?? 0);
const bureauScope = (bureauId: number): Scope => ({ kind: 'bureau', bureauId });

/**
 * What a 机构管理员 edits: the bureau row, its plans and its points. Every read and write is limited to one bureau
 * through `applyScope` (a plan or point of another bureau is simply not found, and not changed).
 */
export function createBureauAdminRepo(db: Knex) {
  const plans = (bureauId: number, q: Knex = db) => applyScope(q('plans as p'), bureauScope(bureauId), { table: 'p' });
  const points = (bureauId: number, q: Knex = db) => applyScope(q('confirmation_points as c'), bureauScope(bureauId), { table: 'c' });

  /** Points with how many applications chose them and how many active operators work there. */
  async function pointsCounted(query: Knex.QueryBuilder, q: Knex): Promise<PointWithCounts[]> {
    const rows = await query.select('c.*',
      q('applications as a').whereRaw('a.point_id = c.id').count('*').as('applications'),
      q('staff_users as s').whereRaw('s.point_id = c.id').andWhere('s.role', 'operator').andWhere('s.active', true).count('*').as('operators'));
    return rows.map((r: PointWithCounts) => ({ ...r, applications: count(r.applications), operators: count(r.operators) }));
  }

  return {
    /** The bureau a system admin manages: the instance's first (the one `admin init` makes). */
    firstBureauId: async (): Promise<number | null> => (await db('bureaus').orderBy('id').first('id'))?.id ?? null,
    findBureau: (bureauId: number, trx?: Knex.Transaction): Promise<AdminBureauRow | undefined> =>
      (trx ?? db)('bureaus').where({ id: bureauId }).first(),
    updateProfile: (bureauId: number, values: ProfileValues, trx: Knex.Transaction) => trx('bureaus').where({ id: bureauId }).update(values),
    updateCertificationSettings: (bureauId: number, values: CertificationSettingsValues, trx: Knex.Transaction) => trx('bureaus').where({ id: bureauId }).update(values),

    async plansWithCounts(bureauId: number): Promise<PlanWithCount[]> {
      const rows = await plans(bureauId)
        .leftJoin('applications as a', 'a.plan_id', 'p.id')
        .groupBy('p.id')
        .orderBy('p.online_start', 'desc')
        .select('p.*', db.raw('count(a.id) as applications'));
      return rows.map((r: PlanWithCount) => ({ ...r, applications: count(r.applications) }));
    },
    findPlan: (bureauId: number, id: number, trx?: Knex.Transaction): Promise<PlanRow | undefined> => plans(bureauId, trx).where('p.id', id).first('p.*'),
    otherPlans: (bureauId: number, exceptId: number | null, trx: Knex.Transaction): Promise<PlanRow[]> => {
      const query = plans(bureauId, trx).select('p.*');
      if (exceptId !== null) query.whereNot('p.id', exceptId);
      return query;
    },
    /** What a plan's applications rely on: how many, the 学段 they use, the first submission. */
    async planUsage(planId: number, trx?: Knex.Transaction): Promise<{ count: number; stages: string[]; firstSubmittedAt: string | null }> {
      const q = trx ?? db;
      const [summary] = await q('applications').where({ plan_id: planId }).select(q.raw('count(*) as n'), q.raw('min(submitted_at) as first'));
      const stages = await q('applications').where({ plan_id: planId }).whereNotNull('teaching_stage').distinct('teaching_stage');
      return { count: count(summary?.n), stages: stages.map((s: { teaching_stage: string }) => s.teaching_stage), firstSubmittedAt: (summary?.first as string | null) ?? null };
    },
    async insertPlan(bureauId: number, values: PlanValues & { year: number; batch: number; created_at: string }, trx: Knex.Transaction): Promise<number> {
      const [row] = await trx('plans').insert({ ...values, bureau_id: bureauId }).returning('id');
      return idOf(row);
    },
    updatePlan: (bureauId: number, id: number, values: PlanValues & { year: number }, trx: Knex.Transaction) =>
      applyScope(trx('plans'), bureauScope(bureauId)).where({ id }).update(values),

    pointsWithCounts: (bureauId: number): Promise<PointWithCounts[]> => pointsCounted(points(bureauId).orderBy('c.id'), db),
    findPoint: async (bureauId: number, id: number, trx?: Knex.Transaction): Promise<PointWithCounts | undefined> =>
      (await pointsCounted(points(bureauId, trx).where('c.id', id), trx ?? db))[0],
    pointNames: async (bureauId: number, exceptId: number | null, trx: Knex.Transaction): Promise<string[]> => {
      const query = points(bureauId, trx).select('c.name');
      if (exceptId !== null) query.whereNot('c.id', exceptId);
      return (await query).map((r: { name: string }) => r.name);
    },
    async insertPoint(bureauId: number, values: PointValues, trx: Knex.Transaction): Promise<number> {
      const [row] = await trx('confirmation_points').insert({ ...values, bureau_id: bureauId }).returning('id');
      return idOf(row);
    },
    updatePoint: (bureauId: number, id: number, values: PointValues, trx: Knex.Transaction) =>
      applyScope(trx('confirmation_points'), bureauScope(bureauId)).where({ id }).update(values),
  };
}
export type BureauAdminRepo = ReturnType<typeof createBureauAdminRepo>;
