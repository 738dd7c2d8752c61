import type { Page } from 'puppeteer-core';
import { lastSmsCode } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { openPage, PHONE, shot } from '../helpers/pageDriver';

/**
 * A teacher on a browser with JavaScript off: registers, logs in, completes identity, passes the
 * real-name check and reads her certificates, all through plain forms in real Chromium.
 */
const served = useServedApp();

async function fill(page: Page, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) {
    const el = await page.$(`[name="${name}"]`);
    if (!el) throw new Error(`no field ${name}`);
    const tag = await el.evaluate((e) => `${e.tagName}:${(e as HTMLInputElement).type}`);
    if (tag.startsWith('SELECT')) await page.select(`[name="${name}"]`, value);
    else if (tag.endsWith('radio')) await page.click(`[name="${name}"][value="${value}"]`);
    else if (tag.endsWith('checkbox')) { if (value) await el.click(); }
    else {
      await el.click({ clickCount: 3 });
      await el.type(value);
    }
  }
}

async function clickAndWait(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('register → login → 补充身份信息 → 实名认证 → 证书信息, JavaScript off', async () => {
  const page = await openPage(served.chromium);
  await page.goto(`${served.base}/register`);
  const person = { idType: '1', idNumber: '440781199210030056', name: '王磊', email: 'wanglei@example.com', mobile: '13800138001' };
  await fill(page, { ...person, password: 'Abc#12345', password2: 'Abc#12345' });
  await clickAndWait(page, 'button[value="send-sms"]');
  expect(await page.content()).toContain('短信验证码已经发送');
  // The page came back with what was typed (not the passwords).
  expect(await page.$eval('[name="idNumber"]', (e) => (e as HTMLInputElement).value)).toBe(person.idNumber);
  await fill(page, { password: 'Abc#12345', password2: 'Abc#12345', smsCode: await lastSmsCode(served.ctx, person.mobile), agree: '1' });
  await shot(page, 'register-filled');
  await clickAndWait(page, 'button[value="register"]');
  expect(page.url()).toContain('/login');
  await fill(page, { password: 'Abc#12345' });
  await clickAndWait(page, 'button[value="login"]');
  expect(page.url()).toContain('/me/complete');
  await clickAndWait(page, 'button[type="submit"]:not(.link)');
  expect(await page.content()).toContain('请修改以下内容后重新提交');
  await shot(page, 'complete-errors');
  await fill(page, { ethnicityCode: '01', validity: '20', validFrom: '2020-05-06' });
  await clickAndWait(page, 'main button[type="submit"]');
  expect(page.url()).toMatch(/\/me$/);
  await shot(page, 'me');
  await page.goto(`${served.base}/me/realname`);
  await clickAndWait(page, 'main button[type="submit"]');
  expect(await page.content()).toContain('提示: 实名认证成功。');
  await shot(page, 'realname');
  await page.goto(`${served.base}/me/certificates`);
  await shot(page, 'certificates');
  await page.setViewport(PHONE);
  await page.goto(`${served.base}/me/identity`);
  await shot(page, 'identity-360');
  await page.close();
});
