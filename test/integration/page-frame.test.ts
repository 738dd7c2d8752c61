import { makeTestApp, TestContext, loginAs, Browser, DEMO } from '../helpers/app';
import { DEFAULT_SITE_NAME } from '../../src/config';

/** The names around a page (web/pageBusiness.ts): a business's pages name it in <title> and the header; the rest name the site only. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } }); });
afterAll(async () => { await ctx?.container.close(); await ctx?.close(); });

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
const businessOf = (html: string) => /<span class="business">([^<]*)<\/span>/.exec(html)?.[1] ?? '';

test('认定\'s pages say 教师资格认定 in <title> and header, never 定期注册', async () => {
  const b = await loginAs(ctx, DEMO.zhangXiaowen);
  for (const path of ['/certify/notice', '/certify/step/1', '/certifications', '/me/putonghua', '/me/education', '/me/exams']) {
    const res = await b.get(path);
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toMatch(new RegExp(` - 教师资格认定 - ${DEFAULT_SITE_NAME}$`));
    expect(titleOf(res.text)).not.toContain('定期注册');
    expect(businessOf(res.text)).toBe('教师资格认定');
    expect(res.text).not.toContain('定期注册系统'); // the brand, greeting and footer name the site, not the other business
  }
});

test('定期注册\'s pages say 中小学教师资格定期注册; the site\'s shared pages only the neutral name', async () => {
  const b = await loginAs(ctx, DEMO.zhangXiaowen);
  for (const path of ['/applications', '/platform/notice', '/me/registrations']) {
    const res = await b.get(path);
    expect(res.status).toBe(200);
    expect(titleOf(res.text)).toMatch(new RegExp(` - 中小学教师资格定期注册 - ${DEFAULT_SITE_NAME}$`));
  }
  const me = await b.get('/me');
  expect(titleOf(me.text)).toBe(`个人信息中心 - ${DEFAULT_SITE_NAME}`);
  // 000 §3.1: 业务平台's header names 定期注册 (the business the national site enters there).
  expect(businessOf((await b.get('/platform')).text)).toBe('中小学教师资格定期注册');
  const home = await new Browser(ctx.app).get('/');
  expect(titleOf(home.text)).toMatch(new RegExp(`${DEFAULT_SITE_NAME}$`));
  expect(titleOf(home.text)).not.toMatch(/定期注册|教师资格认定/);
});
