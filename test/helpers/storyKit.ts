import type { BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import { lastSmsCode } from './app';
import { idNumberFor } from './applicants';
import { byLabel, clickButton, findButton, followLink, openPage } from './pageDriver';
import type { PageAudit } from './pageAudit';
import type { useServedApp } from './browser';

/**
 * What the whole-story tests of both businesses share (test/helpers/story.ts for 定期注册, certificationStory.ts for
 * 认定): the people (a browser context each, every page watched by the audit), the form moves a person makes by label,
 * a new teacher's registration up to 实名认证, the 申请表 PDF link and the counter's scanner.
 */

export type Served = ReturnType<typeof useServedApp>;

export interface Teacher { n: number; name: string; mobile: string; email: string; password: string }

export const mainText = (page: Page) => page.$eval('main', (e) => (e as HTMLElement).innerText);

/** Types into the field with this label, replacing what is there. */
export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  const el = await byLabel(page, label);
  await el.evaluate((e) => { (e as HTMLInputElement).value = ''; });
  await el.type(text);
}

/** Chooses the option shown as `option` (or, for long code lists, with that code) in the select with this label. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const el = (await byLabel(page, label)) as ElementHandle<HTMLSelectElement>;
  const value = await el.evaluate((s, want) => {
    const found = [...s.options].find((o) => o.text.trim() === want) ?? [...s.options].find((o) => o.value === want);
    return found ? found.value : null;
  }, option);
  if (value === null) throw new Error(`no option ${option} for ${label}`);
  await el.select(value);
}

/** Ticks the checkbox or radio button with this label. */
export async function tick(page: Page, label: string): Promise<void> {
  await (await byLabel(page, label)).click();
}

export interface Cast {
  /** A new person: a browser context of their own (own cookies) and its page, watched by the audit. */
  person(): Promise<{ context: BrowserContext; page: Page }>;
  /** Script errors and console errors of every person's page. */
  pageErrors: string[];
}

export function castOf(served: Served, audit: PageAudit, js: boolean): Cast {
  const pageErrors: string[] = [];
  return {
    pageErrors,
    async person() {
      const context = await served.chromium.createBrowserContext();
      const page = await openPage(context, { js });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      // Chromium logs every 4xx document as an error; the one 422 the story asks for is not a fault.
      page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 422')) pageErrors.push(m.text()); });
      audit.watch(page);
      return { context, page };
    },
  };
}

/**
 * 账号注册 (the SMS code from the dev outbox; with JavaScript htmx swaps only the SMS block) → 登录 → 补充个人身份信息
 * (sent empty first: the 422 page with its error summary is a page too) → 实名认证. Ends on 实名认证成功.
 */
export async function registerAndVerify(served: Served, audit: PageAudit, me: Page, js: boolean, who: Teacher): Promise<void> {
  const { ctx, base } = served;
  const idNumber = idNumberFor(who.n);
  const check = (page: Page, name: string) => audit.check(page, name);
  await me.goto(`${base}/`);
  await check(me, 'home');
  await followLink(me, '注册', '.topnav');
  expect(me.url()).toBe(`${base}/register`);
  await check(me, 'register');
  await choose(me, '证件类型', '居民身份证');
  await typeInto(me, '证件号码', idNumber);
  await typeInto(me, '姓名', who.name);
  await typeInto(me, '安全邮箱', who.email);
  await typeInto(me, '手机号码', who.mobile);
  if (js) {
    await (await findButton(me, '免费获取验证码')).click();
    await me.waitForFunction(() => document.querySelector('#sms-block [role="status"]') !== null);
    await check(me, 'register-sms-swapped');
  } else {
    await clickButton(me, '免费获取验证码');
    await check(me, 'register-sms-sent');
  }
  expect(await mainText(me)).toContain('短信验证码已经发送');
  await typeInto(me, '短信验证码', await lastSmsCode(ctx, who.mobile));
  await typeInto(me, '密码', who.password);
  await typeInto(me, '确认密码', who.password);
  await tick(me, `我已阅读并同意《${ctx.config.siteName}用户账号注册协议》`);
  await clickButton(me, '注册');
  expect(me.url()).toContain('/login');
  await check(me, 'login');

  await typeInto(me, '证件号码', idNumber);
  await typeInto(me, '密码', who.password);
  await clickButton(me, '登录');
  expect(me.url()).toContain('/me/complete');
  await check(me, 'me-complete');
  await clickButton(me, '提交');
  expect(await mainText(me)).toContain('请修改以下内容后重新提交');
  await check(me, 'me-complete-errors');
  await choose(me, '民族', '汉族');
  await tick(me, '20年');
  await typeInto(me, '身份证件有效开始日期', '2020-05-06');
  await clickButton(me, '提交');
  expect(me.url()).toBe(`${base}/me`);
  await check(me, 'me');
  await followLink(me, '实名认证');
  await check(me, 'realname');
  await clickButton(me, '实名认证');
  expect(await mainText(me)).toContain('实名认证成功');
  await check(me, 'realname-passed');
}

/** What the page's 下载申请表 link answers, fetched with the page's cookies: "<status> <type> <first five bytes>". */
export function pdfLinkAnswer(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const link = [...document.querySelectorAll('a')].find((a) => (a.textContent ?? '').startsWith('下载申请表'));
    if (!link) return 'no 下载申请表 link';
    const res = await fetch(link.href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return `${res.status} ${res.headers.get('content-type')} ${String.fromCharCode(...bytes.slice(0, 5))}`;
  });
}

/** The counter: the 报名号 typed into its field and Enter, as a barcode scanner does. */
export async function scanAtCounter(page: Page, no: string): Promise<void> {
  await page.goto(`${page.url().replace(/\/staff.*$/, '')}/staff/counter`);
  await (await byLabel(page, '报名号')).click();
  await page.keyboard.type(no);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url()).toMatch(new RegExp(`/staff/applications/${no}$`));
}
