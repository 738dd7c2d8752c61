import { createPdfCache } from './pdfCache';

const pdf = (text: string) => Buffer.from(text);
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('the PDF cache per (application, version)', () => {
  test('simultaneous requests for one version render once; later ones are served from the cache', async () => {
    const cache = createPdfCache({ maxBytes: 1000 });
    const gate = deferred<Buffer>();
    const produce = jest.fn(() => gate.promise);
    const a = cache.get(1, 1, produce);
    const b = cache.get(1, 1, produce);
    gate.resolve(pdf('v1'));
    expect((await a).from).toBe('render');
    expect((await b).from).toBe('joined');
    expect((await b).pdf.toString()).toBe('v1');
    const c = await cache.get(1, 1, produce);
    expect(c).toEqual({ pdf: pdf('v1'), from: 'cache' });
    expect(produce).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, joined: 1, entries: 1, bytes: 2 });
  });

  test('a new version renders again and drops the old one', async () => {
    const cache = createPdfCache({ maxBytes: 1000 });
    await cache.get(1, 1, async () => pdf('v1'));
    const v2 = await cache.get(1, 2, async () => pdf('v2'));
    expect(v2).toEqual({ pdf: pdf('v2'), from: 'render' });
    expect(cache.has(1, 1)).toBe(false);
    expect(cache.has(1, 2)).toBe(true);
  });

  test('a late render of an old version does not replace the newer one', async () => {
    const cache = createPdfCache({ maxBytes: 1000 });
    const slow = deferred<Buffer>();
    const old = cache.get(1, 1, () => slow.promise);
    await cache.get(1, 2, async () => pdf('v2'));
    slow.resolve(pdf('v1'));
    await old;
    expect(cache.has(1, 2)).toBe(true);
    expect(cache.has(1, 1)).toBe(false);
  });

  test('a failed render is not cached and the next request tries again', async () => {
    const cache = createPdfCache({ maxBytes: 1000 });
    await expect(cache.get(1, 1, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(cache.has(1, 1)).toBe(false);
    expect((await cache.get(1, 1, async () => pdf('ok'))).from).toBe('render');
  });

  test('bounded in bytes: the least recently used go first', async () => {
    const cache = createPdfCache({ maxBytes: 10 });
    await cache.get(1, 1, async () => pdf('aaaa'));
    await cache.get(2, 1, async () => pdf('bbbb'));
    await cache.get(1, 1, async () => pdf('never')); // touch 1: now 2 is the oldest
    await cache.get(3, 1, async () => pdf('cccc'));
    expect([cache.has(1, 1), cache.has(2, 1), cache.has(3, 1)]).toEqual([true, false, true]);
    expect(cache.stats().bytes).toBe(8);
    await cache.get(4, 1, async () => pdf('x'.repeat(11))); // larger than the whole cache: served, not kept
    expect(cache.has(4, 1)).toBe(false);
    cache.forget(1);
    expect(cache.has(1, 1)).toBe(false);
  });
});
