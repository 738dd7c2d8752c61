import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, followLink, openPage, shots, signInAsStaff } from '../helpers/pageDriver';
import { certificationPlan } from '../helpers/certification';

/**
 * 数据导出's 报名状态 follow the chosen 网报计划's business in real Chromium: without JavaScript by 选择 (the same GET
 * form re-rendered), with JavaScript by htmx when the plan changes (the form swapped in place, the URL kept).
 */
const served = useServedApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });

const statusBoxes = (page: import('puppeteer-core').Page) => page.$$eval('input[name="status"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));

test.each([false, true])('the statuses follow the plan (JavaScript %s)', async (js) => {
  const { planId } = await certificationPlan(served.ctx);
  const context = await served.chromium.createBrowserContext(); // its own cookies: a fresh sign-in each time
  const page = await openPage(context, { js });
  await signInAsStaff(page, served.base, 'bureauadmin');
  await followLink(page, '数据导出');
  const select = await byLabel(page, '网报计划');
  const regPlanId = await select.evaluate((s) => (s as HTMLSelectElement).value);
  expect(await statusBoxes(page)).toContain('注册合格');
  await (await byLabel(page, '网报待确认')).click();
  await select.select(String(planId));
  if (js) {
    await page.waitForFunction(() => [...document.querySelectorAll('input[name="status"]')].some((i) => (i as HTMLInputElement).value === '认定通过'));
    expect(page.url()).toContain(`plan=${planId}`);
  } else {
    await clickButton(page, '选择');
  }
  expect(await statusBoxes(page)).toEqual(['网报待确认', '待认定审批', '材料不一致或不符合要求', '机构选择有误', '认定通过', '认定不通过']);
  expect(await page.$eval('input[value="网报待确认"]', (e) => (e as HTMLInputElement).checked)).toBe(true); // shared: kept
  expect(await page.$eval('#field-plan', (e) => (e as HTMLSelectElement).value)).toBe(String(planId));
  await shots(page, `export-statuses-${js ? 'js' : 'nojs'}`, { fitsPhone: true });
  if (!js) {
    // Back to the 定期注册 plan with a 认定 status ticked, then 查询条数 (not 选择): refused by name, every status shown, the tick kept.
    await page.setViewport({ width: 1024, height: 768 });
    await (await byLabel(page, '认定通过')).click();
    await (await byLabel(page, '网报计划')).select(regPlanId);
    await clickButton(page, '查询条数');
    expect(await page.$eval('#error-status', (e) => e.textContent)).toBe('报名状态“认定通过”不属于所选网报计划的业务（定期注册），请重新勾选');
    expect(await page.$eval('input[value="认定通过"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    await shots(page, 'export-statuses-refused', { fitsPhone: true });
  }
  await context.close();
});
