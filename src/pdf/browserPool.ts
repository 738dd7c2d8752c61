import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

/** The PDF cannot be made now (no Chromium, it crashed, a render took too long, every page busy too long). */
export class PdfUnavailableError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'PdfUnavailableError';
  }
}

/** What the pool needs of a browser and a page (puppeteer-core's Browser and Page; fakes in unit tests). */
export interface PoolPage { close(): Promise<void>; isClosed(): boolean }
export interface PoolBrowser<P extends PoolPage> {
  newPage(): Promise<P>;
  close(): Promise<void>;
  readonly connected: boolean;
  once(event: 'disconnected', handler: () => void): unknown;
  process?(): { pid?: number; kill(signal?: NodeJS.Signals): boolean } | null;
}

export interface BrowserPoolOptions<P extends PoolPage> {
  launch(): Promise<PoolBrowser<P>>;
  /** Pages working at once; further callers wait in line for a free one. */
  size: number;
  /** Limit for the launch and for each piece of work on a page (not for the wait in line: that is bounded by queueMax). */
  timeoutMs: number;
  /** Callers that may wait in line; one more is refused at once (503). Default 100. */
  queueMax?: number;
  /**
   * Chromium grows over a long run (its renderers keep caches): after this many renders on one browser, a new one is
   * started and warmed beside it, takes over the next renders, and the old one closes once its renders in flight are
   * done — none fails. 0: never.
   */
  recycleAfter?: number;
  /** Also recycled when `memoryOf` (checked every 50 renders) says the browser uses more than this many bytes. */
  recycleAboveBytes?: number;
  /** The memory of a browser (all its processes), if it can be read here. */
  memoryOf?(browser: PoolBrowser<P>): Promise<number | null> | number | null;
  /** Runs on the new browser's first page before it takes over (a throwaway render that loads the fonts). */
  warmUp?(page: P): Promise<unknown>;
  /** Runs once on each new page (request blocking, viewport…). */
  preparePage?(page: P): Promise<void>;
  log?(message: string): void;
}

export interface BrowserPoolStats { launches: number; recycles: number; refused: number; busy: number; waiting: number; maxWaiting: number; idlePages: number; connected: boolean }

/** `work` within `ms`; if it finishes only after the limit, `late` disposes of what it made (a browser, a page). */
function withTimeout<T>(work: Promise<T>, ms: number, what: string, late?: (value: T) => unknown): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new PdfUnavailableError(`${what} took longer than ${ms} ms`));
    }, ms);
  });
  if (late) void work.then((value) => { if (timedOut) late(value); }, () => undefined);
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One browser per process, started on first use (or ahead of it by `warm`) and reused; started again if it dies, and
 * replaced after `recycleAfter` renders (or above `recycleAboveBytes`) without failing a render in flight. A bounded
 * set of pages (kept open between renders); callers wait in a bounded line for a free page, and every step on a page
 * has a time limit, so a broken or missing Chromium gives a quick PdfUnavailableError instead of a hanging request.
 */
export function createBrowserPool<P extends PoolPage>(opts: BrowserPoolOptions<P>) {
  const log = opts.log ?? ((m: string) => console.error(m));
  const queueMax = opts.queueMax ?? 100;
  type Entry = { page: P; generation: number };
  let browser: Promise<PoolBrowser<P>> | null = null;
  let generation = 0; // pages of an earlier browser are never reused
  let idle: Entry[] = [];
  let busy = 0;
  let launches = 0;
  let recycles = 0;
  let refused = 0;
  let maxWaiting = 0;
  let rendersOnBrowser = 0;
  let recycling = false;
  let closed = false;
  const waiters: Array<{ resolve(): void; reject(err: Error): void }> = [];
  /** Renders in flight per browser generation, and retired browsers waiting for theirs to finish. */
  const inFlight = new Map<number, number>();
  const retired = new Map<number, PoolBrowser<P>>();

  function forget(dead: Promise<PoolBrowser<P>>) {
    if (browser !== dead) return;
    browser = null;
    generation += 1;
    idle = [];
  }

  function launch(): Promise<PoolBrowser<P>> {
    launches += 1;
    return withTimeout(opts.launch(), opts.timeoutMs, 'starting Chromium', (late) => late.close().catch(() => undefined)).catch((err: unknown) => {
      throw err instanceof PdfUnavailableError ? err : new PdfUnavailableError(`Chromium could not be started: ${reasonOf(err)}`, err);
    });
  }

  /** Makes `b` the current browser (a new generation) and forgets it when it disconnects. */
  function adopt(starting: Promise<PoolBrowser<P>>) {
    void starting.then((b) => {
      b.once('disconnected', () => {
        if (!closed && browser === starting) log('[pdf] Chromium disconnected; it will be started again on the next render');
        forget(starting);
      });
      if (closed) void b.close().catch(() => undefined);
    }, () => forget(starting));
    browser = starting;
  }

  function getBrowser(): Promise<PoolBrowser<P>> {
    if (closed) return Promise.reject(new PdfUnavailableError('the PDF service is shut down'));
    if (browser) return browser;
    rendersOnBrowser = 0;
    adopt(launch());
    return browser as unknown as Promise<PoolBrowser<P>>;
  }

  async function closeBrowser(b: PoolBrowser<P>, ms: number) {
    await withTimeout(b.close(), ms, 'closing Chromium').catch(() => b.process?.()?.kill('SIGKILL'));
  }

  /**
   * A new browser is started and warmed while the current one keeps rendering; then it takes over, and the old one
   * is closed as soon as no render runs on it (its pages finish what they started). A failed start keeps the old one.
   */
  async function recycle(reason: string) {
    if (recycling || closed || !browser) return;
    recycling = true;
    try {
      const b = await launch();
      let first: P | null = null;
      try {
        first = await withTimeout(b.newPage(), opts.timeoutMs, 'opening a page');
        if (opts.preparePage) await withTimeout(opts.preparePage(first), opts.timeoutMs, 'preparing a page');
        if (opts.warmUp) await withTimeout(opts.warmUp(first), opts.timeoutMs, 'warming Chromium');
      } catch (err) {
        await closeBrowser(b, 3000);
        throw err;
      }
      if (closed) return void closeBrowser(b, 3000);
      const old = browser;
      const oldGeneration = generation;
      forget(old as Promise<PoolBrowser<P>>);
      adopt(Promise.resolve(b));
      rendersOnBrowser = 0;
      recycles += 1;
      idle.push({ page: first, generation });
      log(`[pdf] Chromium recycled (${reason})`);
      const previous = old ? await old.catch(() => null) : null;
      if (previous) {
        retired.set(oldGeneration, previous);
        closeRetiredIfDone(oldGeneration);
      }
    } catch (err) {
      log(`[pdf] recycling Chromium failed, the running one stays: ${reasonOf(err)}`);
    } finally {
      recycling = false;
    }
  }

  function closeRetiredIfDone(gen: number) {
    const b = retired.get(gen);
    if (!b || (inFlight.get(gen) ?? 0) > 0) return;
    retired.delete(gen);
    void closeBrowser(b, 5000);
  }

  /** After each render on the current browser: time to recycle? */
  function counted(entry: Entry) {
    if (entry.generation !== generation || !browser) return;
    rendersOnBrowser += 1;
    if (opts.recycleAfter && rendersOnBrowser >= opts.recycleAfter) return void recycle(`${rendersOnBrowser} renders`);
    if (opts.recycleAboveBytes && opts.memoryOf && rendersOnBrowser % 50 === 0) {
      void browser.then(async (b) => {
        const bytes = (await opts.memoryOf?.(b)) ?? null;
        if (bytes !== null && bytes > (opts.recycleAboveBytes as number)) void recycle(`${Math.round(bytes / 2 ** 20)} MB`);
      }).catch(() => undefined);
    }
  }

  async function acquireSlot(): Promise<void> {
    if (closed) throw new PdfUnavailableError('the PDF service is shut down');
    if (busy < opts.size) {
      busy += 1;
      return;
    }
    if (waiters.length >= queueMax) {
      refused += 1;
      throw new PdfUnavailableError(`${waiters.length} PDFs already waiting for a free page (${opts.size} busy)`);
    }
    await new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
      maxWaiting = Math.max(maxWaiting, waiters.length);
    });
  }

  function releaseSlot() {
    const next = waiters.shift();
    if (next) next.resolve(); // the slot passes straight to the next caller
    else busy -= 1;
  }

  async function takePage(): Promise<Entry> {
    while (idle.length) {
      const entry = idle.pop() as Entry;
      if (entry.generation === generation && !entry.page.isClosed()) return entry;
    }
    const b = await getBrowser();
    const gen = generation;
    const page = await withTimeout(b.newPage(), opts.timeoutMs, 'opening a page', (late) => late.close().catch(() => undefined));
    if (opts.preparePage) await withTimeout(opts.preparePage(page), opts.timeoutMs, 'preparing a page');
    return { page, generation: gen };
  }

  /** A page that failed or timed out is closed, not reused; if even that hangs, the browser is restarted. */
  async function discard(entry: Entry) {
    try {
      await withTimeout(entry.page.close(), 2000, 'closing a page');
    } catch {
      if (entry.generation === generation && browser) {
        log('[pdf] a page would not close; restarting Chromium');
        await restart();
      }
    }
  }

  async function restart() {
    const current = browser;
    if (!current) return;
    forget(current);
    const b = await current.catch(() => null);
    if (b) await closeBrowser(b, 3000);
  }

  return {
    /**
     * Runs `work` on a pooled page within the time limit (`limitMs` for a longer piece of work: a batch of many
     * forms); the wait in line for a page does not count against it. Every failure becomes a PdfUnavailableError.
     */
    async use<T>(work: (page: P) => Promise<T>, limitMs = opts.timeoutMs): Promise<T> {
      await acquireSlot();
      let entry: Entry | null = null;
      try {
        entry = await takePage();
        const gen = entry.generation;
        inFlight.set(gen, (inFlight.get(gen) ?? 0) + 1);
        let result: T;
        try {
          result = await withTimeout(work(entry.page), limitMs, 'rendering the PDF');
        } finally {
          inFlight.set(gen, (inFlight.get(gen) ?? 1) - 1);
          if (!inFlight.get(gen)) inFlight.delete(gen);
        }
        if (!closed && entry.generation === generation) {
          idle.push(entry);
          counted(entry);
        } else {
          void entry.page.close().catch(() => undefined);
          closeRetiredIfDone(gen);
        }
        entry = null;
        return result;
      } catch (err) {
        if (entry) {
          void discard(entry);
          closeRetiredIfDone(entry.generation);
        }
        throw err instanceof PdfUnavailableError ? err : new PdfUnavailableError(`PDF rendering failed: ${reasonOf(err)}`, err);
      } finally {
        releaseSlot();
      }
    },

    /**
     * Starts the browser now and runs `work` once on a page (a throwaway render that loads the fonts), so the
     * first real render finds a running browser and a prepared page. Never throws: a failure is logged and
     * changes nothing (the next use tries to start Chromium again and fails as before, with a 503).
     */
    async warm(work: (page: P) => Promise<unknown>): Promise<boolean> {
      try {
        await this.use(work);
        rendersOnBrowser = 0; // the warm-up is not a render
        return true;
      } catch (err) {
        log(`[pdf] warming the PDF browser failed: ${reasonOf(err)}`);
        return false;
      }
    },

    /** Replaces the browser now (as recycleAfter does), without failing a render in flight. */
    recycle: () => recycle('asked'),

    /** Closes the browser (and any retired one); waiting callers get PdfUnavailableError. Safe to call twice. */
    async close(): Promise<void> {
      closed = true;
      for (const w of waiters.splice(0)) w.reject(new PdfUnavailableError('the PDF service is shut down'));
      idle = [];
      const current = browser;
      browser = null;
      const old = [...retired.values()];
      retired.clear();
      const b = current ? await current.catch(() => null) : null;
      await Promise.all([...(b ? [b] : []), ...old].map((x) => closeBrowser(x, 5000)));
    },

    stats(): BrowserPoolStats {
      return { launches, recycles, refused, busy, waiting: waiters.length, maxWaiting, idlePages: idle.length, connected: browser !== null };
    },

    /** The Chromium process id (for the benchmark's memory reading), if one is running. */
    async pid(): Promise<number | null> {
      const b = browser ? await browser.catch(() => null) : null;
      return b?.process?.()?.pid ?? null;
    },
  };
}
export type BrowserPool<P extends PoolPage = Page> = ReturnType<typeof createBrowserPool<P>>;

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-extensions',
  '--disable-default-apps', '--mute-audio', '--font-render-hinting=none',
  // No network below the page's request blocking either: Chromium opens sockets of its own (preconnects for the
  // origins a document names) before any request exists to abort. Every connection goes to a proxy at a port nothing
  // listens on — loopback included (<-loopback>), which Chromium would otherwise reach directly.
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
];

/** Starts the system Chromium through puppeteer-core (never a downloaded browser), with a fresh profile. */
export async function launchSystemChromium(executablePath: string, timeoutMs: number): Promise<Browser> {
  if (!fs.existsSync(executablePath)) throw new PdfUnavailableError(`Chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  let puppeteer: typeof import('puppeteer-core');
  try {
    puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
  } catch (err) {
    throw new PdfUnavailableError(`puppeteer-core is not installed: ${reasonOf(err)}`, err);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-pdf-chromium-'));
  try {
    const browser = await puppeteer.launch({
      executablePath, headless: true, timeout: timeoutMs, args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`],
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // the server closes it on shutdown
    });
    browser.once('disconnected', () => fs.rm(userDataDir, { recursive: true, force: true }, () => undefined));
    return browser;
  } catch (err) {
    fs.rm(userDataDir, { recursive: true, force: true }, () => undefined);
    throw new PdfUnavailableError(`Chromium at ${executablePath} did not start: ${reasonOf(err)}`, err);
  }
}

/**
 * What a PDF page may load: the document itself (set by `setContent`, i.e. about:blank) and data: URLs (the photo).
 * The stylesheet is inlined, the barcode is inline SVG, the fonts are the system's own: nothing else is needed, so
 * anything else — a crafted field's `<img src=http://…>`, a CSS url(), an @import — is refused (issue 13: SSRF).
 */
export function pdfRequestAllowed(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}

/**
 * A page that loads nothing from anywhere: the form arrives as HTML with its photo as a data: URL. Every request
 * but those `pdfRequestAllowed` names is aborted, and the page runs no script of its own (only the fitting
 * functions the server evaluates), so nothing in a document could open a WebSocket or a fetch behind the
 * interception's back.
 */
export async function preparePdfPage(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (pdfRequestAllowed(request.url())) void request.continue();
    else void request.abort('blockedbyclient');
  });
  page.setDefaultTimeout(30_000);
}
