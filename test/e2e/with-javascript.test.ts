import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';

/** With JavaScript on, the enhancements work: htmx swaps the captcha in place, passwords can be shown. */
const served = useServedApp({ env: { CAPTCHA: 'on' } });

test('login with the real captcha; 换一张 swaps only the captcha; 显示密码 toggles', async () => {
  const page = await served.chromium.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${served.base}/login`);
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
  const answer = served.ctx.container.services.captcha.answer(captchaId) ?? '';
  await page.type('[name="captcha"]', answer);
  await Promise.all([page.waitForNavigation(), page.click('button[value="login"]')]);
  expect(page.url()).toMatch(/\/me$/);
  expect(errors).toEqual([]);
  await page.close();
});
