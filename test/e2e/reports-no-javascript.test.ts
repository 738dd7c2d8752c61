import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, DESKTOP, findButton, followLink, openPage, PHONE, shot, signInAsStaff } from '../helpers/pageDriver';
import { insertApplications } from '../../bench/exportData';
import { EXPORT_HEADERS } from '../../src/domain/exportColumns';

/**
 * 统计 and 数据导出 in real Chromium with JavaScript off, driven by labels and button texts: the bureau admin opens
 * 统计 from the 工作台 (screenshots at 1024×768 and 360 px, and as printed on A4), then 数据导出, ticks a status,
 * counts, and downloads the .xlsx, which holds exactly the counted rows.
 */
const served = useServedApp();

test('统计 and 数据导出 without JavaScript, at 1024×768, 360 px and on A4', async () => {
  const { ctx } = served;
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id', 'name');
  const plan = await ctx.db('plans').where({ bureau_id: bureau.id }).first();
  const points = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').select('id', 'name');
  await insertApplications(ctx.db, 600, { bureauId: bureau.id, bureauName: bureau.name, planId: plan.id, points, from: plan.online_start, to: ctx.clock.now().toISOString() });

  const page = await openPage(served.chromium);
  await signInAsStaff(page, served.base, 'bureauadmin');
  await followLink(page, '统计');
  expect(await page.$eval('h1', (h) => h.textContent)).toContain('统计');
  expect(await page.$eval('#stats-total', (e) => e.textContent)).toBe('600');
  expect(await page.$$eval('svg.chart[role="img"]', (s) => s.length)).toBe(5);
  // Charts fit the column: no sideways scrolling at 1024 or 360 px.
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await shot(page, 'stats-1024');
  await page.setViewport(PHONE);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await shot(page, 'stats-360');
  // Printed: no navigation, no filter form, charts within the A4 text width.
  await page.emulateMediaType('print');
  await page.setViewport({ width: 718, height: 1000 }); // A4 less 14 mm margins at 96 dpi
  expect(await page.$eval('.topbar', (e) => getComputedStyle(e).display)).toBe('none');
  expect(await page.$eval('form.report-filters', (e) => getComputedStyle(e).display)).toBe('none');
  const widest = await page.$$eval('svg.chart', (s) => Math.max(...s.map((x) => x.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(718);
  await shot(page, 'stats-print-a4');
  const pdf = await page.pdf({ format: 'A4', margin: { top: '14mm', bottom: '14mm', left: '14mm', right: '14mm' } });
  expect(pdf.length).toBeGreaterThan(1000);
  await page.emulateMediaType('screen');

  await page.setViewport(DESKTOP);
  await followLink(page, '数据导出');
  await (await byLabel(page, '注册合格')).click();
  await clickButton(page, '查询条数');
  const counted = Number(await page.$eval('#export-count strong', (e) => e.textContent));
  const expected = await ctx.db('applications').where({ plan_id: plan.id, status: '注册合格' }).orderBy('id').pluck('application_no');
  expect(counted).toBe(expected.length);
  expect(await page.$eval('input[value="注册合格"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
  await shot(page, 'export-1024');
  await page.setViewport(PHONE);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await shot(page, 'export-360');

  // 导出: the browser downloads the file (the form's GET with its formaction).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-export-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  await (await findButton(page, '导出')).click();
  let file = '';
  for (let i = 0; i < 100 && !file; i++) {
    await new Promise((r) => setTimeout(r, 200));
    file = fs.readdirSync(dir).find((f) => f.endsWith('.xlsx')) ?? '';
  }
  expect(file).toMatch(/^报名信息_.+\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, file));
  const rows: string[] = [];
  wb.worksheets[0].eachRow((row, n) => { if (n > 1) rows.push(String((row.values as unknown[])[1])); });
  expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_HEADERS);
  expect(rows).toEqual(expected);
  fs.rmSync(dir, { recursive: true, force: true });
});
