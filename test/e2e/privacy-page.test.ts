import path from 'node:path';
import { SHOTS_DIR, useServedApp } from '../helpers/browser';

/**
 * 个人信息处理告知 in real Chromium, signed out and without JavaScript: reached from the footer and from the
 * registration page, readable at 1024×768 and 360 px (nothing wider than the screen). Screenshots:
 * test-output/screenshots/privacy-*.png.
 */
const served = useServedApp();

test('个人信息处理告知 from the footer and the registration page, at 1024 and 360 px', async () => {
  const page = await served.chromium.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto(`${served.base}/`);
  await Promise.all([page.waitForNavigation(), page.click('.footer a[href="/privacy"]')]);
  expect(await page.title()).toContain('个人信息处理告知');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'privacy-1024.png'), fullPage: true });
  await page.setViewport({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
  await page.screenshot({ path: path.join(SHOTS_DIR, 'privacy-360.png'), fullPage: true });
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto(`${served.base}/register`);
  await Promise.all([page.waitForNavigation(), page.click('main .hint a[href="/privacy"]')]);
  expect(await page.$eval('h1', (h) => h.textContent)).toBe('个人信息处理告知');
  await page.close();
});
