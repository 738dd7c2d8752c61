import type { Knex } from 'knex';
import type { LimitState } from '../domain/rateLimit';
import { idOf } from './ids';
import { PROTECTION_PURPOSES } from '../security/dataProtector';
import type { PersonalData } from '../security/personalData';

/** Captchas, SMS codes, password-reset tokens and rate-limit counters: short-lived security records. */
export interface CaptchaRow { id: string; answer: string; expires_at: string }
export interface SmsCodeRow {
  id: number; mobile: string; purpose: string; code_hash: string; ip: string; attempts: number;
  created_at: string; expires_at: string; used_at: string | null;
}
export interface ResetRow { id: number; account_id: number; token_hash: string; created_at: string; expires_at: string; used_at: string | null }
export interface RateLimitRow extends LimitState { key: string }

export function createSecurityRepo(db: Knex, pd: PersonalData) {
  const byMobile = (mobile: string) => pd.lookup(PROTECTION_PURPOSES.mobile, mobile);
  return {
    captchas: {
      /** Records an answered captcha; true only the first time, so each captcha answers once (also in a race). */
      spend: async (row: CaptchaRow): Promise<boolean> => {
        const inserted = await db('captchas').insert(row).onConflict('id').ignore().returning('id');
        return inserted.length === 1;
      },
      purgeExpired: (nowIso: string) => db('captchas').where('expires_at', '<', nowIso).del(),
    },
    sms: {
      // The mobile is stored encrypted and found by its blind index.
      async insert(row: Omit<SmsCodeRow, 'id' | 'attempts' | 'used_at'>): Promise<number> {
        const [inserted] = await db('sms_codes').insert(pd.sealRow('sms_codes', row)).returning('id');
        return idOf(inserted);
      },
      latestFor: async (mobile: string, purpose: string): Promise<SmsCodeRow | undefined> => {
        const row = await db<SmsCodeRow>('sms_codes').whereIn('mobile_index', byMobile(mobile)).andWhere({ purpose }).orderBy('id', 'desc').first() as SmsCodeRow | undefined;
        return row && pd.openRow('sms_codes', row);
      },
      countSince: async (column: 'mobile' | 'ip', value: string, sinceIso: string) => {
        const q = column === 'mobile' ? db('sms_codes').whereIn('mobile_index', byMobile(value)) : db('sms_codes').where('ip', value);
        const row = await q.andWhere('created_at', '>=', sinceIso).count<{ n: number | string }[]>({ n: '*' });
        return Number(row[0]?.n ?? 0);
      },
      addAttempt: (id: number) => db('sms_codes').where({ id }).increment('attempts', 1),
      markUsed: (id: number, nowIso: string) => db('sms_codes').where({ id }).whereNull('used_at').update({ used_at: nowIso }),
    },
    resets: {
      insert: (row: Omit<ResetRow, 'id' | 'used_at'>) => db('password_resets').insert(row),
      findByHash: (hash: string) => db<ResetRow>('password_resets').where({ token_hash: hash }).first(),
      /** Marks the token used; returns 1 only for the first caller, so a token works once. */
      markUsed: (id: number, nowIso: string, trx?: Knex.Transaction) => (trx ?? db)('password_resets').where({ id }).whereNull('used_at').update({ used_at: nowIso }),
      invalidateFor: (accountId: number, nowIso: string, trx?: Knex.Transaction) =>
        (trx ?? db)('password_resets').where({ account_id: accountId }).whereNull('used_at').update({ used_at: nowIso }),
    },
    limits: {
      find: (key: string) => db<RateLimitRow>('rate_limits').where({ key }).first(),
      async save(row: RateLimitRow): Promise<void> {
        await db('rate_limits').insert(row).onConflict('key').merge();
      },
      clear: (key: string) => db('rate_limits').where({ key }).del(),
      /**
       * Counts one hit in one statement (an upsert), so that instances counting the same key at the same instant
       * all count: a window that started at or before `windowCutoffIso` is over and the count starts again.
       * Answers the hits and the window's start after this one.
       */
      async countHit(key: string, nowIso: string, windowCutoffIso: string): Promise<{ hits: number; window_started_at: string }> {
        const result = await db.raw(
          `insert into rate_limits ("key", hits, window_started_at, blocked_until) values (?, 1, ?, null)
           on conflict ("key") do update set
             hits = case when rate_limits.window_started_at <= ? then 1 else rate_limits.hits + 1 end,
             window_started_at = case when rate_limits.window_started_at <= ? then excluded.window_started_at else rate_limits.window_started_at end
           returning hits, window_started_at`,
          [key, nowIso, windowCutoffIso, windowCutoffIso],
        );
        const rows = (Array.isArray(result) ? result : result.rows) as { hits: number | string; window_started_at: string }[];
        return { hits: Number(rows[0].hits), window_started_at: rows[0].window_started_at };
      },
      /** Takes one hit back (never below 0). */
      uncount: (key: string) => db('rate_limits').where({ key }).andWhere('hits', '>', 0).decrement('hits', 1),
      /** Rows whose window (24 h at most) and block are both over. */
      purgeStale: (windowCutoffIso: string, nowIso: string) => db('rate_limits').where('window_started_at', '<', windowCutoffIso)
        .andWhere((q) => q.whereNull('blocked_until').orWhere('blocked_until', '<', nowIso)).del(),
    },
  };
}
export type SecurityRepo = ReturnType<typeof createSecurityRepo>;
