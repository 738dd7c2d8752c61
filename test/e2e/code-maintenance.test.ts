import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { SHOTS_DIR, useServedApp } from '../helpers/browser';
import { completeDraft, newApplicant } from '../helpers/applicants';
import { DEMO_STAFF_PASSWORD } from '../../seeds';

/**
 * 代码维护 in real Chromium with JavaScript off, driven by labels and button texts: the bureau admin adds a
 * 岗位性质 and renames it, opens the schools; the applicant's step 3 then offers it. Screenshots at 1024×768
 * and 360 px wide (test-output/screenshots/codes-*.png).
 */
const served = useServedApp();
const WIDTHS = [{ width: 1024, height: 768 }, { width: 360, height: 740 }];

async function byLabel(page: Page, label: string): Promise<ElementHandle<Element>> {
  const id = await page.$$eval('label', (labels, want) => labels.find((l) => (l.textContent ?? '').replace(/\s|\*/g, '') === want)?.getAttribute('for') ?? null, label.replace(/\s/g, ''));
  if (!id) throw new Error(`no label ${label}`);
  return (await page.$(`#${id}`))!;
}
async function clickButton(page: Page, text: string, within = 'main') {
  for (const b of await page.$$(`${within} button`)) {
    if ((await b.evaluate((e) => (e.textContent ?? '').trim())) === text) {
      await Promise.all([page.waitForNavigation(), b.click()]);
      return;
    }
  }
  throw new Error(`no button ${text}`);
}
async function shots(page: Page, name: string) {
  for (const size of WIDTHS) {
    await page.setViewport(size);
    await page.screenshot({ path: path.join(SHOTS_DIR, `codes-${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewport(WIDTHS[0]);
}

test('the admin adds and renames a 岗位性质; the applicant\'s step 3 offers it at once', async () => {
  const context = await served.chromium.createBrowserContext();
  const page = await context.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(WIDTHS[0]);
  await page.goto(`${served.base}/staff/login`);
  await (await byLabel(page, '用户名')).type('bureauadmin');
  await (await byLabel(page, '密码')).type(DEMO_STAFF_PASSWORD);
  await clickButton(page, '登录');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/staff/codes"]')]);
  await shots(page, 'index');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/staff/codes/postType"]')]);
  await clickButton(page, '新增');
  expect(await page.$eval('#error-summary', (e) => e.textContent)).toContain('请填写代码');
  await shots(page, 'posttype-errors');
  await (await byLabel(page, '代码')).type('14');
  await (await byLabel(page, '名称')).type('代课');
  await clickButton(page, '新增');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('14 代课 已新增');
  const rename = await byLabel(page, '14 的名称');
  await rename.click({ clickCount: 3 });
  await rename.type('临时代课');
  await clickButton(page, '保存名称', 'tr:has(#field-name-14)');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('临时代课');
  await shots(page, 'posttype');
  await page.goto(`${served.base}/staff/codes/teacherTitle`);
  await shots(page, 'teachertitle');
  await page.goto(`${served.base}/staff/schools`);
  await shots(page, 'schools');
  // A school a teacher added (新增学校), merged by search, radio and button.
  await served.ctx.container.services.schools.add((await served.ctx.db('accounts').first('id')).id, '华南师大', '1');
  const added = await served.ctx.db('schools').where({ name: '华南师大' }).first('id');
  await page.goto(`${served.base}/staff/schools/${added.id}/merge`);
  await (await byLabel(page, '查询要合并到的学校')).type('华南');
  await clickButton(page, '查询');
  await page.click('input[name="targetId"]');
  await shots(page, 'merge');
  await clickButton(page, '合并');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('已将“华南师大”合并到“华南师范大学”');

  const applicant = await newApplicant(served.ctx, 31);
  await completeDraft(served.ctx, applicant.account, applicant.certificateId);
  const teacher = await (await served.chromium.createBrowserContext()).newPage();
  await teacher.setJavaScriptEnabled(false);
  await teacher.setViewport(WIDTHS[0]);
  await teacher.goto(`${served.base}/login`);
  await (await byLabel(teacher, '证件号码')).type(applicant.idNumber);
  await (await byLabel(teacher, '密码')).type(applicant.password);
  await Promise.all([teacher.waitForNavigation(), teacher.click('button[value="login"]')]);
  await teacher.goto(`${served.base}/apply/step/3`);
  const offered = await teacher.$$eval('#field-postType option', (os) => os.map((o) => o.textContent));
  expect(offered).toEqual(['---请选择---', '在编在岗', '事业单位岗位聘用', '在岗（民办学校）', '临时代课']);
  const groups = await teacher.$$eval('#field-teacherTitle optgroup', (gs) => gs.map((g) => g.getAttribute('label')));
  expect(groups).toEqual(['中学系列', '小学系列', '中等职业学校系列', '实习指导教师系列']);
  await shots(teacher, 'step3');
  await teacher.goto(`${served.base}/apply/step/2`);
  await shots(teacher, 'step2');
  await context.close();
});
