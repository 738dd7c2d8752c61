import type { Knex } from 'knex';
import type { Scope, StaffRole } from '../domain/principal';
import { MANAGER_ROLES } from '../domain/staffAdmin';
import { applyScope } from './scope';
import { idOf } from './ids';

/** A staff user as the user pages list them: with the names of the bureau and point. */
export type StaffListRow = StaffRow & { bureau_name: string | null; point_name: string | null };

export interface StaffRow {
  id: number; username: string; name: string; role: StaffRole; bureau_id: number | null; point_id: number | null;
  password_hash: string; active: boolean | number; session_epoch: number; created_at: string; updated_at: string | null; last_login_at: string | null;
  /** The TOTP secret, encrypted by the data protector (the demo seed's public secrets are plain text); null until enrolled. */
  totp_secret: string | null;
  /** The last 30-second step a code was accepted for: that code and older ones are refused (no replay). */
  totp_last_step: number | null;
  /** Made by the demo seed (its password and second factor are in README). */
  demo: boolean | number;
}

/** Staff accounts (确认点操作员, 注册机构审核员, 机构管理员, 系统管理员, 审计管理员, 安全管理员). */
export function createStaffRepo(db: Knex) {
  return {
    findById: (id: number): Promise<StaffRow | undefined> => db('staff_users').where({ id }).first(),
    findByUsername: (username: string): Promise<StaffRow | undefined> => db('staff_users').where({ username }).first(),
    async insert(row: Omit<StaffRow, 'id' | 'active' | 'session_epoch' | 'updated_at' | 'last_login_at' | 'totp_secret' | 'totp_last_step' | 'demo'>, trx?: Knex.Transaction): Promise<number> {
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
    /** Active users of the manager roles (bureau admins and the three admin-class roles), for the "last admin" rules. */
    activeManagers: (trx?: Knex.Transaction): Promise<Pick<StaffRow, 'id' | 'role' | 'bureau_id'>[]> =>
      (trx ?? db)('staff_users').whereIn('role', [...MANAGER_ROLES]).andWhere({ active: true }).select('id', 'role', 'bureau_id'),
    /** Enrolment confirmed: the encrypted secret and the step of the code that confirmed it. */
    setSecondFactor: (id: number, encryptedSecret: string, step: number, at: string, trx: Knex.Transaction) =>
      trx('staff_users').where({ id }).update({ totp_secret: encryptedSecret, totp_last_step: step, updated_at: at }),
    /**
     * Claims a step for a sign-in: only when it is later than the last one used, in one statement, so two requests
     * with the same code cannot both pass. Answers whether this request claimed it.
     */
    async claimStep(id: number, step: number, trx?: Knex.Transaction): Promise<boolean> {
      const changed = await (trx ?? db)('staff_users').where({ id })
        .andWhere((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step)).update({ totp_last_step: step });
      return Number(changed) === 1;
    },
    /** The second factor is removed (enrolled again at the next sign-in) and every session of the account ends. */
    clearSecondFactor: (id: number, at: string, trx: Knex.Transaction) =>
      trx('staff_users').where({ id }).update({ totp_secret: null, totp_last_step: null, updated_at: at, session_epoch: trx.raw('session_epoch + 1') }),
    /** Demo accounts present (a production server refuses to start with any). */
    demoUsernames: async (): Promise<string[]> => (await db('staff_users').where({ demo: true }).select('username')).map((r: { username: string }) => r.username),
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
