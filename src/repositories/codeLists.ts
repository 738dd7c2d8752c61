import type { Knex } from 'knex';

export interface CodeItem { code: string; name: string; parent_code: string | null }

/** Code lists (民族, 学段, 学科 …) and regions. */
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
