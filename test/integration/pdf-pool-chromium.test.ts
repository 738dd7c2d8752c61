/*
 * The PDF pool with the real system Chromium: renders wait in line beyond the render time limit and still succeed,
 * and the browser is replaced after a number of renders while renders keep arriving, none failing, the old one gone.
 */
import fs from 'node:fs';
import type { Page } from 'puppeteer-core';
import { createBrowserPool, launchSystemChromium, preparePdfPage } from '../../src/pdf/browserPool';
import { CHROMIUM_PATH } from '../helpers/browser';

const html = (i: number) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>教师资格定期注册申请表 ${i}</h1></body></html>`;
async function print(page: Page, i: number): Promise<Buffer> {
  await page.setContent(html(i), { waitUntil: 'load' });
  return Buffer.from(await page.pdf({ format: 'A4' }));
}
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z'; // a zombie has exited too
  } catch {
    return false;
  }
};

describe('the PDF pool with real Chromium', () => {
  test('a line of renders all succeed through one page: the wait in line does not count against the render limit', async () => {
    const pool = createBrowserPool<Page>({ launch: () => launchSystemChromium(CHROMIUM_PATH, 30_000), size: 1, timeoutMs: 3000, preparePage: preparePdfPage, log: () => undefined });
    try {
      await pool.warm((page) => print(page, 0));
      const pdfs = await Promise.all(Array.from({ length: 24 }, (_, i) => pool.use((page) => print(page, i + 1))));
      expect(pdfs.every((p) => p.subarray(0, 5).toString() === '%PDF-')).toBe(true);
      // 24 renders of ≈ 0.1–0.4 s through one page: the last waits longer than 3 s. Not asserted on the clock
      // (a busy machine): only that nothing failed and the line did form.
      expect(pool.stats()).toMatchObject({ refused: 0, busy: 0, waiting: 0, maxWaiting: 23 });
    } finally {
      await pool.close();
    }
  }, 120_000);

  test('recycled after N renders while renders keep arriving: none fails, and the old Chromium exits', async () => {
    const logs: string[] = [];
    const pool = createBrowserPool<Page>({
      launch: () => launchSystemChromium(CHROMIUM_PATH, 30_000), size: 2, timeoutMs: 20_000, preparePage: preparePdfPage,
      recycleAfter: 5, warmUp: (page) => print(page, 0), log: (m) => logs.push(m),
    });
    try {
      await pool.warm((page) => print(page, 0));
      const firstPid = await pool.pid();
      expect(firstPid).not.toBeNull();
      const pdfs: Buffer[] = [];
      // Three waves of 6 concurrent renders: each passes the threshold while other renders are in flight.
      for (let wave = 0; wave < 3; wave += 1) {
        pdfs.push(...await Promise.all(Array.from({ length: 6 }, (_, i) => pool.use((page) => print(page, wave * 6 + i)))));
        await new Promise((r) => setTimeout(r, 1500)); // the new browser starts and warms beside the old
      }
      expect(pdfs).toHaveLength(18);
      expect(pdfs.every((p) => p.subarray(0, 5).toString() === '%PDF-')).toBe(true);
      const stats = pool.stats();
      expect(stats.recycles).toBeGreaterThanOrEqual(2);
      expect(stats.launches).toBe(stats.recycles + 1);
      expect(logs.join('\n')).toMatch(/Chromium recycled \(\d+ renders\)/);
      const pidNow = await pool.pid();
      expect(pidNow).not.toBe(firstPid);
      for (let i = 0; i < 50 && alive(firstPid as number); i += 1) await new Promise((r) => setTimeout(r, 100));
      expect(alive(firstPid as number)).toBe(false);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
