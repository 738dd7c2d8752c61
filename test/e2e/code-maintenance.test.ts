import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shots, signInAsApplicant, signInAsStaff } from '../helpers/pageDriver';
import { completeDraft, newApplicant } from '../helpers/applicants';

/**
 * 代码维护 in real Chromium with JavaScript off, driven by labels and button texts: the bureau admin adds a
 * 岗位性质 and renames it, opens the schools; the applicant's step 3 then offers it. Screenshots at 1024×768
 * and 360 px wide (test-output/screenshots/codes-*.png).
 */
const served = useServedApp();
test('the admin adds and renames a 岗位性质; the applicant\'s step 3 offers it at once', async () => {
  const context = await served.chromium.createBrowserContext();
  const page = await openPage(context);
  await signInAsStaff(page, served.base, 'bureauadmin');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/staff/codes"]')]);
  await shots(page, 'codes-index');
  await Promise.all([page.waitForNavigation(), page.click('a[href="/staff/codes/postType"]')]);
  await clickButton(page, '新增');
  expect(await page.$eval('#error-summary', (e) => e.textContent)).toContain('请填写代码');
  await shots(page, 'codes-posttype-errors');
  await (await byLabel(page, '代码')).type('14');
  await (await byLabel(page, '名称')).type('代课');
  await clickButton(page, '新增');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('14 代课 已新增');
  const rename = await byLabel(page, '14 的名称');
  await rename.click({ clickCount: 3 });
  await rename.type('临时代课');
  await clickButton(page, '保存名称', 'tr:has(#field-name-14)');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('临时代课');
  await shots(page, 'codes-posttype');
  await page.goto(`${served.base}/staff/codes/teacherTitle`);
  await shots(page, 'codes-teachertitle');
  await page.goto(`${served.base}/staff/schools`);
  await shots(page, 'codes-schools');
  // A school a teacher added (新增学校), merged by search, radio and button.
  await served.ctx.container.services.schools.add((await served.ctx.db('accounts').first('id')).id, '华南师大', '1');
  const added = await served.ctx.db('schools').where({ name: '华南师大' }).first('id');
  await page.goto(`${served.base}/staff/schools/${added.id}/merge`);
  await (await byLabel(page, '查询要合并到的学校')).type('华南');
  await clickButton(page, '查询');
  await page.click('input[name="targetId"]');
  await shots(page, 'codes-merge');
  await clickButton(page, '合并');
  expect(await page.$eval('.flash', (e) => e.textContent)).toContain('已将“华南师大”合并到“华南师范大学”');

  const applicant = await newApplicant(served.ctx, 31);
  await completeDraft(served.ctx, applicant.account, applicant.certificateId);
  const teacher = await openPage(await served.chromium.createBrowserContext());
  await signInAsApplicant(teacher, served.base, applicant.idNumber, applicant.password);
  await teacher.goto(`${served.base}/apply/step/3`);
  const offered = await teacher.$$eval('#field-postType option', (os) => os.map((o) => o.textContent));
  expect(offered).toEqual(['---请选择---', '在编在岗', '事业单位岗位聘用', '在岗（民办学校）', '临时代课']);
  const groups = await teacher.$$eval('#field-teacherTitle optgroup', (gs) => gs.map((g) => g.getAttribute('label')));
  expect(groups).toEqual(['中学系列', '小学系列', '中等职业学校系列', '实习指导教师系列']);
  await shots(teacher, 'codes-step3');
  await teacher.goto(`${served.base}/apply/step/2`);
  await shots(teacher, 'codes-step2');
  await context.close();
});
