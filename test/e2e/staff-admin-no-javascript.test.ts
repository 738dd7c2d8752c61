import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shots, signInAsStaff } from '../helpers/pageDriver';

/**
 * The bureau admin's 工作人员账号 and 机构设置 pages in real Chromium with JavaScript off, found by labels and button
 * texts: a refused form keeps what was typed, a good one creates the account; the pages at 1024×768 and 360 px.
 */
const served = useServedApp();

test('工作人员账号: a refused form keeps its values; a good one creates the operator; 机构设置 saves', async () => {
  const page = await openPage(served.chromium);
  await signInAsStaff(page, served.base, 'bureauadmin');
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/staff/users"]')]);
  await shots(page, 'staff-users', { fitsPhone: true });

  await Promise.all([page.waitForNavigation(), page.click('main a[href="/staff/users/new"]')]);
  await (await byLabel(page, '用户名')).type('clerk9');
  await (await byLabel(page, '姓名')).type('李确认');
  await (await byLabel(page, '角色')).select('operator');
  await (await byLabel(page, '初始密码')).type('weak');
  await clickButton(page, '创建账号');
  expect(await page.$eval('.error-summary', (e) => e.textContent)).toContain('密码须为8位以上');
  expect(await (await byLabel(page, '用户名')).evaluate((e) => (e as HTMLInputElement).value)).toBe('clerk9');
  await shots(page, 'staff-user-new-errors', { fitsPhone: true });
  await (await byLabel(page, '确认点')).select(await page.$eval('#field-pointId option:nth-child(2)', (o) => (o as HTMLOptionElement).value));
  await (await byLabel(page, '初始密码')).type('Clerk#2026');
  await (await byLabel(page, '确认密码')).type('Clerk#2026');
  await clickButton(page, '创建账号');
  expect(await page.$eval('h1', (e) => e.textContent)).toBe('工作人员账号：clerk9');
  await shots(page, 'staff-user-edit', { fitsPhone: true });
  await clickButton(page, '停用账号');
  expect(await page.content()).toContain('已停用 clerk9');

  await page.goto(`${served.base}/staff/settings`);
  await (await byLabel(page, '短信签名')).type('台');
  await clickButton(page, '保存设置');
  expect(await page.$eval('#error-smsSignature', (e) => e.textContent)).toContain('短信签名为2-12个字');
  const signature = await byLabel(page, '短信签名');
  expect(await signature.evaluate((e) => (e as HTMLInputElement).value)).toBe('台');
  await signature.evaluate((e) => { (e as HTMLInputElement).value = ''; });
  await signature.type('台山教育');
  await clickButton(page, '保存设置');
  expect(await page.content()).toContain('已保存机构设置');
  await shots(page, 'staff-settings', { fitsPhone: true });
});
