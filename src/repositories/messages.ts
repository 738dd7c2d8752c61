import type { Knex } from 'knex';

export interface MessageRow { id: number; application_id: number; author: string; body: string; created_at: string; read_at: string | null }

/** 留言: messages from the point or bureau to the applicant, with their read state. */
export function createMessagesRepo(db: Knex) {
  const q = (trx?: Knex.Transaction) => trx ?? db;
  return {
    of: (applicationId: number): Promise<MessageRow[]> => db('messages').where({ application_id: applicationId }).orderBy('id'),
    unreadCounts: async (applicationIds: number[]): Promise<Map<number, number>> => {
      if (!applicationIds.length) return new Map();
      const rows = await db('messages').whereIn('application_id', applicationIds).whereNull('read_at')
        .groupBy('application_id').select('application_id').count<{ application_id: number; n: number | string }[]>({ n: '*' });
      return new Map(rows.map((r) => [Number(r.application_id), Number(r.n)]));
    },
    /** Per application: how many messages it has and how many are unread (查看留言信息 shows only where there are some). */
    counts: async (applicationIds: number[]): Promise<Map<number, { total: number; unread: number }>> => {
      if (!applicationIds.length) return new Map();
      const rows = await db('messages').whereIn('application_id', applicationIds).groupBy('application_id')
        .select('application_id').count<{ application_id: number; n: number | string; seen: number | string }[]>({ n: '*', seen: 'read_at' });
      return new Map(rows.map((r) => [Number(r.application_id), { total: Number(r.n), unread: Number(r.n) - Number(r.seen) }]));
    },
    markRead: (applicationId: number, at: string) => db('messages').where({ application_id: applicationId }).whereNull('read_at').update({ read_at: at }),
    insert: (row: Omit<MessageRow, 'id' | 'read_at'>, trx?: Knex.Transaction) => q(trx)('messages').insert(row),
  };
}
export type MessagesRepo = ReturnType<typeof createMessagesRepo>;
