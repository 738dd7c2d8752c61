import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { SHOTS_DIR, useServedApp } from '../helpers/browser';
import { BUREAU } from '../helpers/wizard';

/**
 * The public help pages in real Chromium, signed out: JavaScript off (plain GET forms and links) and on (the public
 * 网报时间查询 cascade updates in place through its own fragment, no session), at 1024×768 and 360 px wide —
 * nothing wider than the screen. Screenshots: test-output/screenshots/help-*.png.
 */
const served = useServedApp();

async function shots(page: Page, name: string) {
  await page.setViewport({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(SHOTS_DIR, `help-${name}-1024.png`), fullPage: true });
  await page.setViewport({ width: 360, height: 740 });
  // Nothing wider than a phone's screen: long cells wrap, tables turn into one card per row.
  expect([name, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([name, 360]);
  await page.screenshot({ path: path.join(SHOTS_DIR, `help-${name}-360.png`), fullPage: true });
  await page.setViewport({ width: 1024, height: 768 });
}

test('办事指南, 网报时间查询 and 常见问题 with JavaScript off, reached from the home page’s links; the cascade by 查询', async () => {
  const page = await served.chromium.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto(`${served.base}/`);
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/guide"]')]);
  expect(await page.title()).toContain('中小学教师资格定期注册办事指南');
  await shots(page, 'guide');
  await Promise.all([page.waitForNavigation(), page.click('.footer a[href="/guide/window"]')]);
  await page.select('[name="provinceCode"]', BUREAU.provinceCode);
  await Promise.all([page.waitForNavigation(), page.click('button[value="refresh"]')]);
  await page.select('[name="cityCode"]', BUREAU.cityCode);
  await page.select('[name="stage"]', BUREAU.stage);
  await Promise.all([page.waitForNavigation(), page.click('button[value="refresh"]')]);
  await page.select('[name="subject"]', BUREAU.subject);
  const bureauId = String((await served.ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id);
  await page.select('[name="bureauId"]', bureauId);
  await Promise.all([page.waitForNavigation(), page.click('button[value="refresh"]')]);
  expect(await page.$$eval('input[name="pointId"]', (els) => els.length)).toBe(3);
  expect(await page.content()).toContain('网报开始时间');
  await shots(page, 'window');
  await page.goto(`${served.base}/faq`);
  await shots(page, 'faq');
  await page.close();
});

test('with JavaScript on, the public cascade updates in place from its own fragment, without signing in', async () => {
  const page = await served.chromium.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (r.url().includes('cascade')) requests.push(new URL(r.url()).pathname); });
  await page.goto(`${served.base}/guide/window`);
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
  const choose = async (name: string, value: string, waitFor: string) => {
    await page.select(`[name="${name}"]`, value);
    await page.waitForSelector(waitFor, { timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('.htmx-request') && !document.querySelector('#bureau-cascade select[disabled]'), { timeout: 10_000 });
  };
  await choose('provinceCode', BUREAU.provinceCode, `#field-cityCode option[value="${BUREAU.cityCode}"]`);
  await choose('cityCode', BUREAU.cityCode, '#field-bureauId option:nth-child(2)');
  await choose('stage', BUREAU.stage, `#field-subject option[value="${BUREAU.subject}"]`);
  await choose('subject', BUREAU.subject, `#field-subject option[value="${BUREAU.subject}"][selected]`);
  const bureauId = String((await served.ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id);
  await choose('bureauId', bureauId, 'input[name="pointId"]');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  expect(new Set(requests)).toEqual(new Set(['/guide/window/cascade']));
  expect(errors).toEqual([]);
  await page.close();
});
