import { useServedApp } from '../helpers/browser';
import { openPage, shot, signInAsStaff } from '../helpers/pageDriver';
import { agreeToPromise, completeDraft, newApplicant } from '../helpers/applicants';

/**
 * 批量打印 with JavaScript on: the progress page is not reloaded (its <noscript> refresh is inert); htmx polls the
 * progress region until the download link appears, and the PDF it links is real.
 */
const served = useServedApp();

test('the counter prints its forms as one PDF; htmx updates the progress in place until 下载申请表 PDF', async () => {
  const { ctx } = served;
  for (let n = 1; n <= 3; n += 1) {
    const who = await newApplicant(ctx, n);
    await completeDraft(ctx, who.account, who.certificateId);
    await agreeToPromise(ctx, who.account);
  }
  const page = await openPage(served.chromium, { js: true });
  await signInAsStaff(page, served.base, 'operator');
  await page.goto(`${served.base}/staff/counter`);
  const printAll = await page.$$eval('main button', (bs) => bs.findIndex((b) => (b.textContent ?? '').startsWith('批量打印申请表（当前筛选的全部')));
  expect(printAll).toBeGreaterThanOrEqual(0);
  await Promise.all([page.waitForNavigation(), page.$$('main button').then((bs) => bs[printAll].click())]);
  expect(page.url()).toMatch(/\/staff\/print\/[\w-]+$/);

  // The job is still running when the page first shows (Chromium of the PDF pool starts with it): htmx polls.
  expect(await page.$eval('#print-progress', (e) => e.getAttribute('data-hx-get'))).toMatch(/\/status$/);
  // A mark on the window survives only if the page is never reloaded.
  await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });
  const link = await page.waitForSelector('#print-download', { timeout: 45_000 });
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(await page.$eval('#print-progress', (e) => e.textContent)).toContain('已完成');
  await shot(page, 'print-progress-done-1024');

  const href = await link?.evaluate((a) => (a as HTMLAnchorElement).href);
  const pdf = await page.evaluate(async (url) => {
    const res = await fetch(url as string);
    return { type: res.headers.get('content-type'), head: new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)) };
  }, href);
  expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
  await page.close();
});
