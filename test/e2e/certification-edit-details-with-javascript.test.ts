import type { Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shots, signInAsApplicant } from '../helpers/pageDriver';
import { DEMO } from '../helpers/app';
import { editableCertification } from '../helpers/certification';

/**
 * 修改认定报名信息 → 认定信息 (seed 002 §3.2.3) in real Chromium with JavaScript on: the signature pad is live on this
 * page, yet the signature and photo already submitted are kept when the applicant only changes 证书领取方式 to 邮寄
 * and fills the address; 提交 saves it at the next version. (认定机构 with htmx: certification-edit-with-javascript.)
 */
const served = useServedApp();
const flashText = (page: Page) => page.$$eval('.flash', (els) => els.map((e) => e.textContent ?? '').join(' '));

async function typeInto(page: Page, label: string, text: string): Promise<void> {
  const field = await byLabel(page, label);
  await field.click({ clickCount: 3 });
  await field.type(text);
}

test('修改 → 认定信息 with JavaScript on: 邮寄 and its address saved, the submitted signature and photo kept', async () => {
  const { ctx } = served;
  const { no, row } = await editableCertification(ctx, DEMO.huang);

  const page = await openPage(served.chromium, { js: true });
  await signInAsApplicant(page, served.base, DEMO.huang.idNumber, DEMO.huang.password);
  await page.goto(`${served.base}/certifications/${no}/edit/details`);
  await page.waitForFunction(() => document.readyState === 'complete');
  await (await byLabel(page, '邮寄')).click();
  await typeInto(page, '邮寄地址', '台山市台城街道舜德路8号');
  await typeInto(page, '邮政编码', '529200');
  await typeInto(page, '收件人', '黄老师');
  await typeInto(page, '收件人联系电话', '13800000000');
  await shots(page, 'certification-edit-details-js', { fitsPhone: true });
  await clickButton(page, '提交');

  expect(page.url()).toBe(`${served.base}/certifications`);
  expect(await flashText(page)).toContain('认定报名信息修改成功');
  const saved = await ctx.db('applications').where({ application_no: no }).first();
  expect(Number(saved.version)).toBe(Number(row.version) + 1);
  expect(Number(row.signature_file_id) * Number(row.photo_file_id)).toBeGreaterThan(0);
  expect([saved.signature_file_id, saved.photo_file_id].map(Number)).toEqual([row.signature_file_id, row.photo_file_id].map(Number));
  const details = JSON.parse(saved.data).answers.details;
  expect(details).toMatchObject({ delivery: 'post', postAddress: '台山市台城街道舜德路8号', postcode: '529200', postRecipient: '黄老师', postPhone: '13800000000' });
});
