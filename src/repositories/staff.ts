import type { Knex } from 'knex';
import type { StaffRole } from '../domain/principal';
import { idOf } from './ids';

export interface StaffRow {
  id: number; username: string; name: string; role: StaffRole; bureau_id: number | null; point_id: number | null;
  password_hash: string; active: boolean | number; session_epoch: number; created_at: string; updated_at: string | null; last_login_at: string | null;
}

/** Staff accounts (确认点操作员, 注册机构审核员, 机构管理员, 系统管理员). */
export function createStaffRepo(db: Knex) {
  return {
    findById: (id: number): Promise<StaffRow | undefined> => db('staff_users').where({ id }).first(),
    findByUsername: (username: string): Promise<StaffRow | undefined> => db('staff_users').where({ username }).first(),
    async insert(row: Omit<StaffRow, 'id' | 'active' | 'session_epoch' | 'updated_at' | 'last_login_at'>): Promise<number> {
      const [inserted] = await db('staff_users').insert(row).returning('id');
      return idOf(inserted);
    },
    /** A new password ends every session of the account (its epoch moves on). */
    setPassword: (id: number, passwordHash: string, at: string) =>
      db('staff_users').where({ id }).update({ password_hash: passwordHash, updated_at: at, session_epoch: db.raw('session_epoch + 1') }),
    signedIn: (id: number, at: string) => db('staff_users').where({ id }).update({ last_login_at: at }),
  };
}
export type StaffRepo = ReturnType<typeof createStaffRepo>;
