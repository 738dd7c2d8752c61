import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { openPage, shot } from '../helpers/pageDriver';
import { BUREAU, DETAILS, cameraPhoto } from '../helpers/wizard';

/** 李明 registers through the whole wizard in real Chromium with JavaScript off, photo upload included. */
const served = useServedApp();

async function go(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('steps 1–7 with plain forms', async () => {
  const page = await openPage(served.chromium);
  await page.goto(`${served.base}/login`);
  await page.type('[name="idNumber"]', DEMO.liMing.idNumber);
  await page.type('[name="password"]', DEMO.liMing.password);
  await go(page, 'button[value="login"]');
  await page.goto(`${served.base}/platform`);
  await shot(page, 'platform');
  await page.goto(`${served.base}/apply`);
  expect(page.url()).toContain('/apply/step/1');
  await page.click('#field-agree');
  await go(page, 'main button[type="submit"]');
  // Step 2: without JavaScript each choice is followed by 查询.
  await page.select('[name="provinceCode"]', BUREAU.provinceCode);
  await go(page, 'button[value="refresh"]');
  await page.select('[name="cityCode"]', BUREAU.cityCode);
  await page.select('[name="stage"]', BUREAU.stage);
  await go(page, 'button[value="refresh"]');
  await page.select('[name="subject"]', BUREAU.subject);
  const bureauValue = await page.$eval('#field-bureauId option:nth-child(2)', (o) => (o as HTMLOptionElement).value);
  await page.select('[name="bureauId"]', bureauValue);
  await go(page, 'button[value="refresh"]');
  await page.click('input[name="pointId"]');
  await shot(page, 'step2');
  await go(page, 'button[value="next"]');
  expect(page.url()).toContain('/apply/step/3');
  // Step 3
  await page.click('input[name="certificateId"]');
  for (const [name, value] of Object.entries(DETAILS)) {
    const tag = await page.$eval(`[name="${name}"]`, (e) => e.tagName);
    if (tag === 'SELECT') await page.select(`[name="${name}"]`, value);
    else await page.type(`[name="${name}"]`, value);
  }
  const photoPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tr-photo-')), 'me.jpg');
  fs.writeFileSync(photoPath, await cameraPhoto());
  const input = await page.$('input[name="photo"]');
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(photoPath);
  await shot(page, 'step3');
  await go(page, 'button[value="next"]');
  expect(page.url()).toContain('/apply/step/4');
  await shot(page, 'step4');
  await go(page, 'main form button[type="submit"]');
  await go(page, 'main form button[type="submit"]');
  expect(page.url()).toContain('/apply/step/6');
  await page.click('#field-promise-0');
  await go(page, 'main form button[type="submit"]');
  expect(page.url()).toMatch(/\/apply\/done\/26\d{6}$/);
  expect(await page.content()).toContain('报名成功');
  await shot(page, 'step7');
  await page.goto(`${served.base}/applications`);
  await shot(page, 'applications');
  await page.close();
});
