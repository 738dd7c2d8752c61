import path from 'node:path';
import type { Browser, BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import { SHOTS_DIR } from './browser';
import { DEMO_STAFF_PASSWORD } from '../../seeds';

/**
 * Drives a page as a person does — by label and button text, not by selector — so every end-to-end test also
 * checks the wording. Texts are compared without white space (a label's * marker, too), as a reader sees them.
 */

export const DESKTOP = { width: 1024, height: 768 };
export const PHONE = { width: 360, height: 740 };

const LABEL_NOISE = /\s|\*/g;

/** A new page (of the browser, or of a context with its own cookies) at 1024×768, JavaScript off unless `js`. */
export async function openPage(where: Browser | BrowserContext, { js = false } = {}): Promise<Page> {
  const page = await where.newPage();
  await page.setJavaScriptEnabled(js);
  await page.setViewport(DESKTOP);
  return page;
}

/** The form control a <label> with this text is for: the one its `for` names, or the input inside it. */
export async function byLabel(page: Page, label: string): Promise<ElementHandle<Element>> {
  const handle = await page.evaluateHandle((want) => {
    const found = [...document.querySelectorAll('label')].find((l) => (l.textContent ?? '').replace(/\s|\*/g, '') === want);
    if (!found) return null;
    return found.htmlFor ? document.getElementById(found.htmlFor) : found.querySelector('input');
  }, label.replace(LABEL_NOISE, ''));
  const el = handle.asElement();
  if (!el) throw new Error(`no control for label ${label}`);
  return el as ElementHandle<Element>;
}

/** A string matches the whole text; a RegExp (e.g. /^确认导入/ for “确认导入（2 行）”) is tested against it. */
type Wording = string | RegExp;

async function byText(page: Page, selector: string, text: Wording): Promise<ElementHandle<Element>> {
  for (const el of await page.$$(selector)) {
    const shown = await el.evaluate((e) => (e.textContent ?? '').replace(/\s/g, ''));
    if (typeof text === 'string' ? shown === text.replace(/\s/g, '') : text.test(shown)) return el;
  }
  throw new Error(`no ${selector} ${String(text)}`);
}

/** The button with this text inside `within`, for a click that does not navigate (a download, htmx). */
export const findButton = (page: Page, text: Wording, within = 'main') => byText(page, `${within} button`, text);

/** Clicks the button with this text inside `within` and waits for the page it leads to. */
export async function clickButton(page: Page, text: Wording, within = 'main'): Promise<void> {
  const button = await findButton(page, text, within);
  await Promise.all([page.waitForNavigation(), button.click()]);
}

/** Follows the link with this text inside `within`. */
export async function followLink(page: Page, text: Wording, within = 'main'): Promise<void> {
  const link = await byText(page, `${within} a`, text);
  await Promise.all([page.waitForNavigation(), link.click()]);
}

/** The page as it is now, whole, in SHOTS_DIR/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * The page at 1024×768 and 360 px wide (<name>-1024.png, <name>-360.png), left at 1024×768. With `fitsPhone`,
 * also checks that nothing but a table's own scroll box is wider than the phone.
 */
export async function shots(page: Page, name: string, opts: { fitsPhone?: boolean } = {}): Promise<void> {
  await page.setViewport(DESKTOP);
  await shot(page, `${name}-1024`);
  await page.setViewport(PHONE);
  await shot(page, `${name}-360`);
  if (opts.fitsPhone) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect([name, overflow]).toEqual([name, false]);
  }
  await page.setViewport(DESKTOP);
}

/**
 * Signs a demo staff user in through /staff/login and its 动态口令 step, as someone trying the demo does: the code is
 * read from the page's 演示环境 note. `onCodePage` runs on the 动态口令 page first (page checks); `code` gives the code
 * instead (an account that is not a demo one). The page ends on where the login leads (the 工作台).
 */
export async function signInAsStaff(page: Page, base: string, username: string, password = DEMO_STAFF_PASSWORD,
  opts: { onCodePage?: (page: Page) => Promise<void>; code?: (page: Page) => Promise<string> } = {}): Promise<void> {
  await page.goto(`${base}/staff/login`);
  await (await byLabel(page, '用户名')).type(username);
  await (await byLabel(page, '密码')).type(password);
  await clickButton(page, '登录');
  if (opts.onCodePage) await opts.onCodePage(page);
  const code = opts.code ? await opts.code(page) : await demoCodeOn(page);
  await (await byLabel(page, '动态口令')).type(code);
  await clickButton(page, /^(登录|绑定并登录)$/);
}

/** The current code a demo account's 动态口令 page shows in its 演示环境 note. */
export async function demoCodeOn(page: Page): Promise<string> {
  const note = await page.evaluate(() => [...document.querySelectorAll('main [role="note"]')].map((e) => e.textContent ?? '').find((t) => t.includes('演示环境')) ?? '');
  const code = /当前动态口令为\s*(\d{6})/.exec(note)?.[1];
  if (!code) throw new Error(`no 演示环境 code on ${page.url()}`);
  return code;
}

/** Signs an applicant in through /login. */
export async function signInAsApplicant(page: Page, base: string, idNumber: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await (await byLabel(page, '证件号码')).type(idNumber);
  await (await byLabel(page, '密码')).type(password);
  await Promise.all([page.waitForNavigation(), page.click('button[value="login"]')]);
}
