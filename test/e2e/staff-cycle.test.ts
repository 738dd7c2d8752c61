import type { BrowserContext, Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, DESKTOP, followLink, openPage, PHONE, shot, signInAsApplicant, signInAsStaff } from '../helpers/pageDriver';
import { agreeToPromise, completeDraft, newApplicant } from '../helpers/applicants';
import { submittedApplication } from '../helpers/applications';
import { getBinary, pdfTools } from '../helpers/forms';

/**
 * The whole staff cycle in real Chromium, once with JavaScript off and once with it on: the applicant's
 * submission is made through the test helpers, everything after it by people in browsers — the operator at
 * the counter (材料不全 with ticked items, a 留言, 退回修改 with a reason, 材料齐全), the applicant looking at
 * 查询报名信息 and editing, the reviewer concluding 注册合格, and the applicant's 定期注册信息 at the end.
 * Staff type HTML-looking text: the applicant sees it literally, and the 申请表 PDF carries only the submission.
 */
const served = useServedApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });
const tools = pdfTools();
afterAll(() => tools.cleanup());

// Staff-typed text that would become markup if it were not escaped.
const MESSAGE = '请携带<b>原件</b> & "复印件"到确认点';
const REASON = '请更正<b>通讯地址</b> & "邮编"';
// What the applicant types into 通讯地址 when editing (an applicant-entered field printed on the 申请表).
const ADDRESS = '广东省台山市<b>环市北路</b>1号';

const mainText = (page: Page) => page.$eval('main', (e) => (e as HTMLElement).innerText);
const flashText = (page: Page) => page.$$eval('.flash', (els) => els.map((e) => e.textContent ?? '').join(' '));

/** A new browser context (its own cookies) with one page, JavaScript on or off. */
async function personIn(js: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await served.chromium.createBrowserContext();
  return { context, page: await openPage(context, { js }) };
}

async function staffSignIn(page: Page, username: string) {
  await signInAsStaff(page, served.base, username);
  expect(page.url()).toBe(`${served.base}/staff`);
}

async function applicantSignIn(page: Page, idNumber: string, password: string) {
  await signInAsApplicant(page, served.base, idNumber, password);
  expect(page.url()).toMatch(/\/me$/);
}

/** 查询报名信息 as the applicant reads it: the row's status and the 定期注册材料确认情况 line under it. */
async function myApplication(page: Page, no: string) {
  await page.goto(`${served.base}/applications`);
  return page.$$eval('table.apps tbody tr', (rows, want) => {
    const i = rows.findIndex((r) => r.querySelector('td')?.textContent?.trim() === want);
    if (i < 0) return null;
    const cells = [...rows[i].querySelectorAll('td')].map((c) => (c.textContent ?? '').trim());
    return { status: cells[4], materials: (rows[i + 1]?.querySelector('td')?.textContent ?? '').trim(), boldInMaterials: rows[i + 1]?.querySelector('b') !== null };
  }, no);
}

/** The counter: the 报名号 typed into its field and Enter, as a barcode scanner does. */
async function openAtCounter(page: Page, no: string) {
  await page.goto(`${served.base}/staff/counter`);
  // The field has the focus on load (counter-no-javascript checks it); clicking it first keeps a busy machine from losing a digit.
  await (await byLabel(page, '报名号')).click();
  await page.keyboard.type(no);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url()).toBe(`${served.base}/staff/applications/${no}`);
}

const statusOf = (page: Page) => page.$eval('#status', (e) => e.textContent);

async function wholeCycle(js: boolean, applicant: { no: string; idNumber: string; password: string }, tag: string) {
  const { no } = applicant;
  const staff = await personIn(js);
  const teacher = await personIn(js);
  const op = staff.page;
  const me = teacher.page;
  const pageErrors: string[] = [];
  for (const p of [op, me]) p.on('pageerror', (e) => pageErrors.push(String(e)));

  // The operator: 材料不全 with two items ticked, and a 留言 with HTML in it.
  await staffSignIn(op, 'operator');
  await openAtCounter(op, no);
  expect(await statusOf(op)).toBe('网报待确认');
  await (await byLabel(op, '师德考核证明')).click();
  await (await byLabel(op, '培训学时证明')).click();
  await clickButton(op, '材料不全');
  expect(await flashText(op)).toContain('已办理：材料不全');
  expect(await statusOf(op)).toBe('确认未通过');
  await (await byLabel(op, '给申请人留言')).type(MESSAGE);
  await clickButton(op, '发送留言');
  expect(await flashText(op)).toContain('留言已发送');
  // The staff page shows the message as typed, too.
  expect(await op.$$eval('.message .pre', (els) => els.map((e) => e.textContent))).toContain(MESSAGE);

  // The applicant: 确认未通过, exactly the ticked items, and the 留言 literally.
  await applicantSignIn(me, applicant.idNumber, applicant.password);
  expect(await myApplication(me, no)).toEqual({ status: '确认未通过', materials: '材料不全，缺少：师德考核证明、培训学时证明', boldInMaterials: false });
  expect(await me.$eval('table.apps', (t) => t.textContent)).toContain('有留言（1条未读）');
  await followLink(me, /^查看留言信息/);
  expect(await me.$$eval('.message p:not(.meta)', (els) => els.map((e) => e.textContent))).toContain(MESSAGE);
  expect(await me.$$('.message b')).toHaveLength(0);

  // The operator: 退回修改 with a reason that looks like HTML.
  await op.reload();
  await (await byLabel(op, '退回原因')).type(REASON);
  await clickButton(op, '退回修改');
  expect(await flashText(op)).toContain('已办理：退回修改');
  expect(await statusOf(op)).toBe('网报待确认');

  // The applicant: back to 网报待确认 with the reason, literally; 修改报名信息, change 通讯地址, save.
  const returned = await myApplication(me, no);
  expect(returned?.status).toBe('网报待确认');
  expect(returned?.materials).toBe(`您的报名信息已被注册机构台山市教育局退回修改（原因：${REASON}），请按照机构要求准备材料并修改报名信息。`);
  expect(returned?.boldInMaterials).toBe(false);
  await followLink(me, '修改报名信息');
  expect(me.url()).toBe(`${served.base}/applications/${no}/edit/details`);
  const address = await byLabel(me, '通讯地址');
  await address.click({ clickCount: 3 });
  await address.evaluate((e) => { (e as HTMLInputElement).value = ''; });
  await address.type(ADDRESS);
  await clickButton(me, '提交');
  expect(me.url()).not.toContain('/edit/');
  // The 办理记录 of 查看报名信息 shows the reason as typed, and the new address.
  await me.goto(`${served.base}/applications/${no}`);
  expect(await mainText(me)).toContain(`退回修改：${REASON}`);
  expect(await mainText(me)).toContain(ADDRESS);
  expect(await me.$$('main table b')).toHaveLength(0);

  // The operator: the applicant is back at the counter with everything: 材料齐全.
  await openAtCounter(op, no);
  expect(await mainText(op)).toContain(ADDRESS);
  await clickButton(op, '材料齐全');
  expect(await flashText(op)).toContain('已办理：材料齐全');
  expect(await statusOf(op)).toBe('待注册审批');
  expect((await myApplication(me, no))?.status).toBe('待注册审批');

  // The reviewer: the queue lists it; open it; 注册合格.
  const office = await personIn(js);
  const rv = office.page;
  rv.on('pageerror', (e) => pageErrors.push(String(e)));
  await staffSignIn(rv, 'reviewer');
  await Promise.all([rv.waitForNavigation(), rv.click('main a[href="/staff/review"]')]);
  expect(await mainText(rv)).toContain(no);
  await shot(rv, `review-queue-1024-${tag}`);
  await Promise.all([rv.waitForNavigation(), rv.click(`main a[href="/staff/applications/${no}"]`)]);
  await shot(rv, `review-application-1024-${tag}`);
  await clickButton(rv, '注册合格');
  expect(await flashText(rv)).toContain('已办理：注册合格');
  expect(await statusOf(rv)).toBe('注册合格');

  // The applicant: 注册合格, materials confirmed, and 定期注册信息 lists the new record.
  expect(await myApplication(me, no)).toEqual({ status: '注册合格', materials: '材料已确认', boldInMaterials: false });
  await me.goto(`${served.base}/me`);
  await followLink(me, '定期注册信息');
  expect(me.url()).toBe(`${served.base}/me/registrations`);
  const records = await me.$$eval('main table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim())));
  expect(records.some((cells) => cells.includes('注册合格') && cells.includes('2026-11-23'))).toBe(true);

  // The staff pages at 360 px: nothing wider than the screen but a table's own scroller.
  for (const [page, name, url] of [[op, 'staff-application', `/staff/applications/${no}`], [rv, 'review-queue', '/staff/review?status=all']] as const) {
    await page.setViewport(PHONE);
    await page.goto(`${served.base}${url}`);
    await shot(page, `${name}-360-${tag}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  await op.setViewport(DESKTOP);
  await op.goto(`${served.base}/staff/applications/${no}`);
  await shot(op, `staff-application-1024-${tag}`);

  expect(pageErrors).toEqual([]);
  for (const c of [staff.context, teacher.context, office.context]) await c.close();
}

// The second teacher is a copy of 李明's certificate and its records: made before 李明's 注册合格 adds one, so it is due.
let second: { no: string; idNumber: string; password: string };
beforeAll(async () => {
  const { ctx } = served;
  const who = await newApplicant(ctx, 41);
  await completeDraft(ctx, who.account, who.certificateId);
  await agreeToPromise(ctx, who.account);
  const no = (await ctx.db('applications').where({ account_id: who.account.id }).first()).application_no as string;
  second = { no, idNumber: who.idNumber, password: who.password };
});

test('JavaScript off: 材料不全 → the applicant sees the items → 退回修改 → edit → 材料齐全 → 注册合格 → 定期注册信息; staff text escaped, the PDF the submission only', async () => {
  const { ctx } = served;
  const { b, no } = await submittedApplication(ctx);
  // Printed once before the cycle: the edit below must reach the next print (no stale cached PDF).
  const before = await getBinary(b, `/applications/${no}/form.pdf`);
  expect(before.status).toBe(200);
  await wholeCycle(false, { no, idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password }, 'nojs');

  // The 申请表 PDF: the applicant's own HTML-looking address prints literally; nothing staff typed is on it.
  const res = await getBinary(b, `/applications/${no}/form.pdf`);
  expect(res.status).toBe(200);
  const text = tools.text(tools.write('cycle.pdf', res.body as Buffer), 1).replace(/\s+/g, '');
  expect(text).toContain(ADDRESS);
  for (const staffText of ['原件', '复印件', '邮编"']) expect(text).not.toContain(staffText);
}, 180_000);

test('JavaScript on: the same cycle', async () => {
  await wholeCycle(true, second, 'js');
}, 180_000);
