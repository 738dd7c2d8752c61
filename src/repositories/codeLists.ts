import type { Knex } from 'knex';

export interface CodeItem { code: string; name: string; parent_code: string | null }
/** An item with what 代码维护 edits: inactive items stay (old applications and drafts still name them). */
export interface CodeItemRow extends CodeItem { active: boolean; sort: number }

/** Code lists (民族, 学段, 学科 …) and regions. */
export function createCodeListsRepo(db: Knex) {
  const items = (trx?: Knex.Transaction) => (trx ?? db)('code_items');
  return {
    /** Every item of a list, inactive ones included, in display order. */
    // async: a Knex builder is a thenable that runs its query again on every await; callers get one result.
    all: async (listName: string, trx?: Knex.Transaction): Promise<CodeItemRow[]> => {
      const rows = await items(trx).where({ list_name: listName }).orderBy([{ column: 'sort' }, { column: 'code' }])
        .select('code', 'name', 'parent_code', 'active', 'sort');
      // SQLite answers booleans as 0/1.
      return rows.map((r: CodeItemRow) => ({ ...r, active: Boolean(r.active), sort: Number(r.sort) }));
    },
    regions: (level: string, parentCode?: string) => {
      const q = db('regions').where({ level });
      if (parentCode) q.andWhere({ parent_code: parentCode });
      return q.orderBy('code').select<{ code: string; name: string }[]>('code', 'name');
    },
    // ---- writes (代码维护), always inside the caller's transaction ----
    insert: (trx: Knex.Transaction, row: { list: string; code: string; name: string; parentCode: string | null; sort: number }) =>
      items(trx).insert({ list_name: row.list, code: row.code, name: row.name, parent_code: row.parentCode, sort: row.sort, active: true }),
    update: (trx: Knex.Transaction, list: string, code: string, patch: Partial<{ name: string; sort: number; active: boolean }>) =>
      items(trx).where({ list_name: list, code }).update(patch),
    /** How many applications chose each code (the applications column of the list). */
    async usage(column: string, trx?: Knex.Transaction): Promise<Map<string, number>> {
      const rows = await (trx ?? db)('applications').whereNotNull(column).groupBy(column).select({ code: column }).count<{ code: string; n: number | string }[]>({ n: '*' });
      return new Map(rows.map((r) => [r.code, Number(r.n)]));
    },
  };
}
export type CodeListsRepo = ReturnType<typeof createCodeListsRepo>;

/**
 * Code lists are read on almost every page and change only when an admin edits them: keep each list for a
 * short while per process. An edit made through this process calls `invalidate`, so its next request reads the
 * change; other instances (several processes on one PostgreSQL) read it within ttlMs — no query per request.
 */
export function cachedCodeLists(repo: CodeListsRepo, ttlMs = 60_000, now: () => number = Date.now) {
  const lists = new Map<string, { at: number; items: Promise<CodeItemRow[]> }>();
  return {
    ...repo,
    all(listName: string, trx?: Knex.Transaction): Promise<CodeItemRow[]> {
      if (trx) return repo.all(listName, trx); // inside a write: the transaction's own view, never cached
      const hit = lists.get(listName);
      if (hit && now() - hit.at < ttlMs) return hit.items;
      const items = repo.all(listName);
      lists.set(listName, { at: now(), items });
      items.catch(() => lists.delete(listName));
      return items;
    },
    /** Forget cached lists (one, or all): the next read goes to the database. */
    invalidate(listName?: string) {
      if (listName) lists.delete(listName);
      else lists.clear();
    },
  };
}
export type CachedCodeListsRepo = ReturnType<typeof cachedCodeLists>;
