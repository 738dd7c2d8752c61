import type { Knex } from 'knex';
import { PROTECTION_PURPOSES } from '../security/dataProtector';
import type { PersonalData } from '../security/personalData';

export interface OutboxRow { id: number; channel: 'sms' | 'email'; recipient: string; subject: string | null; body: string; created_at: string }

/** SMS and e-mail sent (the development transport writes only here). */
/** Recipients (mobiles, e-mail addresses) are stored encrypted, found by blind index. */
export function createOutboxRepo(db: Knex, pd: PersonalData) {
  const open = (row: OutboxRow) => pd.openRow('outbox', row);
  return {
    insert: (row: Omit<OutboxRow, 'id'>) => db('outbox').insert(pd.sealRow('outbox', row)),
    latest: async (limit: number): Promise<OutboxRow[]> => (await db<OutboxRow>('outbox').orderBy('id', 'desc').limit(limit)).map((r) => open(r as OutboxRow)),
    /** Everything sent to one recipient, oldest first. */
    allTo: async (recipient: string): Promise<OutboxRow[]> =>
      (await db<OutboxRow>('outbox').whereIn('recipient_index', pd.lookup(PROTECTION_PURPOSES.recipient, recipient)).orderBy('id')).map((r) => open(r as OutboxRow)),
    latestTo: async (recipient: string): Promise<OutboxRow | undefined> => {
      const row = await db<OutboxRow>('outbox').whereIn('recipient_index', pd.lookup(PROTECTION_PURPOSES.recipient, recipient)).orderBy('id', 'desc').first() as OutboxRow | undefined;
      return row && open(row);
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
