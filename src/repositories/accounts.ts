import type { Knex } from 'knex';
import { rows } from '../db/knex';
import { idOf } from './ids';
import { PROTECTION_PURPOSES } from '../security/dataProtector';
import { PROTECTED_TABLES, type PersonalData } from '../security/personalData';

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
  /** 港澳或台湾当地有效身份证件号码 (002 §2.1 b; types 2–4), NULL until given. Encrypted at rest. */
  local_id_number: string | null;
  /** 通行证号码 of a 港澳台居民居住证 holder (002 §2.1 c), NULL until given. Encrypted at rest. */
  pass_number: string | null;
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

export type NewAccount = Omit<AccountRow, 'id' | 'session_epoch' | 'realname_status' | 'realname_verified_at' | 'last_login_at' | 'previous_login_at' | 'local_id_number' | 'pass_number'>;

const PROTECTED = PROTECTED_TABLES.find((t) => t.table === 'accounts')?.text ?? [];

/**
 * 证件号码 and 手机号码 (and the 港澳台 holders' local ID and 通行证 numbers) are stored encrypted, the first two with
 * their blind indexes (security/personalData.ts): sealed here on write, opened here on read, looked up by index.
 * Callers see plaintext.
 */
export function createAccountsRepo(db: Knex, pd: PersonalData) {
  const table = (trx?: Knex.Transaction) => (trx ?? db)<AccountRow>('accounts');
  const open = (row: AccountRow | undefined) => (row ? pd.openRow('accounts', row) : undefined);
  return {
    // Read on every signed-in request (auth.ts): a fixed statement rather than a built query.
    findById: async (id: number): Promise<AccountRow | undefined> => open((await rows<AccountRow>(db, 'select * from accounts where id = ? limit 1', [id]))[0]),
    findByIdNumber: async (idNumber: string): Promise<AccountRow[]> =>
      (await table().whereIn('id_number_index', pd.lookup(PROTECTION_PURPOSES.idNumber, idNumber))).map((r) => pd.openRow('accounts', r as AccountRow)),
    findByTypeAndNumber: async (idType: string, idNumber: string): Promise<AccountRow | undefined> =>
      open(await table().where({ id_type: idType }).whereIn('id_number_index', pd.lookup(PROTECTION_PURPOSES.idNumber, idNumber)).first() as AccountRow | undefined),
    /** The name a rate-limit counter keys an 证件号码 by (its blind index: the number itself is not stored in the clear). */
    limitKeyOf: (idNumber: string): string => pd.index(PROTECTION_PURPOSES.idNumber, idNumber),
    async insert(row: NewAccount, trx?: Knex.Transaction): Promise<number> {
      const [inserted] = await table(trx).insert(pd.sealRow('accounts', row)).returning('id');
      return idOf(inserted);
    },
    /**
     * A new value of a protected column is sealed (with its index where it has one); the row's key_version moves only
     * when every protected column is rewritten, so it never claims a column still under an older key.
     */
    update(id: number, patch: Partial<AccountRow>, trx?: Knex.Transaction) {
      const sealed: Record<string, unknown> = { ...patch };
      const given = patch as Record<string, unknown>;
      for (const { column, index } of PROTECTED) {
        const value = given[column];
        if (typeof value !== 'string') continue;
        sealed[column] = pd.seal(value);
        if (index) sealed[index.column] = pd.index(index.purpose, value);
      }
      if (PROTECTED.every(({ column }) => given[column] !== undefined)) sealed.key_version = pd.keyVersion;
      return table(trx).where({ id }).update(sealed);
    },
    /** Ends every session of the account: sessions carry the epoch they were made in. */
    bumpSessionEpoch: (id: number, trx?: Knex.Transaction) => table(trx).where({ id }).increment('session_epoch', 1),
  };
}
export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
