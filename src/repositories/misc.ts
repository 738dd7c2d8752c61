import type { Knex } from 'knex';

export interface CodeItem { code: string; name: string; parent_code: string | null }
export interface OutboxRow { id: number; channel: 'sms' | 'email'; recipient: string; subject: string | null; body: string; created_at: string }

/** Code lists (民族 …), the outbox, the audit log, applications' review state and the health probe. */
export function createCodeListsRepo(db: Knex) {
  return {
    // async: a Knex builder is a thenable that runs its query again on every await; callers get one result.
    list: async (listName: string): Promise<CodeItem[]> =>
      db('code_items').where({ list_name: listName, active: true }).orderBy([{ column: 'sort' }, { column: 'code' }]).select('code', 'name', 'parent_code'),
    regions: (level: string, parentCode?: string) => {
      const q = db('regions').where({ level });
      if (parentCode) q.andWhere({ parent_code: parentCode });
      return q.orderBy('code').select<{ code: string; name: string }[]>('code', 'name');
    },
  };
}
export type CodeListsRepo = ReturnType<typeof createCodeListsRepo>;

/**
 * Code lists are read on almost every page and change only when an admin edits them: keep each list
 * for a short while per process (several instances see an edit within ttlMs).
 */
export function cachedCodeLists(repo: CodeListsRepo, ttlMs = 60_000, now: () => number = Date.now): CodeListsRepo {
  const lists = new Map<string, { at: number; items: Promise<CodeItem[]> }>();
  return {
    ...repo,
    list(listName: string) {
      const hit = lists.get(listName);
      if (hit && now() - hit.at < ttlMs) return hit.items;
      const items = Promise.resolve(repo.list(listName));
      lists.set(listName, { at: now(), items });
      items.catch(() => lists.delete(listName));
      return items;
    },
  };
}

export function createOutboxRepo(db: Knex) {
  return {
    insert: (row: Omit<OutboxRow, 'id'>) => db('outbox').insert(row),
    latest: (limit: number) => db<OutboxRow>('outbox').orderBy('id', 'desc').limit(limit),
    latestTo: (recipient: string) => db<OutboxRow>('outbox').where({ recipient }).orderBy('id', 'desc').first(),
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;

export function createAuditRepo(db: Knex) {
  return {
    insert: (row: { actor_type: string; actor_id: number | null; action: string; target: string | null; detail: string | null; ip: string | null; created_at: string }) =>
      db('audit_log').insert(row),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;

export function createApplicationsRepo(db: Knex) {
  return {
    statusesOf: async (accountId: number): Promise<string[]> =>
      (await db('applications').where({ account_id: accountId }).select<{ status: string }[]>('status')).map((r) => r.status),
  };
}
export type ApplicationsRepo = ReturnType<typeof createApplicationsRepo>;

export async function databaseReachable(db: Knex): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
