import type { Knex } from 'knex';
import type { Business } from '../domain/business';

export interface BureauRow {
  id: number; region_code: string; name: string; level: string; contact_phone: string | null; contact_address: string | null;
  office_hours: string | null; announcement: string | null; notes: string | null; materials_checklist: string | null;
  /** 教师资格认定's settings (domain/certification/bureauSettings.ts). */
  online_processing?: boolean | number; online_materials?: string | null; certification_notes?: string | null;
}
export interface PlanRow { id: number; bureau_id: number; year: number; batch: number; title: string; online_start: string; online_end: string; confirm_start: string; confirm_end: string; stages: string; business: string }
export interface PointRow { id: number; bureau_id: number; name: string; scope: string | null; address: string | null; phone: string | null; confirm_start: string | null; confirm_end: string | null; active: boolean | number; businesses: string }
export interface RegionRow { code: string; name: string; parent_code: string | null; level: string }
export type BureauWithRegions = BureauRow & { r_level: string; r_name: string; p_code: string | null; p_name: string | null; p_level: string | null; pp_code: string | null; pp_name: string | null };

/** Where teachers register: regions, bureaus (注册机构), their plans (网报计划) and confirmation points (确认点). */
export function createPlacesRepo(db: Knex) {
  return {
    /** Every bureau with its region chain (county → city → province); a county instance has a handful. */
    bureausWithRegions: (): Promise<BureauWithRegions[]> =>
      db('bureaus as b')
        .join('regions as r', 'r.code', 'b.region_code')
        .leftJoin('regions as p', 'p.code', 'r.parent_code')
        .leftJoin('regions as pp', 'pp.code', 'p.parent_code')
        .orderBy('b.id')
        .select('b.*', 'r.level as r_level', 'r.name as r_name', 'p.code as p_code', 'p.name as p_name', 'p.level as p_level', 'pp.code as pp_code', 'pp.name as pp_name'),
    findBureau: (id: number): Promise<BureauRow | undefined> => db('bureaus').where({ id }).first(),
    regionOf: (code: string): Promise<RegionRow | undefined> => db('regions').where({ code }).first(),
    /** A bureau's plans of one business (定期注册 unless asked): the other business's windows never open this one's wizard. */
    plansOf: (bureauId: number, business: Business = 'registration'): Promise<PlanRow[]> => db('plans').where({ bureau_id: bureauId, business }).orderBy('online_start'),
    findPlan: (id: number): Promise<PlanRow | undefined> => db('plans').where({ id }).first(),
    /** The points offered to applicants of a business: active ones serving it (an inactive point keeps its applications, see allPointsOf). */
    pointsOf: (bureauId: number, search?: string, business: Business = 'registration'): Promise<PointRow[]> => {
      // businesses is a short comma list (domain/business.ts): match the code between commas, on SQLite and PostgreSQL alike.
      const query = db('confirmation_points').where({ bureau_id: bureauId, active: true })
        .andWhereRaw("(',' || businesses || ',') like ?", [`%,${business},%`]);
      if (search) query.andWhere((w) => w.where('name', 'like', `%${search}%`).orWhere('scope', 'like', `%${search}%`));
      return query.orderBy('id');
    },
    /** Every point of a bureau, inactive ones too (staff filter and read applications of a point that has closed). */
    allPointsOf: (bureauId: number): Promise<PointRow[]> => db('confirmation_points').where({ bureau_id: bureauId }).orderBy('id'),
    findPoint: (id: number): Promise<PointRow | undefined> => db('confirmation_points').where({ id }).first(),
  };
}
export type PlacesRepo = ReturnType<typeof createPlacesRepo>;
