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
  process?(): { kill(signal?: NodeJS.Signals): boolean } | null;
}

export interface BrowserPoolOptions<P extends PoolPage> {
  launch(): Promise<PoolBrowser<P>>;
  /** Pages working at once; further callers wait (up to timeoutMs) for a free one. */
  size: number;
  /** Limit for the launch, for the wait for a page, and for each piece of work on a page. */
  timeoutMs: number;
  /** Runs once on each new page (request blocking, viewport…). */
  preparePage?(page: P): Promise<void>;
  log?(message: string): void;
}

export interface BrowserPoolStats { launches: number; busy: number; waiting: number; idlePages: number; connected: boolean }

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
 * One browser per process, started on first use (or ahead of it by `warm`) and reused; started again if it dies. A bounded set of
 * pages (kept open between renders); a caller waits for a free page, and every step has a time limit,
 * so a broken or missing Chromium gives a quick PdfUnavailableError instead of a hanging request.
 */
export function createBrowserPool<P extends PoolPage>(opts: BrowserPoolOptions<P>) {
  const log = opts.log ?? ((m: string) => console.error(m));
  let browser: Promise<PoolBrowser<P>> | null = null;
  let generation = 0; // pages of an earlier browser are never reused
  let idle: Array<{ page: P; generation: number }> = [];
  let busy = 0;
  let launches = 0;
  let closed = false;
  const waiters: Array<{ resolve(): void; reject(err: Error): void; timer: NodeJS.Timeout }> = [];

  function forget(dead: Promise<PoolBrowser<P>>) {
    if (browser !== dead) return;
    browser = null;
    generation += 1;
    idle = [];
  }

  function getBrowser(): Promise<PoolBrowser<P>> {
    if (closed) return Promise.reject(new PdfUnavailableError('the PDF service is shut down'));
    if (browser) return browser;
    launches += 1;
    const starting: Promise<PoolBrowser<P>> = withTimeout(opts.launch(), opts.timeoutMs, 'starting Chromium', (late) => late.close().catch(() => undefined)).then((b) => {
      b.once('disconnected', () => {
        if (!closed) log('[pdf] Chromium disconnected; it will be started again on the next render');
        forget(starting);
      });
      if (closed) void b.close().catch(() => undefined);
      return b;
    }, (err: unknown) => {
      forget(starting);
      throw err instanceof PdfUnavailableError ? err : new PdfUnavailableError(`Chromium could not be started: ${reasonOf(err)}`, err);
    });
    browser = starting;
    return starting;
  }

  async function acquireSlot(): Promise<void> {
    if (closed) throw new PdfUnavailableError('the PDF service is shut down');
    if (busy < opts.size) {
      busy += 1;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve, reject,
        timer: setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          reject(new PdfUnavailableError(`no free PDF page within ${opts.timeoutMs} ms (${opts.size} busy)`));
        }, opts.timeoutMs),
      };
      waiters.push(waiter);
    });
  }

  function releaseSlot() {
    const next = waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes straight to the next caller
    } else {
      busy -= 1;
    }
  }

  async function takePage(): Promise<{ page: P; generation: number }> {
    while (idle.length) {
      const entry = idle.pop() as { page: P; generation: number };
      if (entry.generation === generation && !entry.page.isClosed()) return entry;
    }
    const b = await getBrowser();
    const gen = generation;
    const page = await withTimeout(b.newPage(), opts.timeoutMs, 'opening a page', (late) => late.close().catch(() => undefined));
    if (opts.preparePage) await withTimeout(opts.preparePage(page), opts.timeoutMs, 'preparing a page');
    return { page, generation: gen };
  }

  /** A page that failed or timed out is closed, not reused; if even that hangs, the browser is restarted. */
  async function discard(entry: { page: P; generation: number }) {
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
    if (!b) return;
    await withTimeout(b.close(), 3000, 'closing Chromium').catch(() => b.process?.()?.kill('SIGKILL'));
  }

  return {
    /**
     * Runs `work` on a pooled page within the time limit (`limitMs` for a longer piece of work: a batch of many
     * forms). Every failure becomes a PdfUnavailableError.
     */
    async use<T>(work: (page: P) => Promise<T>, limitMs = opts.timeoutMs): Promise<T> {
      await acquireSlot();
      let entry: { page: P; generation: number } | null = null;
      try {
        entry = await takePage();
        const result = await withTimeout(work(entry.page), limitMs, 'rendering the PDF');
        if (!closed && entry.generation === generation) idle.push(entry);
        else void entry.page.close().catch(() => undefined);
        entry = null;
        return result;
      } catch (err) {
        if (entry) void discard(entry);
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
        return true;
      } catch (err) {
        log(`[pdf] warming the PDF browser failed: ${reasonOf(err)}`);
        return false;
      }
    },

    /** Closes the browser; waiting callers get PdfUnavailableError. Safe to call twice. */
    async close(): Promise<void> {
      closed = true;
      for (const w of waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new PdfUnavailableError('the PDF service is shut down'));
      }
      idle = [];
      const current = browser;
      browser = null;
      const b = current ? await current.catch(() => null) : null;
      if (b) await withTimeout(b.close(), 5000, 'closing Chromium').catch(() => b.process?.()?.kill('SIGKILL'));
    },

    stats(): BrowserPoolStats {
      return { launches, busy, waiting: waiters.length, idlePages: idle.length, connected: browser !== null };
    },

    /** The Chromium process id (for the benchmark's memory reading), if one is running. */
    async pid(): Promise<number | null> {
      const b = browser ? await browser.catch(() => null) : null;
      const proc = b?.process?.() as { pid?: number } | null | undefined;
      return proc?.pid ?? null;
    },
  };
}
export type BrowserPool<P extends PoolPage = Page> = ReturnType<typeof createBrowserPool<P>>;

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-extensions',
  '--disable-default-apps', '--mute-audio', '--font-render-hinting=none',
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

/** A page that loads nothing from anywhere: the form arrives as HTML with its photo as a data: URL. */
export async function preparePdfPage(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') void request.continue();
    else void request.abort('blockedbyclient');
  });
  page.setDefaultTimeout(30_000);
}
