import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { SHOTS_DIR, useServedApp } from '../helpers/browser';
import { DEMO_STAFF_PASSWORD } from '../../seeds';

/**
 * The 机构管理员 in Chromium without JavaScript, by labels and button texts: 机构信息, a 网报计划 refused then saved,
 * a 确认点; each page photographed at 1024×768 and 360 px wide (test-output/screenshots/bureau-*.png).
 */
const served = useServedApp();

async function byLabel(page: Page, label: string): Promise<ElementHandle<Element>> {
  const id = await page.$$eval('label, legend', (labels, want) => {
    const found = labels.find((l) => (l.textContent ?? '').replace(/\s|\*/g, '') === want);
    return found ? found.getAttribute('for') : null;
  }, label);
  const el = id ? await page.$(`#${id}`) : null;
  if (!el) throw new Error(`no control for ${label}`);
  return el;
}
const fill = async (page: Page, label: string, value: string) => {
  const el = await byLabel(page, label);
  // Date inputs take their value as yyyy-mm-dd only through the property (typing follows the browser's locale).
  await el.evaluate((e, v) => { (e as HTMLInputElement).value = v; }, value);
};
async function click(page: Page, selector: string, text: string) {
  for (const el of await page.$$(`main ${selector}`)) {
    if ((await el.evaluate((e) => (e.textContent ?? '').trim())) === text) {
      await Promise.all([page.waitForNavigation(), el.click()]);
      return;
    }
  }
  throw new Error(`no ${selector} ${text}`);
}
async function shots(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS_DIR, `bureau-${name}-1024.png`), fullPage: true });
  await page.setViewport({ width: 360, height: 740 });
  await page.screenshot({ path: path.join(SHOTS_DIR, `bureau-${name}-360.png`), fullPage: true });
  await page.setViewport({ width: 1024, height: 768 });
}

test('机构信息, 网报计划 and 确认点 without JavaScript', async () => {
  const page = await served.chromium.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto(`${served.base}/staff/login`);
  await (await byLabel(page, '用户名')).type('bureauadmin');
  await (await byLabel(page, '密码')).type(DEMO_STAFF_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  await shots(page, 'home');

  await click(page, 'a', '机构信息');
  await fill(page, '工作时间', '工作日 8:30-12:00，14:30-17:30');
  await fill(page, '定期注册公告', '台山市2026年下半年定期注册：\n请于网报时间内完成网上申报。<b>不是粗体</b>');
  await click(page, 'button', '保存机构信息');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('机构信息已保存');
  await shots(page, 'profile');

  await page.goto(`${served.base}/staff/plans`);
  await click(page, 'a', '新增网报计划');
  await fill(page, '计划名称', '2027年上半年');
  await (await page.$('#field-stages-1'))!.click();
  await fill(page, '网报开始日期', '2027-03-01');
  await fill(page, '网报结束日期', '2027-02-01');
  await fill(page, '确认开始日期', '2027-03-05');
  await fill(page, '确认结束日期', '2027-04-15');
  await click(page, 'button', '保存网报计划');
  expect(await page.$eval('#error-onlineEnd', (e) => e.textContent)).toBe('网报结束日期不能早于网报开始日期');
  expect(await page.$eval('#field-title', (e) => (e as HTMLInputElement).value)).toBe('2027年上半年');
  await shots(page, 'plan-error');
  await fill(page, '网报结束日期', '2027-03-31');
  await click(page, 'button', '保存网报计划');
  expect(await page.$eval('#plans', (e) => e.textContent)).toContain('2027年上半年');
  await shots(page, 'plans');

  await page.goto(`${served.base}/staff/points`);
  await shots(page, 'points');
  await click(page, 'a', '新增确认点');
  await fill(page, '确认点名称', '台山市斗山镇中心小学');
  await fill(page, '确认范围', '斗山镇各中小学、幼儿园');
  await click(page, 'button', '保存确认点');
  expect(await page.$eval('#points', (e) => e.textContent)).toContain('台山市斗山镇中心小学');
  await page.goto(`${served.base}/staff/points/1`);
  await shots(page, 'point-form');

  await page.goto(`${served.base}/contacts`);
  expect(await page.$eval('.announcement', (e) => e.textContent)).toContain('<b>不是粗体</b>');
  await shots(page, 'contacts');
  await page.close();
});
