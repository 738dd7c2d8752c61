import type { CachedCodeListsRepo, CodeItem, CodeItemRow } from '../repositories/codeLists';
import { offeredItems, selectableCodes } from '../domain/codeLists';

/** Names a code of a list ('C04' of 'subject' → 数学); an unknown code reads as itself. */
export type CodeNamer = (list: string, code: string) => string;

interface Derived { offered: CodeItemRow[]; leaves?: string[]; any?: string[] }

/**
 * Code lists and regions for pages that offer or display them (民族, 资格种类, provinces …). Offering and naming
 * differ: only active items are offered, while names come from every item, so an old application or draft that
 * chose an item since deactivated on 代码维护 still reads its name.
 */
export function createReferenceDataService(codeLists: CachedCodeListsRepo) {
  // Worked out once per list as read: the cached list is the same array until it is read again.
  const derivedOf = new WeakMap<CodeItemRow[], Derived>();
  const derived = async (name: string): Promise<Derived> => {
    const all = await codeLists.all(name);
    let d = derivedOf.get(all);
    if (!d) derivedOf.set(all, (d = { offered: offeredItems(all) }));
    return d;
  };
  const service = {
    /** The items offered to choose from (active, under an active parent). */
    list: async (name: string): Promise<CodeItem[]> => (await derived(name)).offered,
    /** Every item, inactive ones too (代码维护, names of old choices). */
    all: (name: string): Promise<CodeItemRow[]> => codeLists.all(name),
    provinces: () => codeLists.regions('province'),
    async nameOf(listName: string, code: string | null): Promise<string> {
      if (!code) return '';
      return (await codeLists.all(listName)).find((i) => i.code === code)?.name ?? '';
    },
    /** Codes a teacher may choose: for a tree the last level, or any level when `parentsSelectable` (所学专业). */
    async selectable(name: string, parentsSelectable = false): Promise<string[]> {
      const d = await derived(name);
      if (parentsSelectable) return (d.any ??= selectableCodes(d.offered, true));
      return (d.leaves ??= selectableCodes(d.offered));
    },
    /** One namer over the given lists (the lists are cached, so this is cheap). */
    async namer(lists: readonly string[]): Promise<CodeNamer> {
      const names = new Map<string, string>();
      for (const name of lists) for (const item of await codeLists.all(name)) names.set(`${name}:${item.code}`, item.name);
      return (list, code) => names.get(`${list}:${code}`) ?? code;
    },
    /** After 代码维护 changed a list: this process reads it again on its next request. */
    invalidate: (name?: string) => codeLists.invalidate(name),
  };
  return service;
}
export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
