import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ElementHandle, Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shots, signInAsApplicant } from '../helpers/pageDriver';
import { cameraPhoto } from '../helpers/wizard';

/**
 * 教师资格认定's eight steps in real Chromium (issue 14), by labels and button texts as a new user would: with JavaScript
 * off the 个人承诺书 is a photo of the signed promise, with it the signature is drawn on the pad. Ends on 申报提醒 with a
 * 报名号; every step photographed at 1024×768 and 360 px (test-output/screenshots/certify-*.png).
 */
const served = useServedApp();

const files = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-certify-e2e-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

async function fileOf(name: string, data: Buffer): Promise<string> {
  const file = path.join(files, name);
  fs.writeFileSync(file, data);
  return file;
}

async function choose(page: Page, label: string, optionText: string): Promise<void> {
  const select = await byLabel(page, label);
  const value = await select.evaluate((el, text) => [...(el as HTMLSelectElement).options].find((o) => { const shown = o.textContent?.trim() ?? ''; return shown === text || shown.endsWith(` ${text}`); })?.value ?? '', optionText);
  if (!value) throw new Error(`no option ${optionText} in ${label}`);
  await select.evaluate((el, v) => { (el as HTMLSelectElement).value = v; el.dispatchEvent(new Event('change', { bubbles: true })); }, value);
}

async function walk(js: boolean): Promise<string> {
  // Each walk in a browser context of its own: its own sign-in (cookies are per context).
  const context = await served.chromium.createBrowserContext();
  const page = await openPage(context, { js });
  const tag = js ? 'js' : 'nojs';
  await signInAsApplicant(page, served.base, DEMO.zhangXiaowen.idNumber, DEMO.zhangXiaowen.password);
  await page.goto(`${served.base}/certify`);

  // 步骤一: both boxes.
  await page.click('#field-agree');
  await page.click('#field-authorise');
  await shots(page, `certify-1-${tag}`);
  await clickButton(page, '下一步');

  // 步骤二: the demo applicant's 考试合格证明, her 普通话 certificate, not a student.
  expect(page.url()).toContain('/certify/step/2');
  await (await byLabel(page, '考试合格证明（国家统一考试）')).click();
  await (await page.$('input[name="putonghuaId"]'))!.click();
  await (await byLabel(page, '否')).click();
  await shots(page, `certify-2-${tag}`);
  await clickButton(page, '下一步');

  // 步骤三: address, then the cascade (查询 after each choice without JavaScript; htmx refreshes it with).
  expect(page.url()).toContain('/certify/step/3');
  await (await byLabel(page, '认定所在地详细地址')).type('广东省台山市台城街道环市北路1号');
  // With htmx each change swaps the cascade in place: wait for what the choice brings; without, 查询 reloads the page.
  const refresh = async (appears: string) => {
    if (js) {
      await page.waitForFunction((text) => [...document.querySelectorAll('#bureau-cascade option, #bureau-cascade label')].some((e) => e.textContent?.trim() === text), { timeout: 20_000 }, appears)
        .catch(async (err: Error) => { throw new Error(`${appears} never appeared: ${err.message}\n${await page.$eval('#bureau-cascade', (e) => e.outerHTML.replace(/\s+/g, ' ').slice(0, 3000))}`); });
      // …and for htmx to have finished with it (a change during its request or settling is dropped).
      await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, #bureau-cascade select:disabled'));
    }
    else await clickButton(page, '查询');
  };
  // htmx must have processed the page before a change can reach it.
  if (js) await page.waitForFunction(() => document.readyState === 'complete' && document.documentElement.className.includes('has-htmx'));
  await choose(page, '选择省', '广东省');
  await refresh('江门市');
  await choose(page, '选择市', '江门市');
  // A person cannot choose while the selects are disabled for htmx's request; neither does this test.
  if (js) await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, #bureau-cascade select:disabled'));
  await choose(page, '资格种类', '小学教师资格');
  await refresh('台山市教育局');
  await choose(page, '认定机构', '台山市教育局');
  await refresh('台山市教育局人事股');
  await (await byLabel(page, '台山市教育局人事股')).click();
  await shots(page, `certify-3-${tag}`);
  await clickButton(page, '下一步');

  // 步骤四: 任教学科, photo, the signature (photo without JavaScript, pad with), 自取, one 简历 row.
  expect(page.url()).toContain('/certify/step/4');
  await choose(page, '任教学科', '语文');
  await ((await byLabel(page, '照片上传')) as ElementHandle<HTMLInputElement>).uploadFile(await fileOf('photo.jpg', await cameraPhoto()));
  if (js) {
    const canvas = await page.$('canvas.signature-canvas');
    expect(canvas).not.toBeNull();
    await canvas!.scrollIntoView(); // the mouse only reaches what is in the viewport
    const box = (await canvas!.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 140);
    await page.mouse.down();
    for (let i = 0; i <= 40; i++) await page.mouse.move(box.x + 30 + i * 8, box.y + 100 + Math.sin(i / 3) * 50);
    await page.mouse.up();
  } else {
    const promise = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="900" height="1200" fill="#fafafa"/><path d="M500 1000 C560 930 620 1060 700 980" stroke="#111" stroke-width="6" fill="none"/></svg>')).jpeg().toBuffer();
    await ((await byLabel(page, '上传签名后的个人承诺书照片')) as ElementHandle<HTMLInputElement>).uploadFile(await fileOf('promise.jpg', promise));
  }
  await (await byLabel(page, '自取')).click();
  await (await byLabel(page, '起始年月')).type('2019-09');
  await (await byLabel(page, '工作单位')).type('无');
  await choose(page, '现从事职业', '学生');
  await choose(page, '专业技术职务', '无');
  await shots(page, `certify-4-${tag}`);
  await clickButton(page, '下一步');

  // 步骤五 to 七, then 申报提醒.
  expect(page.url()).toContain('/certify/step/5');
  expect(await page.$eval('main', (e) => (e as HTMLElement).innerText)).toContain('小学教师资格');
  await shots(page, `certify-5-${tag}`);
  await clickButton(page, '下一步');
  expect(page.url()).toContain('/certify/step/6');
  await shots(page, `certify-6-${tag}`);
  await clickButton(page, '下一步');
  expect(page.url()).toContain('/certify/step/7');
  await (await byLabel(page, '同意')).click();
  await clickButton(page, '提交');
  const receipt = await page.$eval('main', (e) => (e as HTMLElement).innerText);
  const no = /(\d{8})/.exec(receipt)?.[1];
  expect(no).toBeDefined();
  expect(receipt).toContain('台山市教育局人事股');
  await shots(page, `certify-8-${tag}`);
  await context.close();
  return no as string;
}

test('without JavaScript: plain forms, the signed promise as a photo', async () => {
  const no = await walk(false);
  const row = await served.ctx.db('applications').where({ application_no: no }).first();
  expect(row).toMatchObject({ business: 'certification', status: '网报待确认', qualification_code: '2' });
  const signature = await served.ctx.container.repos.files.findForAccount(row.signature_file_id, row.account_id);
  expect(signature?.mime).toBe('image/jpeg');
});

test('with JavaScript: the signature drawn on the pad', async () => {
  // One 认定 per plan and account: the first test's application goes, so the same demo applicant can apply again.
  await served.ctx.db('application_events').whereIn('application_id', served.ctx.db('applications').where({ business: 'certification' }).select('id')).del();
  await served.ctx.db('applications').where({ business: 'certification' }).del();
  const no = await walk(true);
  const row = await served.ctx.db('applications').where({ application_no: no }).first();
  const signature = await served.ctx.container.repos.files.findForAccount(row.signature_file_id, row.account_id);
  expect(signature?.mime).toBe('image/png');
});
