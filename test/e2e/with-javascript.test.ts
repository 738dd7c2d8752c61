import type { Server } from 'node:http';
import type { Browser } from 'puppeteer-core';
import { makeTestApp, TestContext, DEMO } from '../helpers/app';
import { launchChromium, serve } from '../helpers/browser';

/** With JavaScript on, the enhancements work: htmx swaps the captcha in place, passwords can be shown. */
let ctx: TestContext;
let chromium: Browser;
let server: Server;
let base: string;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CAPTCHA: 'on' } });
  ({ url: base, server } = await serve(ctx));
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  server?.close();
  await ctx?.close();
});

test('login with the real captcha; 换一张 swaps only the captcha; 显示密码 toggles', async () => {
  const page = await chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}/login`);
  await page.type('[name="idNumber"]', DEMO.liMing.idNumber);
  const firstId = await page.$eval('[name="captchaId"]', (e) => (e as HTMLInputElement).value);
  await page.click('button[value="refresh-captcha"]');
  await page.waitForFunction((old) => (document.querySelector('[name="captchaId"]') as HTMLInputElement).value !== old, {}, firstId);
  // No navigation happened: what was typed is still in the field.
  expect(await page.$eval('[name="idNumber"]', (e) => (e as HTMLInputElement).value)).toBe(DEMO.liMing.idNumber);
  await page.type('[name="password"]', DEMO.liMing.password);
  await page.click('.toggle-password');
  expect(await page.$eval('[name="password"]', (e) => (e as HTMLInputElement).type)).toBe('text');
  const captchaId = await page.$eval('[name="captchaId"]', (e) => (e as HTMLInputElement).value);
  const { answer } = await ctx.db('captchas').where({ id: captchaId }).first();
  await page.type('[name="captcha"]', answer);
  await Promise.all([page.waitForNavigation(), page.click('button[value="login"]')]);
  expect(page.url()).toMatch(/\/me$/);
  expect(errors).toEqual([]);
  await page.close();
});
