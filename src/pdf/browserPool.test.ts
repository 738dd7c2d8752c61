import { createBrowserPool, PdfUnavailableError, PoolBrowser, PoolPage } from './browserPool';

/** A fake browser: counts pages, can die (disconnected) or hang. */
class FakePage implements PoolPage {
  closed = false;
  constructor(readonly id: number, readonly browser: FakeBrowser) {}
  async close() { this.closed = true; }
  isClosed() { return this.closed; }
}
class FakeBrowser implements PoolBrowser<FakePage> {
  pages: FakePage[] = [];
  connected = true;
  closedCalls = 0;
  private onDisconnect: Array<() => void> = [];
  constructor(readonly n: number) {}
  async newPage() {
    const page = new FakePage(this.pages.length + 1, this);
    this.pages.push(page);
    return page;
  }
  async close() {
    this.closedCalls += 1;
    this.die();
  }
  once(_event: 'disconnected', handler: () => void) { this.onDisconnect.push(handler); }
  die() {
    if (!this.connected) return;
    this.connected = false;
    for (const h of this.onDisconnect.splice(0)) h();
  }
}

function setup(opts: { size?: number; timeoutMs?: number; launch?: () => Promise<FakeBrowser> } = {}) {
  const browsers: FakeBrowser[] = [];
  const launch = jest.fn(opts.launch ?? (async () => {
    const b = new FakeBrowser(browsers.length + 1);
    browsers.push(b);
    return b;
  }));
  const logs: string[] = [];
  const pool = createBrowserPool<FakePage>({ launch, size: opts.size ?? 2, timeoutMs: opts.timeoutMs ?? 200, log: (m) => logs.push(m) });
  return { pool, launch, browsers, logs };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the browser pool', () => {
  test('starts nothing until the first use, then one browser for every render, pages reused', async () => {
    const { pool, launch, browsers } = setup();
    expect(launch).not.toHaveBeenCalled();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await pool.use(async (page) => page.id));
    expect(launch).toHaveBeenCalledTimes(1);
    expect(ids).toEqual([1, 1, 1]);
    expect(browsers[0].pages).toHaveLength(1);
    await pool.close();
    expect(browsers[0].closedCalls).toBe(1);
  });

  test('simultaneous first uses share one launch', async () => {
    const { pool, launch } = setup({ size: 3 });
    await Promise.all([1, 2, 3].map(() => pool.use(async () => sleep(5))));
    expect(launch).toHaveBeenCalledTimes(1);
    await pool.close();
  });

  test('never more pages at work than the pool size; the others wait their turn', async () => {
    const { pool } = setup({ size: 2, timeoutMs: 1000 });
    let working = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 7 }, () => pool.use(async () => {
      working += 1;
      most = Math.max(most, working);
      await sleep(10);
      working -= 1;
    })));
    expect(most).toBe(2);
    expect(pool.stats()).toMatchObject({ busy: 0, waiting: 0, launches: 1 });
    await pool.close();
  });

  test('a browser that died is started again on the next use', async () => {
    const { pool, launch, browsers, logs } = setup();
    await pool.use(async () => 1);
    browsers[0].die();
    expect(await pool.use(async (page) => page.browser.n)).toBe(2);
    expect(launch).toHaveBeenCalledTimes(2);
    expect(logs.join('\n')).toMatch(/disconnected/);
    await pool.close();
  });

  test('a launch that fails is a PdfUnavailableError with the reason, and the next use tries again', async () => {
    let attempts = 0;
    const { pool } = setup({ launch: async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('spawn /usr/bin/chromium ENOENT');
      return new FakeBrowser(attempts);
    } });
    await expect(pool.use(async () => 1)).rejects.toThrow(PdfUnavailableError);
    await expect(pool.use(async () => 1)).resolves.toBe(1);
    expect(pool.stats().busy).toBe(0);
    await pool.close();
  });

  test('a launch that hangs gives up after the time limit', async () => {
    const { pool } = setup({ timeoutMs: 50, launch: () => new Promise<FakeBrowser>(() => undefined) });
    const started = Date.now();
    await expect(pool.use(async () => 1)).rejects.toThrow(/starting Chromium took longer than 50 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    await pool.close();
  });

  test('a render that hangs times out, its page is thrown away and its slot freed', async () => {
    const { pool, browsers } = setup({ size: 1, timeoutMs: 50 });
    await expect(pool.use(() => new Promise(() => undefined))).rejects.toThrow(/rendering the PDF took longer than 50 ms/);
    await sleep(5);
    expect(browsers[0].pages[0].closed).toBe(true);
    expect(await pool.use(async (page) => page.id)).toBe(2); // a fresh page, and the slot was free
    await pool.close();
  });

  test('the wait in line does not count against the render time limit: a long line of renders all succeed', async () => {
    const { pool } = setup({ size: 1, timeoutMs: 60 });
    // 6 renders of 30 ms each through one page: the last waits ~150 ms, beyond the 60 ms limit, and still succeeds.
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.use(() => sleep(30).then(() => i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pool.stats()).toMatchObject({ busy: 0, waiting: 0, maxWaiting: 5, refused: 0 });
    await pool.close();
  });

  test('the line is bounded: one caller more than queueMax is refused at once with PdfUnavailableError', async () => {
    const browsers: FakeBrowser[] = [];
    const pool = createBrowserPool<FakePage>({
      launch: async () => { const b = new FakeBrowser(browsers.length + 1); browsers.push(b); return b; },
      size: 1, timeoutMs: 1000, queueMax: 2, log: () => undefined,
    });
    const accepted = [pool.use(() => sleep(40)), pool.use(() => sleep(1)), pool.use(() => sleep(1))]; // 1 working, 2 waiting
    await sleep(5);
    const started = Date.now();
    await expect(pool.use(async () => 'never')).rejects.toThrow(/2 PDFs already waiting for a free page/);
    expect(Date.now() - started).toBeLessThan(30);
    await Promise.all(accepted);
    expect(pool.stats()).toMatchObject({ refused: 1, busy: 0, waiting: 0 });
    await pool.close();
  });

  test('after recycleAfter renders a new browser takes over; renders in flight on the old one finish, then it closes', async () => {
    const browsers: FakeBrowser[] = [];
    const logs: string[] = [];
    const warmed: number[] = [];
    const pool = createBrowserPool<FakePage>({
      launch: async () => { const b = new FakeBrowser(browsers.length + 1); browsers.push(b); return b; },
      size: 2, timeoutMs: 1000, recycleAfter: 3, log: (m) => logs.push(m),
      warmUp: async (page) => { warmed.push(page.browser.n); },
    });
    const slow = pool.use(async (page) => { await sleep(60); return page.browser.n; }); // still running on browser 1 at the switch
    for (let i = 0; i < 3; i += 1) await pool.use(async () => sleep(1));
    await sleep(10); // the new browser starts and is warmed beside the old one
    expect(browsers).toHaveLength(2);
    expect(warmed).toEqual([2]);
    expect(browsers[0].closedCalls).toBe(0); // the slow render still runs on it
    expect(await pool.use(async (page) => page.browser.n)).toBe(2);
    expect(await slow).toBe(1); // finished on the old browser, not failed
    await sleep(5);
    expect(browsers[0].closedCalls).toBe(1); // … which then closed
    expect(pool.stats()).toMatchObject({ launches: 2, recycles: 1, busy: 0 });
    expect(logs.join('\n')).toMatch(/Chromium recycled \(3 renders\)/);
    await pool.close();
    expect(browsers[1].closedCalls).toBe(1);
  });

  test('recycled above a memory size (checked every 50 renders); a failed start keeps the running browser', async () => {
    let attempts = 0;
    const browsers: FakeBrowser[] = [];
    const logs: string[] = [];
    const pool = createBrowserPool<FakePage>({
      launch: async () => {
        attempts += 1;
        if (attempts === 2) throw new Error('out of memory');
        const b = new FakeBrowser(attempts);
        browsers.push(b);
        return b;
      },
      size: 1, timeoutMs: 1000, recycleAboveBytes: 100, memoryOf: (b) => ((b as FakeBrowser).n === 1 ? 500 : 10), log: (m) => logs.push(m),
    });
    for (let i = 0; i < 50; i += 1) await pool.use(async () => undefined);
    await sleep(5);
    expect(logs.join('\n')).toMatch(/recycling Chromium failed, the running one stays: .*out of memory/);
    expect(await pool.use(async (page) => page.browser.n)).toBe(1);
    for (let i = 0; i < 49; i += 1) await pool.use(async () => undefined);
    await sleep(5);
    expect(logs.join('\n')).toMatch(/Chromium recycled \(0 MB\)/);
    expect(await pool.use(async (page) => page.browser.n)).toBe(3);
    expect(browsers[0].closedCalls).toBe(1);
    await pool.close();
  });

  test('an error in the work becomes a PdfUnavailableError and the page is not reused', async () => {
    const { pool, browsers } = setup();
    await expect(pool.use(async () => { throw new Error('Target closed'); })).rejects.toThrow(/PDF rendering failed: Target closed/);
    expect(await pool.use(async (page) => page.id)).toBe(2);
    expect(browsers[0].pages[0].closed).toBe(true);
    await pool.close();
  });

  test('warm() starts the browser and prepares a page ahead of use: the first render launches nothing', async () => {
    const { pool, launch, browsers } = setup();
    const warmed: number[] = [];
    expect(await pool.warm(async (page) => { warmed.push(page.id); })).toBe(true);
    expect(launch).toHaveBeenCalledTimes(1);
    expect(warmed).toEqual([1]);
    expect(pool.stats()).toMatchObject({ launches: 1, busy: 0, idlePages: 1, connected: true });
    expect(await pool.use(async (page) => page.id)).toBe(1); // the warmed page, no new launch
    expect(launch).toHaveBeenCalledTimes(1);
    expect(browsers[0].pages).toHaveLength(1);
    await pool.close();
  });

  test('warm() with no Chromium only logs; the next use tries again and still fails with PdfUnavailableError', async () => {
    const { pool, launch, logs } = setup({ launch: async () => { throw new Error('Chromium not found at /nowhere'); } });
    expect(await pool.warm(async () => undefined)).toBe(false);
    expect(logs.join('\n')).toMatch(/warming the PDF browser failed: Chromium could not be started: Chromium not found at \/nowhere/);
    await expect(pool.use(async () => 1)).rejects.toThrow(PdfUnavailableError);
    expect(launch).toHaveBeenCalledTimes(2);
    expect(pool.stats()).toMatchObject({ busy: 0, connected: false });
    await pool.close();
  });

  test('after close, uses are refused and waiters released', async () => {
    const { pool } = setup({ size: 1, timeoutMs: 1000 });
    const first = pool.use(() => sleep(30));
    const waiting = pool.use(async () => 1);
    await sleep(5);
    await pool.close();
    await expect(waiting).rejects.toThrow(/shut down/);
    await first.catch(() => undefined);
    await expect(pool.use(async () => 1)).rejects.toThrow(/shut down/);
  });
});
