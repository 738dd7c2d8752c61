import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';

/**
 * With JavaScript on, 免费获取验证码 sends the code without reloading the form: htmx swaps only the
 * SMS block, so the passwords typed above… or below it are still there afterwards.
 */
const served = useServedApp({ env: { CAPTCHA: 'on' } });

const value = (page: Page, name: string) => page.$eval(`[name="${name}"]`, (e) => (e as HTMLInputElement).value);

async function answerCaptcha(page: Page) {
  const captchaId = await value(page, 'captchaId');
  const answer = served.ctx.container.services.captcha.answer(captchaId) ?? '';
  await page.type('[name="captcha"]', answer);
  return captchaId;
}

async function smsCode(mobile: string) {
  const row = await served.ctx.container.repos.outbox.latestTo(mobile);
  return /(\d{6})/.exec(row?.body ?? '')?.[1] ?? '';
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

test('账号注册: passwords typed, 免费获取验证码 clicked, passwords still there; registration completes', async () => {
  const page = await served.chromium.newPage();
  const errors = watchErrors(page);
  await page.goto(`${served.base}/register`);
  await page.type('[name="idNumber"]', '440781199210030056');
  await page.type('[name="name"]', '王磊');
  await page.type('[name="email"]', 'wanglei@example.com');
  // The passwords first, although the page puts them below the code: a person may go back up.
  await page.type('[name="password"]', 'Abc#12345');
  await page.type('[name="password2"]', 'Abc#12345');
  await page.type('[name="mobile"]', '13800138001');
  const spentCaptcha = await answerCaptcha(page);
  const url = page.url();
  await page.click('button[value="send-sms"]');
  await page.waitForFunction(() => document.querySelector('#sms-block [role="status"]') !== null);
  expect(await page.$eval('#sms-block', (e) => e.textContent)).toContain('短信验证码已经发送');
  expect(page.url()).toBe(url);
  expect(await value(page, 'password')).toBe('Abc#12345');
  expect(await value(page, 'password2')).toBe('Abc#12345');
  expect(await value(page, 'idNumber')).toBe('440781199210030056');
  expect(await value(page, 'mobile')).toBe('13800138001');
  expect(await value(page, 'captchaId')).not.toBe(spentCaptcha);
  await page.type('[name="smsCode"]', await smsCode('13800138001'));
  await page.click('[name="agree"]');
  await Promise.all([page.waitForNavigation(), page.click('button[value="register"]')]);
  expect(page.url()).toContain('/login');
  expect(await served.ctx.container.repos.accounts.findByTypeAndNumber('1', '440781199210030056')).toBeTruthy();
  expect(errors).toEqual([]);
  await page.close();
});

test('忘记密码 by SMS: the new passwords survive 免费获取验证码', async () => {
  const page = await served.chromium.newPage();
  const errors = watchErrors(page);
  await page.goto(`${served.base}/password/forgot`);
  await page.type('[name="idNumber"]', DEMO.huang.idNumber);
  await page.type('[name="name"]', '黄志强');
  await answerCaptcha(page);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]:not(.link)')]);
  expect(page.url()).toContain('/password/forgot/verify');
  await page.click('[name="method"][value="sms"]');
  await page.type('[name="password"]', 'New#Pass99');
  await page.type('[name="password2"]', 'New#Pass99');
  await page.click('button[value="send-sms"]');
  await page.waitForFunction(() => document.querySelector('#sms-block [role="status"]') !== null);
  expect(await value(page, 'password')).toBe('New#Pass99');
  expect(await value(page, 'password2')).toBe('New#Pass99');
  expect(await page.$eval('[name="method"][value="sms"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
});
