import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HTTPResponse, Page } from 'puppeteer-core';
import { DESKTOP } from './pageDriver';

/**
 * The checks every page of the end-to-end story passes (issue 12): a whole-page screenshot at 1024×768 and at
 * 360×640 under test-results/, no sideways scroll at either size (a table may scroll inside its own box),
 * no serious or critical axe-core violation, and — checked once at the end with the Nu Html Checker — the
 * HTML exactly as the server sent it is valid.
 */

const ROOT = path.join(__dirname, '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const PHONE_640 = { width: 360, height: 640 };
const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VNU_JAR = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

interface AxeNode { target: unknown[]; html: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }
interface VnuMessage { type: string; subType?: string; url?: string; lastLine?: number; message: string; extract?: string }

export interface Finding { page: string; problem: string }

export class PageAudit {
  private readonly dir: string;
  private readonly html = new Map<Page, Promise<string | null>>();
  private readonly pages: { name: string; html: string }[] = [];
  readonly findings: Finding[] = [];
  private count = 0;

  /** `tag` names the run (e.g. "story-nojs"): its screenshots go to test-results/<tag>/, emptied first. */
  constructor(readonly tag: string) {
    this.dir = path.join(RESULTS_DIR, tag);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** Keeps the body of each document `page` navigates to (after redirects), as the server sent it. */
  watch(page: Page): void {
    page.on('response', (res: HTTPResponse) => {
      const req = res.request();
      if (!req.isNavigationRequest() || req.frame() !== page.mainFrame()) return;
      if (res.status() >= 300 && res.status() < 400) return;
      if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) return;
      this.html.set(page, res.text().catch(() => null));
    });
  }

  /** Every check on the page as it is now; `name` says which page it is in the screenshots and the findings. */
  async check(page: Page, name: string): Promise<void> {
    const label = `${String(++this.count).padStart(2, '0')}-${name}`;
    for (const size of [DESKTOP, PHONE_640]) {
      await page.setViewport(size);
      await page.screenshot({ path: path.join(this.dir, `${label}-${size.width}.png`), fullPage: true });
      const overflow = await page.evaluate(() => {
        const width = window.innerWidth;
        if (document.documentElement.scrollWidth <= width) return null;
        // Name the innermost elements that stick out, so the finding says what to fix.
        const out = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > width + 1);
        const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
        const describe = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
        return `${document.documentElement.scrollWidth} > ${width}: ${innermost.slice(0, 4).map(describe).join(', ')}`;
      });
      if (overflow) this.findings.push({ page: label, problem: `sideways scroll at ${size.width}px: ${overflow}` });
    }
    await page.setViewport(DESKTOP);
    for (const v of await this.axe(page)) {
      this.findings.push({ page: label, problem: `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160)).join(' | ')}` });
    }
    const served = await this.html.get(page);
    if (served) this.pages.push({ name: label, html: served });
    else this.findings.push({ page: label, problem: 'no HTML document captured for the validity check' });
  }

  /**
   * axe-core's serious and critical violations. Evaluated through DevTools, not a <script> element, so the
   * page's Content-Security-Policy does not apply. axe needs timers, which do not fire while scripts are
   * disabled: a page without JavaScript gets them back for the run only (its own scripts, skipped while it
   * loaded, stay skipped).
   */
  private async axe(page: Page): Promise<AxeViolation[]> {
    const jsOff = !page.isJavaScriptEnabled();
    if (jsOff) await page.setJavaScriptEnabled(true);
    try {
      return await this.runAxe(page);
    } finally {
      if (jsOff) await page.setJavaScriptEnabled(false);
    }
  }

  private async runAxe(page: Page): Promise<AxeViolation[]> {
    const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
    if (!loaded) await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  /** The Nu Html Checker on every page kept so far, in one Java run; its errors become findings. */
  async validate(): Promise<void> {
    if (!this.pages.length) return;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-vnu-'));
    const files = this.pages.map((p) => {
      const file = path.join(tmp, `${p.name}.html`);
      fs.writeFileSync(file, p.html);
      return file;
    });
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 }, (err, _out, errOut) => {
        // vnu exits 1 when it finds errors; the JSON on stderr says which.
        if (err && !errOut.trim().startsWith('{')) reject(new Error(`vnu failed: ${err.message} ${errOut}`));
        else resolve(errOut);
      });
    });
    fs.rmSync(tmp, { recursive: true, force: true });
    const { messages } = JSON.parse(stderr) as { messages: VnuMessage[] };
    for (const m of messages) {
      if (m.type !== 'error' && m.subType !== 'fatal') continue;
      const page = path.basename(decodeURIComponent(m.url ?? ''), '.html');
      this.findings.push({ page, problem: `HTML line ${m.lastLine}: ${m.message} «${(m.extract ?? '').trim().slice(0, 120)}»` });
    }
  }
}
