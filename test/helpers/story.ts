import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { TestContext } from './app';
import { PLAIN, idNumberFor } from './applicants';
import { cameraPhoto } from './wizard';
import { byLabel, clickButton, followLink, signInAsStaff } from './pageDriver';
import { PageAudit } from './pageAudit';
import { castOf, choose, mainText, pdfLinkAnswer, registerAndVerify, scanAtCounter, Served, Teacher, tick, typeInto } from './storyKit';

/**
 * The whole story of one teacher on the demo county (台山), in real Chromium, as people do it: by labels,
 * button and link texts. Registration with the SMS code from the dev outbox, 补充身份信息, 实名认证, the seven
 * steps with a real JPEG, the 申请表 PDF, the counter (材料不全 → 退回修改 → the teacher edits → 材料齐全),
 * the reviewer (注册合格), and the teacher's history. Every page on the way goes through PageAudit.check.
 */

export type { Teacher } from './storyKit';

/**
 * The bureau's certificate data for the teacher, as its import would hold it before she registers: a copy of
 * 李明's first certificate with its two registration records (so it is due now), under her ID number and name.
 */
export async function certificateFor(ctx: TestContext, who: Teacher): Promise<string> {
  const idNumber = idNumberFor(who.n);
  const li = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first();
  const { id: liId, ...row } = li;
  const certNumber = `2009447813${String(8_000_000 + who.n)}`;
  const [inserted] = await ctx.db('certificates').insert({ ...row, cert_number: certNumber, holder_name: who.name, id_number: idNumber, account_id: null, ...PLAIN.certificates }).returning('id');
  await ctx.container.services.protection.sealLegacyRows();
  const id = typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;
  for (const { id: _r, ...r } of await ctx.db('registration_records').where({ certificate_id: liId })) {
    await ctx.db('registration_records').insert({ ...r, certificate_id: id });
  }
  return certNumber;
}

export async function wholeStory(served: Served, audit: PageAudit, js: boolean, who: Teacher): Promise<void> {
  const { ctx, base } = served;
  const certNumber = await certificateFor(ctx, who);
  const { person, pageErrors } = castOf(served, audit, js);
  const teacher = await person();
  const me = teacher.page;
  const check = (page: Page, name: string) => audit.check(page, name);

  // 账号注册 → 登录 → 补充个人身份信息 → 实名认证.
  await registerAndVerify(served, audit, me, js, who);

  // 业务平台 → 报名 → the seven steps.
  await followLink(me, '业务平台', '.topnav');
  await check(me, 'platform');
  await followLink(me, '报名');
  await check(me, 'platform-window');
  await me.goto(`${base}/apply`);
  expect(me.url()).toBe(`${base}/apply/step/1`);
  await check(me, 'step1-agreement');
  await tick(me, '已阅读并完全同意');
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/apply/step/2`);
  await check(me, 'step2-bureau');
  await chooseInCascade(me, js, '选择省', '广东省');
  await chooseInCascade(me, js, '选择市', '江门市');
  await chooseInCascade(me, js, '现任教学段', '初级中学');
  await chooseInCascade(me, js, '现任教学科', 'C04 数学');
  await chooseInCascade(me, js, '注册机构', '台山市教育局');
  await tick(me, '台山市教育局人事股');
  await check(me, 'step2-chosen');
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/apply/step/3`);
  await check(me, 'step3-details');
  await tick(me, certNumber);
  await fillDetails(me);
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tr-story-')), 'photo.jpg');
  fs.writeFileSync(photo, await cameraPhoto());
  await ((await byLabel(me, '照片上传')) as ElementHandle<HTMLInputElement>).uploadFile(photo);
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/apply/step/4`);
  await check(me, 'step4-review');
  expect(await mainText(me)).toContain(certNumber);
  expect(await me.$eval('main img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(295);
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/apply/step/5`);
  await check(me, 'step5-notes');
  await clickButton(me, '下一步');
  expect(me.url()).toBe(`${base}/apply/step/6`);
  await check(me, 'step6-promise');
  await tick(me, '同意');
  await clickButton(me, '提交');
  const no = /\/apply\/done\/(\d{8})$/.exec(me.url())?.[1];
  if (!no) throw new Error(`no 报名号 after 提交: ${me.url()}`);
  expect(await mainText(me)).toContain('报名成功');
  await check(me, 'step7-done');

  // 查询报名信息 → 定期注册申请表预览 → 下载申请表: a real PDF.
  await followLink(me, '查询报名信息');
  await check(me, 'applications');
  await followLink(me, '定期注册申请表预览');
  await check(me, 'form-preview');
  const pdfHead = await pdfLinkAnswer(me);
  expect(pdfHead).toBe('200 application/pdf %PDF-');

  // 确认点操作员: 材料不全, then 退回修改 with a reason.
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
  await check(op, 'counter-application');
  await tick(op, '师德考核证明');
  await clickButton(op, '材料不全');
  expect(await op.$eval('#status', (e) => e.textContent)).toBe('确认未通过');
  await check(op, 'counter-incomplete');
  await typeInto(op, '退回原因', '请更正通讯地址');
  await clickButton(op, '退回修改');
  expect(await op.$eval('#status', (e) => e.textContent)).toBe('网报待确认');
  await check(op, 'counter-returned');

  // The teacher sees the reason and edits 通讯地址.
  await me.goto(`${base}/platform`);
  await followLink(me, '查询报名信息');
  expect(await mainText(me)).toContain('请更正通讯地址');
  await check(me, 'applications-returned');
  await followLink(me, '修改报名信息');
  await check(me, 'edit-details');
  await typeInto(me, '通讯地址', '广东省台山市台城街道环市北路2号');
  await clickButton(me, '提交');
  expect(me.url()).not.toContain('/edit/');
  await check(me, 'edited');

  // The operator: 材料齐全.
  await scanAtCounter(op, no);
  expect(await mainText(op)).toContain('环市北路2号');
  await clickButton(op, '材料齐全');
  expect(await op.$eval('#status', (e) => e.textContent)).toBe('待注册审批');
  await check(op, 'counter-complete');

  // 注册机构审核员: 注册合格.
  const office = await person();
  const rv = office.page;
  await signInAsStaff(rv, base, 'reviewer');
  await check(rv, 'staff-home-reviewer');
  await followLink(rv, '注册审核');
  expect(await mainText(rv)).toContain(no);
  await check(rv, 'review-queue');
  await followLink(rv, no);
  await check(rv, 'review-application');
  await clickButton(rv, '注册合格');
  expect(await rv.$eval('#status', (e) => e.textContent)).toBe('注册合格');
  await check(rv, 'review-passed');

  // The teacher: 注册合格 in 查询报名信息, and a new record in 定期注册信息.
  await me.goto(`${base}/platform`);
  await followLink(me, '查询报名信息');
  const row = await me.$$eval('table.apps tbody tr', (rows, want) => rows.find((r) => r.querySelector('td')?.textContent?.trim() === want)?.textContent ?? '', no);
  expect(row).toContain('注册合格');
  await check(me, 'applications-passed');
  await followLink(me, '个人信息中心', '.topnav');
  await followLink(me, '定期注册信息');
  const records = await me.$$eval('main table tbody tr', (rows) => rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ')));
  expect(records.some((r) => r.includes('注册合格') && r.includes('2026-11-23'))).toBe(true);
  await check(me, 'registrations');

  expect(pageErrors).toEqual([]);
  for (const c of [teacher.context, counter.context, office.context]) await c.close();
}

/**
 * One choice in step 2's cascade. Without JavaScript, 查询 brings the next list; with it, htmx swaps the
 * cascade: wait until the next list (or, after the bureau, the points) has arrived.
 */
async function chooseInCascade(page: Page, js: boolean, label: string, option: string): Promise<void> {
  const before = await page.$eval('#bureau-cascade', (e) => e.innerHTML);
  await choose(page, label, option);
  if (!js) {
    await clickButton(page, '查询');
    return;
  }
  await page.waitForFunction((old) => {
    const now = document.querySelector('#bureau-cascade');
    return now !== null && now.innerHTML !== old && !document.querySelector('#bureau-cascade select[disabled]');
  }, {}, before);
}

/** 填写注册信息: every field by its label (long code lists by code, as the county's data would name them). */
async function fillDetails(page: Page): Promise<void> {
  await choose(page, '普通话证书信息', '3');
  await choose(page, '最高学历信息', '21');
  await choose(page, '最高学历专业类别', '1');
  await choose(page, '所学专业', '0701');
  await choose(page, '最高学位信息', '4');
  await typeInto(page, '毕业学校', '华南师范大学');
  await typeInto(page, '毕业时间', '2007-07-01');
  await choose(page, '学习形式', '1');
  await typeInto(page, '现任教学校', '台山市台城第一初级中学');
  await choose(page, '任教学校性质', '1');
  await choose(page, '任教学校所在地', '1');
  await typeInto(page, '开始参加工作时间', '2007-09-01');
  await choose(page, '教师职务', 'M3');
  await typeInto(page, '现任教聘用日期', '2019-09-01');
  await typeInto(page, '户籍所在地', '广东省台山市台城街道');
  await choose(page, '岗位性质', '11');
  await choose(page, '政治面貌', '13');
  await typeInto(page, '通讯邮编', '529200');
  await typeInto(page, '通讯地址', '广东省台山市台城街道环市北路1号');
}
