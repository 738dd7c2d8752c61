import type { Knex } from 'knex';
import { rows } from '../db/knex';
import { idOf } from './ids';

export interface AccountRow {
  id: number;
  id_type: string;
  id_number: string;
  name: string;
  sex: string | null;
  birth_date: string | null;
  ethnicity_code: string | null;
  id_validity: string | null;
  id_valid_from: string | null;
  id_valid_to: string | null;
  email: string;
  mobile: string;
  password_hash: string;
  realname_status: 'unverified' | 'verified' | 'failed' | 'pending_review';
  realname_verified_at: string | null;
  session_epoch: number;
  last_login_at: string | null;
  previous_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export type NewAccount = Omit<AccountRow, 'id' | 'session_epoch' | 'realname_status' | 'realname_verified_at' | 'last_login_at' | 'previous_login_at'>;

export function createAccountsRepo(db: Knex) {
  const table = (trx?: Knex.Transaction) => (trx ?? db)<AccountRow>('accounts');
  return {
    // Read on every signed-in request (auth.ts): a fixed statement rather than a built query.
    findById: async (id: number): Promise<AccountRow | undefined> => (await rows<AccountRow>(db, 'select * from accounts where id = ? limit 1', [id]))[0],
    findByIdNumber: (idNumber: string) => table().where({ id_number: idNumber }),
    findByTypeAndNumber: (idType: string, idNumber: string) => table().where({ id_type: idType, id_number: idNumber }).first(),
    async insert(row: NewAccount, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await table(trx).insert(row).returning('id');
      return idOf(inserted);
    },
    update: (id: number, patch: Partial<AccountRow>, trx?: Knex.Transaction) => table(trx).where({ id }).update(patch),
    /** Ends every session of the account: sessions carry the epoch they were made in. */
    bumpSessionEpoch: (id: number, trx?: Knex.Transaction) => table(trx).where({ id }).increment('session_epoch', 1),
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
