import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { staffBrowser } from '../helpers/staff';
import { importRows } from '../helpers/imports';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';
import { byLabel, clickButton, openPage, PHONE, DESKTOP, shots, signInAsApplicant } from '../helpers/pageDriver';

/**
 * 认定 步骤二 填写身份信息 with every kind of row (a valid and an expired 考试合格证明, a 能力证书, a synced 学籍) in real
 * Chromium, JavaScript off: at 1024 px the choices are tables; at 360 px each is a card with its radio beside its name,
 * the 个人基本信息 pairs one a line, and the page never scrolls sideways (test-output/screenshots/certify-identity-*.png).
 */
const served = useServedApp();
const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);
const ZHANG = DEMO.zhangXiaowen.idNumber;

/** How each choice table is laid out now, and whether anything in it is wider than its own box. */
const layout = (page: Page) => page.evaluate(() => ['field-examChoice', 'field-putonghuaId'].map((id) => {
  const table = document.getElementById(id) as HTMLTableElement;
  const box = table.parentElement as HTMLElement;
  return { id, display: getComputedStyle(table).display, header: getComputedStyle(table.tHead as HTMLElement).position !== 'absolute', overflows: box.scrollWidth > box.clientWidth };
}));

test('步骤二 reads well at 1024 px and at 360 px, with no sideways scroll of the page', async () => {
  const { ctx } = served;
  const admin = await staffBrowser(ctx, 'bureauadmin');
  await importRows(ctx, admin, 'exams', [header('exams'), ['2021244012340001', '张晓雯', '', ZHANG, '1', '', '2021-06-20', '2024-06-19']]);
  await importRows(ctx, admin, 'abilities', [header('abilities'), ['2025440012345', '张晓雯', '', ZHANG, '3', 'C04', '岭南师范学院', '2025-06-30', '2028-06-29']]);
  await importRows(ctx, admin, 'enrolments', [header('enrolments'), ['张晓雯', '', ZHANG, '岭南师范学院', '汉语言文学', '本科', '普通全日制', '2023010101', '2023-09-01', '2027-06-30', '注册学籍']]);
  const page = await openPage(served.chromium);
  await signInAsApplicant(page, served.base, ZHANG, DEMO.zhangXiaowen.password);
  await page.goto(`${served.base}/certify`);
  await page.click('#field-agree');
  await page.click('#field-authorise');
  await clickButton(page, '下一步');
  await clickButton(page, '同步学籍');
  await shots(page, 'certify-identity', { fitsPhone: true });

  await page.setViewport(DESKTOP);
  for (const t of await layout(page)) expect(t).toEqual({ id: t.id, display: 'table', header: true, overflows: false });
  await page.setViewport(PHONE);
  for (const t of await layout(page)) expect(t).toEqual({ id: t.id, display: 'block', header: false, overflows: false });
  // The cards still choose by their labels: a radio beside its name, on the same line.
  const radio = await byLabel(page, '师范生教师职业能力证书（免试认定改革人员）');
  const name = await page.$('label[for="' + (await radio.evaluate((e) => e.id)) + '"]');
  // The first line of the name's text (a block label's own box runs under the floated radio).
  const firstLine = await name!.evaluate((label) => { const range = document.createRange(); range.selectNodeContents(label); const r = range.getClientRects()[0]; return { x: r.x, y: r.y, height: r.height }; });
  const r = (await radio.boundingBox())!;
  expect(r.x + r.width).toBeLessThanOrEqual(firstLine.x);
  expect(Math.abs(r.y + r.height / 2 - (firstLine.y + firstLine.height / 2))).toBeLessThan(8);
  await name!.click();
  expect(await radio.evaluate((e) => (e as HTMLInputElement).checked)).toBe(true);
  await page.setViewport(DESKTOP);
});
