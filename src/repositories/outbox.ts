import type { Knex } from 'knex';

export interface OutboxRow { id: number; channel: 'sms' | 'email'; recipient: string; subject: string | null; body: string; created_at: string }

/** SMS and e-mail sent (the development transport writes only here). */
export function createOutboxRepo(db: Knex) {
  return {
    insert: (row: Omit<OutboxRow, 'id'>) => db('outbox').insert(row),
    latest: (limit: number) => db<OutboxRow>('outbox').orderBy('id', 'desc').limit(limit),
    latestTo: (recipient: string) => db<OutboxRow>('outbox').where({ recipient }).orderBy('id', 'desc').first(),
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
