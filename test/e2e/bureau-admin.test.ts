import type { Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, followLink, openPage, shots, signInAsStaff } from '../helpers/pageDriver';

/**
 * The 机构管理员 in Chromium without JavaScript, by labels and button texts: 机构信息, a 网报计划 refused then saved,
 * a 确认点; each page photographed at 1024×768 and 360 px wide (test-output/screenshots/bureau-*.png).
 */
const served = useServedApp();

/** Sets a control's value the way a date input takes it: yyyy-mm-dd only through the property (typing follows the browser's locale). */
const fill = async (page: Page, label: string, value: string) => {
  const el = await byLabel(page, label);
  await el.evaluate((e, v) => { (e as HTMLInputElement).value = v; }, value);
};

test('机构信息, 网报计划 and 确认点 without JavaScript', async () => {
  const page = await openPage(served.chromium);
  await signInAsStaff(page, served.base, 'bureauadmin');
  await shots(page, 'bureau-home');

  await followLink(page, '机构信息');
  await fill(page, '工作时间', '工作日 8:30-12:00，14:30-17:30');
  await fill(page, '定期注册公告', '台山市2026年下半年定期注册：\n请于网报时间内完成网上申报。<b>不是粗体</b>');
  await clickButton(page, '保存机构信息');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('机构信息已保存');
  await shots(page, 'bureau-profile');

  await page.goto(`${served.base}/staff/plans`);
  await followLink(page, '新增网报计划');
  await fill(page, '计划名称', '2027年上半年');
  await (await page.$('#field-stages-1'))!.click();
  await fill(page, '网报开始日期', '2027-03-01');
  await fill(page, '网报结束日期', '2027-02-01');
  await fill(page, '确认开始日期', '2027-03-05');
  await fill(page, '确认结束日期', '2027-04-15');
  await clickButton(page, '保存网报计划');
  expect(await page.$eval('#error-onlineEnd', (e) => e.textContent)).toBe('网报结束日期不能早于网报开始日期');
  expect(await page.$eval('#field-title', (e) => (e as HTMLInputElement).value)).toBe('2027年上半年');
  await shots(page, 'bureau-plan-error');
  await fill(page, '网报结束日期', '2027-03-31');
  await clickButton(page, '保存网报计划');
  expect(await page.$eval('#plans', (e) => e.textContent)).toContain('2027年上半年');
  await shots(page, 'bureau-plans');

  await page.goto(`${served.base}/staff/points`);
  await shots(page, 'bureau-points');
  await followLink(page, '新增确认点');
  await fill(page, '确认点名称', '台山市斗山镇中心小学');
  await fill(page, '确认范围', '斗山镇各中小学、幼儿园');
  await clickButton(page, '保存确认点');
  expect(await page.$eval('#points', (e) => e.textContent)).toContain('台山市斗山镇中心小学');
  await page.goto(`${served.base}/staff/points/1`);
  await shots(page, 'bureau-point-form');

  await page.goto(`${served.base}/staff`);
  await followLink(page, '教师资格认定设置', '#bureau-links');
  await (await byLabel(page, '开通（申请人在网上上传材料）')).click();
  await clickButton(page, '保存教师资格认定设置');
  expect(await page.$eval('#error-onlineMaterials', (e) => e.textContent)).toContain('请填写申请人须上传的材料');
  await shots(page, 'bureau-certification-error');
  await fill(page, '全程网办须上传的材料（每行一项）', '身份证件\n学历证书');
  await clickButton(page, '保存教师资格认定设置');
  expect(await page.$eval('main', (e) => e.textContent)).toContain('教师资格认定设置已保存');
  await shots(page, 'bureau-certification');

  await page.goto(`${served.base}/contacts`);
  expect(await page.$eval('.announcement', (e) => e.textContent)).toContain('<b>不是粗体</b>');
  await shots(page, 'bureau-contacts');
  await page.close();
});
