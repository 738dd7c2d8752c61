import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { SHOTS_DIR, useServedApp } from '../helpers/browser';
import { leaveMessage, submittedApplication } from '../helpers/applications';

/**
 * Issue 11's wording where a teacher reads it, in Chromium with JavaScript off, at 1024 px and 360 px: the top bar
 * (business, 上次登录时间), 查询报名信息 (000's lines, 查看留言信息/有留言, each status explained) and
 * 教师资格证书信息. Screenshots go to test-output/screenshots (seed-wording-*.png).
 */
const served = useServedApp();

async function signIn(page: Page) {
  await page.goto(`${served.base}/login`);
  await page.type('[name="idNumber"]', DEMO.liMing.idNumber);
  await page.type('[name="password"]', DEMO.liMing.password);
  await Promise.all([page.waitForNavigation(), page.click('button[value="login"]')]);
}

test('查询报名信息 and the top bar, JavaScript off, at 1024 and 360 px', async () => {
  const { no, row } = await submittedApplication(served.ctx);
  await leaveMessage(served.ctx, row.id, '请补交年度考核证明。', '2026-11-23T01:30:00.000Z');
  for (const width of [1024, 360]) {
    const context = await served.chromium.createBrowserContext(); // its own cookies: a fresh sign-in each time
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width, height: 768 });
    await signIn(page);
    const bar = await page.$eval('.topnav', (e) => e.textContent?.replace(/\s+/g, ' ') ?? '');
    expect(bar).toContain('中小学教师资格定期注册');
    const greeting = await page.$eval('.topbar .greeting', (e) => e.textContent?.replace(/\s+/g, ' ') ?? '');
    expect(greeting).toMatch(/李\*您好，欢迎登录.+（您上次登录时间：\d{4}-\d{2}-\d{2}）/);
    await page.goto(`${served.base}/applications`);
    const table = await page.$eval('table.apps', (e) => e.textContent ?? '');
    expect(table).toContain('您的报名信息已被注册机构台山市教育局受理，请按照机构要求准备材料并修改报名信息。');
    expect(table).toContain(width === 1024 ? '查看留言信息 有留言（1条未读）' : '查看留言信息 有留言'); // read on the first pass
    expect(table).toContain('注册结论说明');
    await page.screenshot({ path: path.join(SHOTS_DIR, `seed-wording-applications-${width}.png`), fullPage: true });
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/applications/${no}/messages"]`)]);
    expect(await page.$$eval('.message p', (els) => els.map((e) => e.textContent))).toEqual([expect.stringContaining('留言时间:'), '留言内容:', '请补交年度考核证明。']);
    await page.goto(`${served.base}/me/certificates`);
    await page.screenshot({ path: path.join(SHOTS_DIR, `seed-wording-certificates-${width}.png`), fullPage: true });
    await context.close();
  }
});
