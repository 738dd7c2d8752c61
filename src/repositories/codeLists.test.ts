import { cachedCodeLists, CodeItemRow, CodeListsRepo } from './codeLists';

/** The cache over a counting stand-in for the table (the cache's own rules; the SQL is tested in integration tests). */
function counting() {
  let reads = 0;
  let name = '在编在岗';
  const repo = {
    all: async (): Promise<CodeItemRow[]> => { reads += 1; return [{ code: '11', name, parent_code: null, active: true, sort: 0 }]; },
  } as unknown as CodeListsRepo;
  return { repo, reads: () => reads, rename: (n: string) => { name = n; } };
}

test('a list is read once per TTL; invalidate makes the next read fresh; other lists are untouched', async () => {
  let now = 0;
  const t = counting();
  const cache = cachedCodeLists(t.repo, 60_000, () => now);
  await cache.all('postType');
  await cache.all('postType');
  expect(t.reads()).toBe(1);
  t.rename('在编在岗（公办）');
  expect((await cache.all('postType'))[0].name).toBe('在编在岗'); // another instance's edit: not yet
  cache.invalidate('postType');
  expect((await cache.all('postType'))[0].name).toBe('在编在岗（公办）');
  expect(t.reads()).toBe(2);
  now = 60_000; // and at most a TTL later without an invalidate
  await cache.all('postType');
  expect(t.reads()).toBe(3);
});
