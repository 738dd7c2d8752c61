import type { Knex } from 'knex';
import type { Scope, StaffRole } from '../domain/principal';
import { applyScope } from './scope';
import { idOf } from './ids';

/** A staff user as the user pages list them: with the names of the bureau and point. */
export type StaffListRow = StaffRow & { bureau_name: string | null; point_name: string | null };

export interface StaffRow {
  id: number; username: string; name: string; role: StaffRole; bureau_id: number | null; point_id: number | null;
  password_hash: string; active: boolean | number; session_epoch: number; created_at: string; updated_at: string | null; last_login_at: string | null;
}

/** Staff accounts (确认点操作员, 注册机构审核员, 机构管理员, 系统管理员). */
export function createStaffRepo(db: Knex) {
  return {
    findById: (id: number): Promise<StaffRow | undefined> => db('staff_users').where({ id }).first(),
    findByUsername: (username: string): Promise<StaffRow | undefined> => db('staff_users').where({ username }).first(),
    async insert(row: Omit<StaffRow, 'id' | 'active' | 'session_epoch' | 'updated_at' | 'last_login_at'>, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await (trx ?? db)('staff_users').insert(row).returning('id');
      return idOf(inserted);
    },
    /** The staff users a manager may see (scope: all, or one bureau), with bureau and point names; system admins first. */
    list: (scope: Scope): Promise<StaffListRow[]> =>
      applyScope(db('staff_users as s').leftJoin('bureaus as b', 'b.id', 's.bureau_id').leftJoin('confirmation_points as p', 'p.id', 's.point_id')
        .select('s.*', 'b.name as bureau_name', 'p.name as point_name'), scope, { table: 's' })
        .orderByRaw('case when s.bureau_id is null then 0 else 1 end').orderBy('s.bureau_id').orderBy('s.id'),
    /** One staff user, only inside the manager's scope. */
    findInScope: (id: number, scope: Scope, trx?: Knex.Transaction): Promise<StaffListRow | undefined> =>
      applyScope((trx ?? db)('staff_users as s').leftJoin('bureaus as b', 'b.id', 's.bureau_id').leftJoin('confirmation_points as p', 'p.id', 's.point_id')
        .select('s.*', 'b.name as bureau_name', 'p.name as point_name').where('s.id', id), scope, { table: 's' }).first(),
    /** Active users who may manage staff: every system admin, and the bureau admins of the bureaus given. */
    activeManagers: (trx?: Knex.Transaction): Promise<Pick<StaffRow, 'id' | 'role' | 'bureau_id'>[]> =>
      (trx ?? db)('staff_users').whereIn('role', ['bureau_admin', 'system_admin']).andWhere({ active: true }).select('id', 'role', 'bureau_id'),
    update: (id: number, fields: Partial<Pick<StaffRow, 'name' | 'role' | 'point_id'>> & { updated_at: string }, trx: Knex.Transaction) =>
      trx('staff_users').where({ id }).update(fields),
    /** Disabling (or enabling) ends every session of the account: a re-enabled account signs in afresh. */
    setActive: (id: number, active: boolean, at: string, trx: Knex.Transaction) =>
      trx('staff_users').where({ id }).update({ active, updated_at: at, session_epoch: trx.raw('session_epoch + 1') }),
    /** A new password ends every session of the account (its epoch moves on). */
    setPassword: (id: number, passwordHash: string, at: string, trx?: Knex.Transaction) =>
      (trx ?? db)('staff_users').where({ id }).update({ password_hash: passwordHash, updated_at: at, session_epoch: db.raw('session_epoch + 1') }),
    signedIn: (id: number, at: string, trx?: Knex.Transaction) => (trx ?? db)('staff_users').where({ id }).update({ last_login_at: at }),
  };
}
export type StaffRepo = ReturnType<typeof createStaffRepo>;
