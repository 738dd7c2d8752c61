import { makeTestApp, TestContext, loginAs, DEMO, Browser } from '../helpers/app';
import { submitDemoApplication, getBinary } from '../helpers/forms';
import { FORM_MESSAGES } from '../../src/pdf/messages';
import { editDetailsUrl, editFields, postEditDetails } from '../helpers/applications';
import { demoIds } from '../helpers/wizard';

/**
 * Who may see the 申请表 (preview and PDF), and what they read when they may not. The preview needs no
 * Chromium; here the PDF browser is pointed at a path that does not exist, which also covers the 503.
 */
let ctx: TestContext;
let owner: Browser;
let no: string;
beforeEach(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  ({ b: owner, no } = await submitDemoApplication(ctx));
});
afterEach(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const formUrls = () => [`/applications/${no}/form`, `/applications/${no}/form.pdf`];

describe('申请表预览 (HTML)', () => {
  test('the owner sees the whole form: title, 报名号 and its barcode, photo, every section, the promise and the boxes', async () => {
    const res = await owner.get(`/applications/${no}/form`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.text;
    expect(html).toContain('<h1>教师资格定期注册申请表</h1>');
    expect(html).toContain(`报名号：<span class="regno-value">${no}</span>`);
    expect(html).toMatch(new RegExp(`<svg class="barcode"[^>]*aria-label="报名号条形码 ${no}"`));
    expect((html.match(/<rect x="\d+" y="0" width="[1-4]" height="30"\/>/g) ?? []).length).toBeGreaterThan(20);
    const app = await ctx.db('applications').where({ application_no: no }).first();
    expect(html).toContain(`<img src="/apply/photo/${app.photo_file_id}" alt="申请人照片">`);
    for (const text of ['个人信息', '教师资格证书信息', '注册信息', '学历与工作', '个人承诺', '所在学校意见（盖章）', '注册机构意见（盖章）',
      '申请人签名：', '日期：', '李明', '汉族', '20094478131000123', '初级中学教师资格', '台山市教育局', '台山市教育局人事股', '定期注册',
      '华南师范大学', '台山市台城第一初级中学', '二级甲等', '生成时间：2026-11-23 10:00', '本人所填写信息及提交的注册材料真实可靠。']) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
    // On screen the numbers are masked, as on every page; the PDF prints them in full.
    expect(html).not.toContain(DEMO.liMing.idNumber);
    expect(html).toContain('44**************36');
    // One copy on screen, no copy mark; the toolbar links to the PDF and back.
    expect(html).not.toContain('第一份</span>');
    expect(html).toContain(`<a class="button" href="/applications/${no}/form.pdf">下载申请表（PDF，一式两份）</a>`);
    expect(html).toContain('<link rel="stylesheet" href="/css/application-form.css">');
    // The strict CSP holds: no inline style or script.
    expect(html).not.toMatch(/<style|style="|<script/);
    expect(res.headers['content-security-policy']).toContain("style-src 'self'");
  });

  test('the stylesheet is served by the app itself, with A4 portrait print rules', async () => {
    const res = await owner.get('/css/application-form.css');
    expect(res.status).toBe(200);
    expect(res.text).toContain('size: A4 portrait');
    expect(res.text).not.toMatch(/@import|url\(\s*['"]?https?:/);
  });

  test('查询报名信息 and 查看报名信息 link to the preview', async () => {
    expect((await owner.get('/applications')).text).toContain(`<a href="/applications/${no}/form">定期注册申请表预览</a>`);
    expect((await owner.get(`/applications/${no}`)).text).toContain(`href="/applications/${no}/form">定期注册申请表预览</a>`);
  });

  test('what the preview prints follows an edit of the application', async () => {
    // A real 修改报名信息 (注册信息), as the applicant makes it.
    const edited = await postEditDetails(owner, editDetailsUrl(no), { ...editFields(await demoIds(ctx)), address: '广东省台山市台城街道新地址88号' });
    expect(edited.status).toBe(303);
    const html = (await owner.get(`/applications/${no}/form`)).text;
    expect(html).toContain('广东省台山市台城街道新地址88号');
    expect(html).toContain('第 2 版');
  });
});

describe('who may open the 申请表', () => {
  test('another applicant gets 404 for every form URL, as for a number that does not exist', async () => {
    const other = await loginAs(ctx, DEMO.huang);
    for (const url of formUrls()) {
      const res = await other.get(url);
      expect([url, res.status]).toEqual([url, 404]);
      expect(res.text).not.toContain('李明');
    }
    for (const url of ['/applications/26999999/form', '/applications/26999999/form.pdf', '/applications/abc/form', '/applications/abc/form.pdf']) {
      expect([url, (await owner.get(url)).status]).toEqual([url, 404]);
    }
  });

  test('anonymous visitors are sent to the login page and come back after it', async () => {
    const anonymous = new Browser(ctx.app);
    for (const url of formUrls()) {
      const res = await anonymous.get(url);
      expect([url, res.status, res.headers.location]).toEqual([url, 303, `/login?next=${encodeURIComponent(url)}`]);
    }
  });

  test('after the plan\'s end (确认 closed) the download is closed with the seeds\' wording', async () => {
    const app = await ctx.db('applications').where({ application_no: no }).first();
    const plan = await ctx.db('plans').where({ id: app.plan_id }).first();
    ctx.clock.set(new Date(Date.parse(plan.confirm_end) + 60_000));
    owner = await loginAs(ctx, DEMO.liMing); // weeks later: a new session
    for (const url of formUrls()) {
      const res = await owner.get(url);
      expect([url, res.status]).toEqual([url, 410]);
      expect(res.text).toContain(FORM_MESSAGES.closed);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    // Up to the end itself it is open.
    ctx.clock.set(new Date(Date.parse(plan.confirm_end) - 60_000));
    owner = await loginAs(ctx, DEMO.liMing);
    expect((await owner.get(formUrls()[0])).status).toBe(200);
  });
});

describe('when Chromium is missing', () => {
  test('warming at start only logs; downloads still answer 503', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await ctx.container.services.forms.warm()).toBe(false);
      expect(logged.mock.calls.map((c) => c.join(' ')).join('\n')).toMatch(/warming the PDF browser failed: Chromium not found at \/nonexistent\/chromium/);
      expect((await getBinary(owner, `/applications/${no}/form.pdf`)).status).toBe(503);
    } finally {
      logged.mockRestore();
    }
  });

  test('the PDF answers 503 "申请表生成服务暂不可用，请稍后再试" at once and the log says why; the preview still works', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const started = Date.now();
      const res = await getBinary(owner, `/applications/${no}/form.pdf`);
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body.toString('utf8')).toContain(FORM_MESSAGES.unavailable);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(logged.mock.calls.map((c) => c.join(' ')).join('\n')).toMatch(/Chromium not found at \/nonexistent\/chromium/);
      expect((await owner.get(`/applications/${no}/form`)).status).toBe(200);
      // Still 503 (not a hang, not a crash) on the next try.
      expect((await getBinary(owner, `/applications/${no}/form.pdf`)).status).toBe(503);
    } finally {
      logged.mockRestore();
    }
  });
});
