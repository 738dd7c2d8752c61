import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import ExcelJS from 'exceljs';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, PHONE, shot, shots, signInAsStaff } from '../helpers/pageDriver';
import { gb11643CheckChar } from '../../src/domain/identity';

/**
 * 数据导入 in real Chromium, found by labels and button texts: with JavaScript off (the job page refreshes itself
 * until the dry run is done), and with it on (htmx polls the progress block). Screenshots at 1024×768 and 360 px.
 */
const served = useServedApp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-e2e-import-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function signIn(page: Page) {
  await page.goto(`${served.base}/staff`);
  if (!page.url().includes('/staff/login')) return; // the browser's staff session from the test before
  await signInAsStaff(page, served.base, 'bureauadmin');
}

/** Waits, without JavaScript, for the page's own refresh to bring `text`. */
async function refreshUntil(page: Page, text: string) {
  for (let i = 0; i < 30 && !(await page.content()).includes(text); i++) await page.waitForNavigation({ timeout: 10_000 });
  expect(await page.content()).toContain(text);
}

test('without JavaScript: template → upload → 检查结果 with refused rows → 确认导入 → 导入完成', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('证书');
  ws.addRow(['证书号码', '持证人', '证件号码', '资格种类', '任教学科', '签发日期', '认定机构', '状态']);
  const id = (s: string) => s + gb11643CheckChar(s);
  ws.addRow(['20214478131000001', '周小红', id('44078119920304002'), '初级中学教师资格', '语文', '2021/7/1', '台山市教育局', '有效']);
  ws.addRow(['20214478121000002', '吴大伟', id('44078119880506003'), '小学教师资格', '数学', 44378, '台山市教育局', '']);
  ws.addRow(['20214478131000003', '郑三', '440781199001011230', '3', '数学', '2021-13-01', '台山市教育局', '']);
  const file = path.join(dir, '证书.xlsx');
  await wb.xlsx.writeFile(file);

  const page = await openPage(served.chromium);
  await signIn(page);
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/staff/import"]')]);
  await shot(page, 'import-1024');

  // Nothing chosen: the form comes back with its messages.
  await clickButton(page, '上传并检查');
  expect(await page.$eval('#error-kind', (e) => e.textContent)).toBe('请选择导入类型');
  await (await byLabel(page, '教师资格证书')).click();
  const input = (await byLabel(page, '选择文件')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(file);
  await clickButton(page, '上传并检查');
  expect(page.url()).toMatch(/\/staff\/import\/jobs\//);
  await refreshUntil(page, '检查结果');
  const checked = await page.$eval('main', (e) => (e.textContent ?? '').replace(/\s+/g, ' '));
  expect(checked).toContain('可以导入2（新增 2，更新 0，无变化 0）');
  expect(checked).toContain('第 4 行');
  expect(checked).toContain('证件号码校验位不正确');
  expect(await served.ctx.db('certificates').where({ cert_number: '20214478131000001' }).first()).toBeUndefined();
  await shots(page, 'import-checked');

  await clickButton(page, /^确认导入/); // “确认导入（2 行）”
  await refreshUntil(page, '导入完成');
  expect(await page.$eval('#import-result', (e) => (e.textContent ?? '').replace(/\s+/g, ' '))).toContain('新增2');
  expect(await served.ctx.db('certificates').where({ cert_number: '20214478131000001' }).first()).toMatchObject({ holder_name: '周小红', subject_code: 'C03' });
  await shot(page, 'import-done-1024');

  await page.goto(`${served.base}/staff/import`);
  await page.setViewport(PHONE);
  await shot(page, 'import-360');
  await page.close();
});

test('with JavaScript: htmx polls the progress of a 20,000-row csv until the result shows, without a reload', async () => {
  const lines = ['学校名称,办学类型,所在省份'];
  for (let i = 0; i < 20000; i++) lines.push(`测试学校${i},普通高等学校,广东省`);
  const file = path.join(dir, 'schools.csv');
  fs.writeFileSync(file, lines.join('\r\n'));

  const page = await openPage(served.chromium, { js: true });
  await signIn(page);
  await page.goto(`${served.base}/staff/import`);
  await (await byLabel(page, '毕业学校')).click();
  await ((await byLabel(page, '选择文件')) as ElementHandle<HTMLInputElement>).uploadFile(file);
  await clickButton(page, '上传并检查');
  const url = page.url();
  if (await page.$('progress')) await shot(page, 'import-progress-1024');
  await page.waitForSelector('#import-plan', { timeout: 60_000 });
  expect(page.url()).toBe(url);
  expect(await page.$eval('#import-plan', (e) => (e.textContent ?? '').replace(/\s+/g, ' '))).toContain('可以导入20000');
  await page.close();
});
