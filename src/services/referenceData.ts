import type { CodeItem, CodeListsRepo } from '../repositories/codeLists';

/** Names a code of a list ('C04' of 'subject' → 英语); an unknown code reads as itself. */
export type CodeNamer = (list: string, code: string) => string;

/** Code lists and regions for pages that only display or offer them (民族, 资格种类, provinces …). */
export function createReferenceDataService(codeLists: CodeListsRepo) {
  // Selectable codes by the list they come from: the cached list is the same array until it is read again.
  const selectableOf = new WeakMap<CodeItem[], string[]>();
  const service = {
    list: (name: string): Promise<CodeItem[]> => codeLists.list(name),
    provinces: () => codeLists.regions('province'),
    async nameOf(listName: string, code: string | null): Promise<string> {
      if (!code) return '';
      return (await codeLists.list(listName)).find((i) => i.code === code)?.name ?? '';
    },
    /** Selectable codes: for a tree (items with parents), only the last level. */
    async selectable(name: string): Promise<string[]> {
      const items = await codeLists.list(name);
      let codes = selectableOf.get(items);
      if (!codes) {
        const parents = new Set(items.map((i) => i.parent_code).filter(Boolean));
        codes = items.filter((i) => !parents.has(i.code)).map((i) => i.code);
        selectableOf.set(items, codes);
      }
      return codes;
    },
    /** One namer over the given lists (the lists are cached, so this is cheap). */
    async namer(lists: readonly string[]): Promise<CodeNamer> {
      const names = new Map<string, string>();
      for (const name of lists) for (const item of await codeLists.list(name)) names.set(`${name}:${item.code}`, item.name);
      return (list, code) => names.get(`${list}:${code}`) ?? code;
    },
  };
  return service;
}
export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
