/**
 * PDFs kept in memory per (application id, version), least recently used first out, bounded in bytes.
 * Any change of an application bumps its version (updateApplication), so a stale PDF is never served;
 * a newer version drops the older ones of the same application. Requests for a version being rendered
 * wait for that one render instead of starting their own.
 */
export interface PdfCacheStats { hits: number; misses: number; joined: number; entries: number; bytes: number }

export function createPdfCache(opts: { maxBytes: number }) {
  const entries = new Map<string, { id: number; version: number; pdf: Buffer }>(); // Map order = recency
  const inflight = new Map<string, Promise<Buffer>>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0, joined: 0 };
  const keyOf = (id: number, version: number) => `${id}:${version}`;

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.pdf.length;
  }

  function store(id: number, version: number, pdf: Buffer) {
    for (const entry of entries.values()) if (entry.id === id && entry.version > version) return; // a late render of an old version
    for (const [key, entry] of entries) if (entry.id === id && entry.version < version) remove(key);
    if (pdf.length > opts.maxBytes) return;
    const key = keyOf(id, version);
    remove(key);
    entries.set(key, { id, version, pdf });
    bytes += pdf.length;
    for (const oldest of entries.keys()) {
      if (bytes <= opts.maxBytes) break;
      remove(oldest);
    }
  }

  return {
    /** The cached PDF of this version, or the one being rendered, or a new render by `produce`. */
    async get(id: number, version: number, produce: () => Promise<Buffer>): Promise<{ pdf: Buffer; from: 'cache' | 'joined' | 'render' }> {
      const key = keyOf(id, version);
      const hit = entries.get(key);
      if (hit) {
        stats.hits += 1;
        entries.delete(key); // move to the most recent end
        entries.set(key, hit);
        return { pdf: hit.pdf, from: 'cache' };
      }
      const running = inflight.get(key);
      if (running) {
        stats.joined += 1;
        return { pdf: await running, from: 'joined' };
      }
      stats.misses += 1;
      const render = produce().then((pdf) => {
        store(id, version, pdf);
        return pdf;
      }).finally(() => inflight.delete(key));
      inflight.set(key, render);
      return { pdf: await render, from: 'render' };
    },

    /** Drops every cached version of an application (a later staff action may want it). */
    forget(id: number) {
      for (const [key, entry] of entries) if (entry.id === id) remove(key);
    },

    has: (id: number, version: number) => entries.has(keyOf(id, version)),

    stats(): PdfCacheStats {
      return { ...stats, entries: entries.size, bytes };
    },
  };
}
export type PdfCache = ReturnType<typeof createPdfCache>;
