import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { TestContext } from './app';
import { idNumberFor } from './applicants';
import { cameraPhoto } from './wizard';
import { staffBrowser } from './staff';
import { importRows } from './imports';
import { byLabel, clickButton, followLink, signInAsStaff } from './pageDriver';
import type { PageAudit } from './pageAudit';
import { castOf, choose, mainText, pdfLinkAnswer, registerAndVerify, scanAtCounter, Served, Teacher, tick, typeInto } from './storyKit';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';
import { AGREEMENT_BOX, AUTHORISATION_BOX } from '../../src/domain/certification/notices';

/**
 * 教师资格认定's whole story of one new applicant on the demo county (台山), in real Chromium, by labels, button and
 * link texts (issue 14, as story.ts is for 定期注册): the bureau has imported her 考试合格证明 and 普通话水平测试 data;
 * she registers (up to 实名认证, shared with story.ts), finds the exam result in 个人信息中心 and 核验 her 普通话 certificate
 * (a number that is not hers first), takes the eight /certify steps (without JavaScript the 个人承诺书 is a photo of the
 * signed promise; with it the signature is drawn on the pad with the mouse), reads 申报提醒, 查询认定报名信息 with 详情,
 * 申请表预览 and its PDF; the counter's 材料齐全, the reviewer's 认定通过, and she sees 认定通过. Every page on the way
 * goes through PageAudit.check.
 */

const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);

/**
 * The bureau's 认定 data for the applicant, imported through 数据导入 as its staff do before she registers: a 小学语文
 * 考试合格证明 valid three more years and a 二级甲等 普通话 certificate. Answers both numbers.
 */
export async function certificationDataFor(ctx: TestContext, who: Teacher): Promise<{ proofNumber: string; putonghuaNumber: string }> {
  const idNumber = idNumberFor(who.n);
  const proofNumber = `2026244070${String(300_000 + who.n)}`;
  const putonghuaNumber = `4407192025${String(1000 + who.n)}`;
  const admin = await staffBrowser(ctx, 'bureauadmin');
  await importRows(ctx, admin, 'exams', [header('exams'), [proofNumber, who.name, '', idNumber, '2', 'C03', '2026-06-20', '2029-06-19']]);
  await importRows(ctx, admin, 'putonghua', [header('putonghua'), [putonghuaNumber, who.name, '', idNumber, '二级甲等', '88.5', '2025-11-12', '广东省语言文字工作委员会']]);
  return { proofNumber, putonghuaNumber };
}

/** A phone photo of the printed 个人承诺书 signed by hand, as a JPEG file. */
async function signedPromisePhoto(dir: string): Promise<string> {
  const file = path.join(dir, 'promise.jpg');
  fs.writeFileSync(file, await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="900" height="1200" fill="#fafafa"/><path d="M500 1000 C560 930 620 1060 700 980" stroke="#111" stroke-width="6" fill="none"/></svg>')).jpeg().toBuffer());
  return file;
}

/** Signs on 步骤四's pad with the mouse (it only reaches what is in the viewport). */
async function drawSignature(page: Page): Promise<void> {
  const canvas = await page.$('canvas.signature-canvas');
  if (!canvas) throw new Error('no signature pad on 步骤四');
  await canvas.scrollIntoView();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the signature pad is not shown');
  await page.mouse.move(box.x + 30, box.y + 140);
  await page.mouse.down();
  for (let i = 0; i <= 40; i++) await page.mouse.move(box.x + 30 + i * 8, box.y + 100 + Math.sin(i / 3) * 50);
  await page.mouse.up();
}

/**
 * One choice in 步骤三's 认定机构 cascade. Without JavaScript, 查询 (when `refresh`) brings what depends on it; with it,
 * htmx swaps the cascade: wait until `appears` is in it and htmx is done (a change during its request is dropped).
 */
async function chooseInCascade(page: Page, js: boolean, label: string, option: string, appears: string | null): Promise<void> {
  await choose(page, label, option);
  if (appears === null) {
    if (js) await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, #bureau-cascade select:disabled'));
    return;
  }
  if (!js) {
    await clickButton(page, '查询');
    return;
  }
  await page.waitForFunction((text) => [...document.querySelectorAll('#bureau-cascade option, #bureau-cascade label')].some((e) => e.textContent?.trim() === text), { timeout: 20_000 }, appears);
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, #bureau-cascade select:disabled'));
}

export async function certificationStory(served: Served, audit: PageAudit, js: boolean, who: Teacher): Promise<void> {
  const { ctx, base } = served;
  const { proofNumber, putonghuaNumber } = await certificationDataFor(ctx, who);
  const { person, pageErrors } = castOf(served, audit, js);
  const applicant = await person();
  const me = applicant.page;
  const check = (page: Page, name: string) => audit.check(page, name);
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-cert-story-'));

  // 账号注册 → 登录 → 补充个人身份信息 → 实名认证.
  await registerAndVerify(served, audit, me, js, who);

  // 个人信息中心: the imported exam result, then 普通话 by ①核验 (a number not hers first: the message, the number kept).
  await followLink(me, '教师资格考试信息');
  expect(await mainText(me)).toContain(proofNumber);
  await check(me, 'me-exams');
  await followLink(me, '普通话证书信息');
  expect(await mainText(me)).toContain('暂无普通话证书信息');
  await check(me, 'me-putonghua');
  await followLink(me, '①核验证书');
  await check(me, 'me-putonghua-verify');
  await typeInto(me, '证书编号', '44071920259999');
  await clickButton(me, '核验');
  expect(await mainText(me)).toContain('核验不到信息');
  await check(me, 'me-putonghua-verify-error');
  await typeInto(me, '证书编号', putonghuaNumber);
  await clickButton(me, '核验');
  expect(me.url()).toBe(`${base}/me/putonghua`);
  expect(await mainText(me)).toContain('核验通过');
  await check(me, 'me-putonghua-verified');
  await followLink(me, '学历学籍信息');
  await check(me, 'me-education');

  // 业务平台 → 教师资格认定 须知 → 报名 → the eight steps.
  const certificationTile = 'main .tile:nth-of-type(2)';
  await followLink(me, '业务平台', '.topnav');
  await check(me, 'platform');
  await followLink(me, '须知', certificationTile);
  await check(me, 'certify-notice');
  await followLink(me, '返回业务平台');
  await followLink(me, '报名', certificationTile);
  expect(me.url()).toBe(`${base}/certify/step/1`);
  await check(me, 'step1-agreement');
  await tick(me, AGREEMENT_BOX);
  await tick(me, AUTHORISATION_BOX.split('{系统名称}').join(ctx.config.siteName));
  await clickButton(me, '下一步');

  expect(me.url()).toBe(`${base}/certify/step/2`);
  await check(me, 'step2-identity');
  await tick(me, '考试合格证明（国家统一考试）');
  await tick(me, putonghuaNumber);
  await tick(me, '否');
  await clickButton(me, '下一步');

  expect(me.url()).toBe(`${base}/certify/step/3`);
  await check(me, 'step3-bureau');
  await typeInto(me, '认定所在地详细地址', '广东省台山市台城街道环市北路1号');
  if (js) await me.waitForFunction(() => document.readyState === 'complete' && document.documentElement.className.includes('has-htmx'));
  await chooseInCascade(me, js, '选择省', '广东省', '江门市');
  await chooseInCascade(me, js, '选择市', '江门市', null);
  await chooseInCascade(me, js, '资格种类', '小学教师资格', '台山市教育局');
  await chooseInCascade(me, js, '认定机构', '台山市教育局', '台山市教育局人事股');
  await tick(me, '台山市教育局人事股');
  await check(me, 'step3-chosen');
  await clickButton(me, '下一步');

  expect(me.url()).toBe(`${base}/certify/step/4`);
  await check(me, 'step4-details');
  await choose(me, '任教学科', 'C03');
  const photo = path.join(files, 'photo.jpg');
  fs.writeFileSync(photo, await cameraPhoto());
  await ((await byLabel(me, '照片上传')) as ElementHandle<HTMLInputElement>).uploadFile(photo);
  if (js) await drawSignature(me);
  else await ((await byLabel(me, '上传签名后的个人承诺书照片')) as ElementHandle<HTMLInputElement>).uploadFile(await signedPromisePhoto(files));
  await tick(me, '自取');
  await typeInto(me, '起始年月', '2019-09');
  await typeInto(me, '工作单位', '岭南师范学院');
  await choose(me, '现从事职业', '学生');
  await choose(me, '专业技术职务', '无');
  await check(me, 'step4-filled');
  await clickButton(me, '下一步');

  expect(me.url()).toBe(`${base}/certify/step/5`);
  expect(await mainText(me)).toContain('小学教师资格');
  expect(await mainText(me)).toContain(proofNumber);
  await check(me, 'step5-review');
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/certify/step/6`);
  await check(me, 'step6-notes');
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/certify/step/7`);
  await check(me, 'step7-promise');
  await tick(me, '同意');
  await clickButton(me, '提交');
  const no = /\/certify\/done\/(\d{8})$/.exec(me.url())?.[1];
  if (!no) throw new Error(`no 报名号 after 提交: ${me.url()}`);
  expect(await mainText(me)).toContain('报名成功');
  expect(await mainText(me)).toContain('台山市教育局人事股');
  await check(me, 'step8-notice');
  // The signature as it was given: the photo of the signed promise (JPEG), or the pad's drawing (PNG).
  const submitted = await ctx.db('applications').where({ application_no: no }).first();
  const signature = await ctx.container.repos.files.findForAccount(submitted.signature_file_id, submitted.account_id);
  expect(signature?.mime).toBe(js ? 'image/png' : 'image/jpeg');

  // 查询认定报名信息 → 详情 → 申请表预览 → 下载申请表: a real PDF.
  await followLink(me, '查询认定报名信息');
  expect(me.url()).toBe(`${base}/certifications`);
  expect(await mainText(me)).toContain(no);
  await check(me, 'certifications');
  await followLink(me, `详情（报名号 ${no}）`);
  expect(await me.$$eval('main img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
  await check(me, 'certification-detail');
  await me.goto(`${base}/certifications`);
  await followLink(me, `申请表预览（报名号 ${no}）`);
  expect(await me.$eval('h1', (h) => h.textContent)).toBe('教师资格认定申请表');
  await check(me, 'certification-form-preview');
  expect(await pdfLinkAnswer(me)).toBe('200 application/pdf %PDF-');

  // 确认点操作员: the scanner, 材料齐全 (the 普通话 certificate was 核验ed: no 原件 box to tick).
  const counter = await person();
  const op = counter.page;
  await op.goto(`${base}/staff/login`);
  await check(op, 'staff-login');
  await signInAsStaff(op, base, 'operator', undefined, { onCodePage: (p) => check(p, 'staff-login-code') });
  expect(op.url()).toBe(`${base}/staff`);
  await check(op, 'staff-home-operator');
  await followLink(op, '现场确认');
  await check(op, 'counter');
  await scanAtCounter(op, no);
  expect(await op.$eval('#business', (e) => e.textContent)).toBe('教师资格认定');
  await check(op, 'counter-application');
  await clickButton(op, '材料齐全');
  expect(await op.$eval('#status', (e) => e.textContent)).toBe('待认定审批');
  await check(op, 'counter-complete');

  // 认定机构审核员: 业务类型 教师资格认定 → 认定通过.
  const office = await person();
  const rv = office.page;
  await signInAsStaff(rv, base, 'reviewer');
  await check(rv, 'staff-home-reviewer');
  await followLink(rv, '认定审核');
  expect(await rv.$eval('h1', (e) => e.textContent)).toBe('认定审核');
  expect(await mainText(rv)).toContain(no);
  await check(rv, 'review-queue');
  await followLink(rv, no);
  await check(rv, 'review-application');
  await clickButton(rv, '认定通过');
  expect(await rv.$eval('#status', (e) => e.textContent)).toBe('认定通过');
  await check(rv, 'review-passed');

  // The applicant: 认定通过 in 查询认定报名信息.
  await me.goto(`${base}/platform`);
  await followLink(me, '查询认定报名信息', certificationTile);
  const row = await me.$$eval('table.apps tbody tr', (rows, want) => rows.find((r) => r.querySelector('td')?.textContent?.trim() === want)?.textContent ?? '', no);
  expect(row).toContain('认定通过');
  await check(me, 'certifications-passed');

  expect(pageErrors).toEqual([]);
  for (const c of [applicant.context, counter.context, office.context]) await c.close();
  fs.rmSync(files, { recursive: true, force: true });
}
