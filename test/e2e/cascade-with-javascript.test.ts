import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { BUREAU } from '../helpers/wizard';

/** With JavaScript on, step 2's selects update the next list in place (htmx), without a page load. */
const served = useServedApp();

/** Chooses, then waits as a person does until the answer has landed (no request in flight). */
async function choose(page: Page, name: string, value: string, waitFor: string) {
  await page.select(`[name="${name}"]`, value);
  await page.waitForSelector(waitFor, { timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector('.htmx-request') && !document.querySelector('#bureau-cascade select[disabled]'), { timeout: 10_000 });
}

test('选择省 → 市 → 学段 → 学科 → 注册机构 → 确认点 without reloading, then 下一步', async () => {
  const page = await served.chromium.newPage();
  const errors: string[] = [];
  const cascadeRequests: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (r.url().includes('/apply/cascade')) cascadeRequests.push(r.url()); });
  await page.goto(`${served.base}/login`);
  await page.type('[name="idNumber"]', DEMO.liMing.idNumber);
  await page.type('[name="password"]', DEMO.liMing.password);
  await Promise.all([page.waitForNavigation(), page.click('button[value="login"]')]);
  await page.goto(`${served.base}/apply/step/1`);
  await page.click('#field-agree');
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  // A marker on the window: a full page load would remove it.
  await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
  expect(await page.$eval('.no-js-only', (e) => getComputedStyle(e).display)).toBe('none');
  await choose(page, 'provinceCode', BUREAU.provinceCode, `#field-cityCode option[value="${BUREAU.cityCode}"]`);
  await choose(page, 'cityCode', BUREAU.cityCode, '#field-bureauId option:nth-child(2)');
  await choose(page, 'stage', BUREAU.stage, `#field-subject option[value="${BUREAU.subject}"]`);
  await choose(page, 'subject', BUREAU.subject, `#field-subject option[value="${BUREAU.subject}"][selected]`);
  const bureauId = String((await served.ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id);
  await choose(page, 'bureauId', bureauId, 'input[name="pointId"]');
  // Typing in 搜索 narrows the points and keeps the caret in the box.
  await page.type('[name="q"]', '职业');
  await page.waitForFunction(() => document.querySelectorAll('input[name="pointId"]').length === 1, { timeout: 10_000 });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  // The CSRF token never travels in a URL.
  expect(cascadeRequests.length).toBeGreaterThan(3);
  expect(cascadeRequests.some((u) => u.includes('_csrf'))).toBe(false);
  await page.click('input[name="pointId"]');
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  expect(page.url()).toContain('/apply/step/3');
  const draft = await served.ctx.db('drafts').first();
  expect(JSON.parse(draft.data).answers.bureau).toMatchObject({ provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04' });
  expect(errors).toEqual([]);
  await page.close();
});
