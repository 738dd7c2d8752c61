import type { Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, PHONE, shot, signInAsStaff } from '../helpers/pageDriver';
import { agreeToPromise, completeDraft, newApplicant } from '../helpers/applicants';

/**
 * The counter in real Chromium with JavaScript off: the operator signs in, scans a 报名号 into the focused field
 * (typing and Enter, as a scanner does), ticks a missing item and records 材料不全 — found by labels and button texts.
 */
const served = useServedApp();

test('scan → open → tick a missing item → 材料不全, and the counter page at 1024×768 and 360 px', async () => {
  const { ctx } = served;
  const numbers: string[] = [];
  for (let n = 1; n <= 12; n += 1) {
    const who = await newApplicant(ctx, n);
    await completeDraft(ctx, who.account, who.certificateId);
    await agreeToPromise(ctx, who.account);
    numbers.push((await ctx.db('applications').where({ account_id: who.account.id }).first()).application_no);
  }
  const no = numbers[3];

  const page = await openPage(served.chromium);
  await signInAsStaff(page, served.base, 'operator');
  expect(page.url()).toBe(`${served.base}/staff`);
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/staff/counter"]')]);
  expect(page.url()).toBe(`${served.base}/staff/counter`);
  await shot(page, 'counter-1024');

  // The 报名号 field has the focus: the scanner just types and presses Enter. (Chromium applies autofocus
  // just after load; on a busy machine a keystroke could come first, which no scanner user would see.)
  await autofocused(page);
  const focused = await page.evaluate(() => document.activeElement?.id);
  expect(focused).toBe((await (await byLabel(page, '报名号')).evaluate((e) => e.id)));
  await page.keyboard.type(no);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url()).toBe(`${served.base}/staff/applications/${no}`);

  await (await byLabel(page, '年度考核证明')).click();
  await clickButton(page, '材料不全');
  expect(page.url()).toBe(`${served.base}/staff/applications/${no}`);
  const html = await page.content();
  expect(html).toContain('已办理：材料不全');
  expect(await page.$eval('#status', (e) => e.textContent)).toBe('确认未通过');
  expect(html).toContain('（缺少：年度考核证明）');
  await shot(page, 'counter-application-1024');

  // A number that is not there: said by the field, what was typed kept, the focus still there.
  await page.goto(`${served.base}/staff/counter`);
  await autofocused(page);
  await page.keyboard.type('26999999');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(await page.content()).toContain('未找到报名号为26999999的报名信息（或不属于本确认点）');
  expect(await (await byLabel(page, '报名号')).evaluate((e) => (e as HTMLInputElement).value)).toBe('26999999');

  await page.setViewport(PHONE);
  await page.goto(`${served.base}/staff/counter`);
  await shot(page, 'counter-360');
  // Nothing but the list's own scroller is wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.goto(`${served.base}/staff/applications/${no}`);
  await shot(page, 'counter-application-360');
  await page.close();
});

/** Waits until autofocus has given an input the focus (bounded: fails the test if it never does). */
async function autofocused(page: Page): Promise<void> {
  // Polled from here: the page's own scripts are off, so nothing may poll inside it.
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (await page.evaluate(() => document.activeElement instanceof HTMLInputElement)) return;
  }
  throw new Error('no input got the focus');
}
