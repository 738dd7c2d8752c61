import type { CodeItem, CodeListsRepo } from '../repositories/misc';

/** Code lists and regions for pages that only display or offer them (民族, 资格种类, provinces …). */
export function createReferenceDataService(codeLists: CodeListsRepo) {
  return {
    list: (name: string): Promise<CodeItem[]> => codeLists.list(name),
    provinces: () => codeLists.regions('province'),
    async nameOf(listName: string, code: string | null): Promise<string> {
      if (!code) return '';
      return (await codeLists.list(listName)).find((i) => i.code === code)?.name ?? '';
    },
  };
}
export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
