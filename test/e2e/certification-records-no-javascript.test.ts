import type { Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, followLink, openPage, shots, signInAsApplicant } from '../helpers/pageDriver';
import { DEMO } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { importRows } from '../helpers/imports';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';

/**
 * 普通话证书信息 in real Chromium with JavaScript off (seed 002 §2.2.2): 李明 adds one certificate by ①核验 (first a
 * number that is not his: the message by the field, the number kept) and one by ②录入 (a score that is not a number
 * first); then every 认定 module of the personal centre is photographed at 1024 and 360 px.
 */
const served = useServedApp();
const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);
const textOf = (page: Page) => page.evaluate(() => document.querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? '');
const valueOf = async (page: Page, label: string) => (await byLabel(page, label)).evaluate((e) => (e as HTMLInputElement).value);

async function type(page: Page, label: string, value: string) {
  const el = await byLabel(page, label);
  await el.evaluate((e) => { (e as HTMLInputElement).value = ''; });
  await el.type(value);
}

test('新增 普通话证书 by 核验 and by 录入, and the 认定 modules at 1024 and 360 px', async () => {
  const { ctx } = served;
  const admin = await staffBrowser(ctx, 'bureauadmin');
  await importRows(ctx, admin, 'putonghua', [header('putonghua'), ['44071920000123', '李明', '', DEMO.liMing.idNumber, '二级甲等', '88.5', '2022-11-12', '广东省语言文字工作委员会']]);
  await importRows(ctx, admin, 'exams', [header('exams'), ['2024244012345678', '李明', '', DEMO.liMing.idNumber, '2', 'C03', '2024-06-20', '2027-06-19']]);

  const page = await openPage(served.chromium);
  await signInAsApplicant(page, served.base, DEMO.liMing.idNumber, DEMO.liMing.password);
  await page.goto(`${served.base}/me`);
  await followLink(page, '普通话证书信息');
  expect(await textOf(page)).toContain('暂无普通话证书信息');
  expect(await textOf(page)).toContain('③免测');

  // ① 核验: a number the bureau's data does not hold for 李明, then his.
  await followLink(page, '①核验证书');
  await type(page, '证书编号', '44071920009999');
  await clickButton(page, '核验');
  expect(await textOf(page)).toContain('核验不到信息');
  expect(await valueOf(page, '证书编号')).toBe('44071920009999');
  await shots(page, 'cert-putonghua-verify-error', { fitsPhone: true });
  await type(page, '证书编号', '44071920000123');
  await clickButton(page, '核验');
  expect(page.url()).toBe(`${served.base}/me/putonghua`);
  expect(await textOf(page)).toContain('核验通过');

  // ② 录入: the score must be a number; everything typed comes back.
  await followLink(page, '②录入证书');
  await type(page, '证书编号', '0012345');
  await (await byLabel(page, '等级')).select('二级乙等');
  await type(page, '分数', '八十五');
  await type(page, '测试时间', '2005-05-20');
  await type(page, '发证单位', '广东省普通话培训测试中心');
  await clickButton(page, '保存');
  expect(await textOf(page)).toContain('分数必须填写数字（如 87.5）');
  expect(await valueOf(page, '发证单位')).toBe('广东省普通话培训测试中心');
  expect(await valueOf(page, '等级')).toBe('二级乙等');
  await shots(page, 'cert-putonghua-enter-error', { fitsPhone: true });
  await type(page, '分数', '85');
  await clickButton(page, '保存');
  expect(page.url()).toBe(`${served.base}/me/putonghua`);
  const list = await textOf(page);
  expect(list).toContain('44071920000123');
  expect(list).toContain('已核验');
  expect(list).toContain('0012345');
  expect(list).toContain('未核验');
  await shots(page, 'cert-putonghua', { fitsPhone: true });

  for (const [path, name] of [['/me/exams', 'exams'], ['/me/education', 'education'], ['/me/education/student-status/supplement', 'student-supplement'],
    ['/me/education/new', 'education-new'], ['/me/degrees', 'degrees'], ['/me/others', 'others'], ['/me/others/new', 'others-new']] as const) {
    await page.goto(`${served.base}${path}`);
    await shots(page, `cert-${name}`, { fitsPhone: true });
  }
  expect(await (await page.goto(`${served.base}/me/exams`))?.text()).toContain('2024244012345678');
});
