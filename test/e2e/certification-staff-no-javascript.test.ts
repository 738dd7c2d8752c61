import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shot, signInAsStaff } from '../helpers/pageDriver';
import { submittedCertification } from '../helpers/certification';
import { DEMO } from '../helpers/app';

/**
 * 教师资格认定 at the counter and the bureau in real Chromium with JavaScript off (issue 14), by labels and button texts:
 * the clerk scans a 认定 报名号, records 材料不一致或不符合要求 with an item, 退回修改 with a reason, then 材料齐全 — which asks
 * for 已核对普通话证书原件 first, the certificate being 未核验 — and the reviewer finds it under 业务类型 教师资格认定 and
 * gives 认定通过.
 */
const served = useServedApp();

test('scan a 认定 报名号 → 材料不一致或不符合要求 → 退回修改 → 材料齐全 (普通话 原件 checked) → 认定通过', async () => {
  const { ctx } = served;
  const { no } = await submittedCertification(ctx, DEMO.chenFang, {
    snapshot: { putonghua: { certNumber: '4407812005000321', level: '二级乙等', score: '82', testedOn: '2005-05-18', issuer: null, verifyStatus: 'unverified' } },
  });

  const clerkContext = await served.chromium.createBrowserContext();
  const page = await openPage(clerkContext);
  await signInAsStaff(page, served.base, 'operator');
  await page.goto(`${served.base}/staff/counter`);
  await (await byLabel(page, '报名号')).type(no);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url()).toBe(`${served.base}/staff/applications/${no}`);
  expect(await page.$eval('#business', (e) => e.textContent)).toBe('教师资格认定');
  expect(await page.$eval('#putonghua-flag', (e) => e.textContent)).toBe('普通话证书未核验，请核对原件');
  expect(await page.$eval('#signature', (e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  await (await byLabel(page, '体检合格证明')).click();
  await clickButton(page, '材料不一致或不符合要求');
  expect(await page.$eval('#status', (e) => e.textContent)).toBe('材料不一致或不符合要求');
  expect(await page.content()).toContain('（不一致或不符合要求：体检合格证明）');
  await shot(page, 'certification-counter-materials-1024');

  await (await byLabel(page, '退回原因')).type('请更换清晰的个人承诺书签名');
  await clickButton(page, '退回修改');
  expect(await page.$eval('#status', (e) => e.textContent)).toBe('网报待确认');

  // 材料齐全 without the box: the message by the box, nothing done; ticked: 待认定审批.
  await clickButton(page, '材料齐全');
  expect(await page.content()).toContain('该申请的普通话证书未核验，请核对原件后勾选“已核对普通话证书原件”');
  expect(await page.$eval('#status', (e) => e.textContent)).toBe('网报待确认');
  await (await byLabel(page, '已核对普通话证书原件')).click();
  await clickButton(page, '材料齐全');
  expect(await page.$eval('#status', (e) => e.textContent)).toBe('待认定审批');
  await clerkContext.close();

  const bureauContext = await served.chromium.createBrowserContext();
  const review = await openPage(bureauContext);
  await signInAsStaff(review, served.base, 'reviewer');
  await review.goto(`${served.base}/staff/review`);
  await (await byLabel(review, '业务类型')).select('certification');
  await clickButton(review, '查询');
  expect(await review.$eval('h1', (e) => e.textContent)).toBe('认定审核');
  await Promise.all([review.waitForNavigation(), review.click(`main a[href="/staff/applications/${no}"]`)]);
  await (await byLabel(review, '审核意见（选填）')).type('符合认定条件');
  await clickButton(review, '认定通过');
  expect(await review.$eval('#status', (e) => e.textContent)).toBe('认定通过');
  expect(await review.content()).toContain('已办理：认定通过');
  await shot(review, 'certification-review-concluded-1024');
  await bureauContext.close();
});
