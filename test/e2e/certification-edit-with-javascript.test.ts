import type { Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, followLink, openPage, shots, signInAsApplicant } from '../helpers/pageDriver';
import { DEMO } from '../helpers/app';
import { editableCertification } from '../helpers/certification';

/**
 * 修改认定报名信息 (seed 002 §3.2.3) in real Chromium with JavaScript on: 查询认定报名信息 → 修改 → 认定机构, where htmx
 * swaps the 认定机构 cascade in place (another bureau's 未设置网报计划 and back, no 查询 button), a new 确认点 is chosen and
 * 提交 saves it: the list says so, the row and its snapshot hold the new point at the next version.
 */
const served = useServedApp();
const mainText = (page: Page) => page.$eval('main', (e) => (e as HTMLElement).innerText);
const flashText = (page: Page) => page.$$eval('.flash', (els) => els.map((e) => e.textContent ?? '').join(' '));

/** Chooses an option by its text as a person does; the change event is what htmx listens to. */
async function choose(page: Page, label: string, optionText: string): Promise<void> {
  const select = await byLabel(page, label);
  const value = await select.evaluate((el, text) => [...(el as HTMLSelectElement).options].find((o) => o.textContent?.trim() === text)?.value ?? '', optionText);
  if (!value) throw new Error(`no option ${optionText} in ${label}`);
  await select.select(value);
}

/** Waits for htmx to bring `text` into the cascade and to be done with it (selects enabled again). */
async function cascadeShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => (document.querySelector('#bureau-cascade')?.textContent ?? '').includes(t), { timeout: 20_000 }, text);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, #bureau-cascade select:disabled'));
}

test('修改 → 认定机构 with htmx: the cascade updates in place and 提交 saves the new 确认点', async () => {
  const { ctx } = served;
  // 修改 rebuilds the snapshot from the applicant's records: the application names a real 普通话 certificate of his.
  const { no, row } = await editableCertification(ctx, DEMO.huang);
  const second = await ctx.db('confirmation_points').where({ bureau_id: row.bureau_id, name: '台山市第一中学确认点' }).first('id');
  expect(Number(row.point_id)).not.toBe(Number(second.id));

  const page = await openPage(served.chromium, { js: true });
  await signInAsApplicant(page, served.base, DEMO.huang.idNumber, DEMO.huang.password);
  await page.goto(`${served.base}/certifications`);
  await followLink(page, `修改（报名号 ${no}）`);
  expect(page.url()).toBe(`${served.base}/certifications/${no}/edit`);
  // The 修改 beside the 认定机构 section's heading.
  const href = await page.$$eval('main h2', (hs) => hs.find((h) => h.textContent?.startsWith('认定机构'))?.querySelector('a')?.getAttribute('href'));
  const link = await page.$(`main h2 a[href="${href}"]`);
  await Promise.all([page.waitForNavigation(), link!.click()]);
  expect(page.url()).toBe(`${served.base}/certifications/${no}/edit/bureau`);
  await page.waitForFunction(() => document.readyState === 'complete' && document.documentElement.className.includes('has-htmx'));
  // htmx is what updates the cascade: the no-JavaScript 查询 button is hidden.
  expect(await page.$eval('button[value="refresh"]', (b) => (b as HTMLElement).offsetParent === null)).toBe(true);
  expect(await (await byLabel(page, '台山市教育局人事股')).evaluate((e) => (e as HTMLInputElement).checked)).toBe(true);

  // Another bureau of 江门市 has no 认定 plan: said in place; then back to 台山, whose points return.
  await choose(page, '认定机构', '开平市教育局');
  await cascadeShows(page, '未设置网报计划');
  expect(await page.$('#field-pointId')).toBeNull();
  await choose(page, '认定机构', '台山市教育局');
  await cascadeShows(page, '台山市第一中学确认点');
  await (await byLabel(page, '台山市第一中学确认点')).click();
  await shots(page, 'certification-edit-bureau-js', { fitsPhone: true });
  // All of that happened in place: still the page first loaded, the typed address kept.
  expect(page.url()).toBe(`${served.base}/certifications/${no}/edit/bureau`);
  expect(await (await byLabel(page, '认定所在地详细地址')).evaluate((e) => (e as HTMLInputElement).value)).toBe('广东省台山市台城街道环市北路1号');
  await clickButton(page, '提交');

  expect(page.url()).toBe(`${served.base}/certifications`);
  expect(await flashText(page)).toContain('认定报名信息修改成功');
  expect(await mainText(page)).toContain('台山市第一中学确认点');
  const saved = await ctx.db('applications').where({ application_no: no }).first();
  expect([Number(saved.point_id), Number(saved.version)]).toEqual([Number(second.id), Number(row.version) + 1]);
  expect(JSON.parse(saved.data).answers.bureau.pointId).toBe(Number(second.id));
});
