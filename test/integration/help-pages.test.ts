import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, countRows } from '../helpers/app';
import { getBinary, pageCount, pdfTools } from '../helpers/forms';
import { SHOTS_DIR } from '../helpers/browser';
import { staffBrowser } from '../helpers/staff';
import { DEFAULT_MATERIALS_CHECKLIST } from '../../src/domain/materials';
import { GUIDE_MESSAGES } from '../../src/pdf/messages';

/**
 * Help where teachers look for it (issue 11): 办事指南, 网报时间查询 and 常见问题 for anyone, signed in or not, showing the
 * bureau's own plans, points, checklist and contacts as its 机构管理员 keeps them (escaped), and the one-page PDF guide
 * printed by the real Chromium and read back with poppler.
 */
jest.setTimeout(60_000);

let ctx: TestContext;
let taishan: number;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });
  taishan = (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id as number;
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

/** One bureau's section of a help page. */
function sectionOf(html: string, bureauId: number): string {
  const start = html.indexOf(`id="bureau-${bureauId}"`);
  if (start < 0) throw new Error(`no section for bureau ${bureauId}`);
  return html.slice(start, html.indexOf('</section>', start));
}

const PUBLIC = ['/guide', '/guide/window', '/faq', '/contacts'];

describe('without signing in', () => {
  test('each help page answers 200 with no session and no cookie set, and is linked from the home page and the footer', async () => {
    const sessions = await countRows(ctx, 'sessions');
    for (const url of PUBLIC) {
      const res = await request(ctx.app).get(url);
      expect([url, res.status]).toEqual([url, 200]);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('tr.sid=');
      // Every page carries the footer's four links.
      for (const link of PUBLIC) expect(res.text).toContain(`href="${link}"`);
    }
    expect(await countRows(ctx, 'sessions')).toBe(sessions);
    const home = await request(ctx.app).get('/');
    for (const [href, text] of [['/guide', '办事指南'], ['/guide/window', '网报时间查询'], ['/faq', '常见问题'], ['/contacts', '注册公告']]) {
      expect(home.text).toContain(`<a href="${href}">${text}</a>`);
    }
  });

  test('办事指南: the steps, who must register, and the bureau’s plan dates, checklist, contacts and PDF link', async () => {
    const res = await request(ctx.app).get('/guide');
    expect(res.text).toContain('请注意，所有步骤均完成，且生成报名号之后方为报名成功！');
    expect(res.text).toContain('公办普通中小学、中等职业学校和幼儿园在编在岗教师须进行注册');
    expect(res.text).toContain('每年年度考核合格以上等次');
    expect(res.text).toContain(`id="bureau-${taishan}"`);
    expect(res.text).toContain('2026年度定期注册');
    expect(res.text).toContain('网报进行中');
    for (const item of DEFAULT_MATERIALS_CHECKLIST) expect(res.text).toContain(`<li>${item}</li>`);
    expect(res.text).toContain('0750-5522000');
    expect(res.text).toContain(`href="/guide/print/${taishan}.pdf"`);
    expect(res.text).toContain(`href="/contacts#bureau-${taishan}"`);
    // The neighbour without a plan says so in the seeds' words.
    expect(res.text).toContain('该机构未设置网报计划，请联系所选的教育局。');
    expect(res.text).toContain('<a class="button" href="/login">在线办理</a>');
  });

  test('网报时间查询: every bureau’s plans and points with 确认范围 and times, and the cascade without a session (no JavaScript and htmx)', async () => {
    const page = await request(ctx.app).get('/guide/window');
    expect(page.text).toContain('台山市第一中学确认点');
    expect(page.text).toContain('斗山、都斛、赤溪、广海、海宴、汶村镇各学校');
    expect(page.text).toContain('0750-5522002');
    expect(page.text).toContain('data-hx-get="/guide/window/cascade"');
    const sel = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: String(taishan) };
    const chosen = await request(ctx.app).get('/guide/window').query({ ...sel, action: 'refresh' });
    expect(chosen.status).toBe(200);
    expect(chosen.text).toContain('网报开始时间');
    expect(chosen.text).toContain('id="point-');
    const fragment = await request(ctx.app).get('/guide/window/cascade').query(sel).set('HX-Request', 'true');
    expect(fragment.status).toBe(200);
    expect(fragment.text).toContain('id="bureau-cascade"');
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('data-hx-get="/guide/window/cascade"'); // the 搜索 box keeps asking the public fragment
    const searched = await request(ctx.app).get('/guide/window').query({ ...sel, q: '培英' });
    expect(searched.text).toContain('台山市培英职业技术学校确认点');
    // The signed-in one is unchanged: login first.
    expect((await request(ctx.app).get('/platform/window')).status).toBe(303);
  });

  test('常见问题 answers with this system’s pages and limits', async () => {
    const res = await request(ctx.app).get('/faq');
    for (const text of ['忘记密码', '修改手机号码', '每日实名认证次数上限为三次', '7 个工作日', '295×413', '添加教师资格证书信息', '机构选择有误', '定期注册申请表预览', '一式两份', '注册结束后系统将关闭下载《教师资格定期注册申请表》']) {
      expect([text, res.text.includes(text)]).toEqual([text, true]);
    }
    expect(res.text).toContain('href="/password/forgot"');
    expect(res.text).toContain('href="/guide/window"');
  });
});

describe('signed in', () => {
  test('the same pages for a signed-in teacher, with the top bar of the account; the signed-in 网报时间查询 still works', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    for (const url of PUBLIC) {
      const res = await b.get(url);
      expect([url, res.status]).toEqual([url, 200]);
      expect(res.text).toContain('个人信息中心');
    }
    expect((await b.get('/guide')).text).toContain('进入业务平台');
    const own = await b.get('/platform/window');
    expect(own.status).toBe(200);
    expect(own.text).toContain('data-hx-get="/apply/cascade?mode=query"');
  });
});

describe('the bureau’s own data', () => {
  test('a changed plan, a new point and the bureau’s checklist appear at once, bureau-typed HTML shown as text', async () => {
    await ctx.db('plans').where({ bureau_id: taishan }).update({ title: '2026年下半年<b>补报</b>' });
    await ctx.db('confirmation_points').insert({ bureau_id: taishan, name: '台山市<script>alert(1)</script>确认点', scope: '端芬镇 & 北陡镇各学校', address: '端芬镇', phone: '0750-1234567', active: true,
      confirm_start: '2026-12-01T16:00:00.000Z', confirm_end: '2026-12-10T15:59:00.000Z' });
    // An inactive point is not offered, so not listed either.
    await ctx.db('confirmation_points').insert({ bureau_id: taishan, name: '已停用的确认点', scope: '', active: false });
    await ctx.db('bureaus').where({ id: taishan }).update({ materials_checklist: '申请表一式两份\n<i>工会</i>证明', office_hours: '工作日 8:30-12:00' });
    for (const url of ['/guide', '/guide/window']) {
      const res = await new Browser(ctx.app).get(url);
      expect(res.text).toContain('2026年下半年&lt;b&gt;补报&lt;/b&gt;');
      expect(res.text).not.toContain('<b>补报');
      expect(res.text).not.toContain('<script>alert(1)');
    }
    const guide = sectionOf((await request(ctx.app).get('/guide')).text, taishan);
    expect(guide).toContain('<li>&lt;i&gt;工会&lt;/i&gt;证明</li>');
    expect(guide).not.toContain('<li>教师资格证书原件</li>'); // the bureau's list replaced the default
    expect(guide).toContain('工作日 8:30-12:00');
    const window = await request(ctx.app).get('/guide/window');
    expect(window.text).toContain('台山市&lt;script&gt;alert(1)&lt;/script&gt;确认点');
    expect(window.text).toContain('端芬镇 &amp; 北陡镇各学校');
    // A point with its own dates shows them; the others the plan's 确认时间.
    expect(window.text).toContain('<span class="nobr">2026-12-02</span> 至 <span class="nobr">2026-12-10</span>');
    expect(window.text).toContain('<span class="nobr">2026-10-29</span> 至 <span class="nobr">2027-02-06</span>');
    expect(window.text).not.toContain('已停用的确认点');
    await ctx.db('plans').where({ bureau_id: taishan }).update({ title: '2026年度定期注册' });
    await ctx.db('bureaus').where({ id: taishan }).update({ materials_checklist: null, office_hours: null });
    await ctx.db('confirmation_points').where({ phone: '0750-1234567' }).orWhere({ name: '已停用的确认点' }).delete();
  });
});

test('the bureau admin finds the guide to hand out on 机构信息', async () => {
  const admin = await staffBrowser(ctx, 'bureauadmin');
  expect((await admin.get('/staff/bureau')).text).toContain(`href="/guide/print/${taishan}.pdf"`);
});

describe('the printable guide (PDF)', () => {
  const tools = pdfTools();
  afterAll(() => tools.cleanup());

  test('one A4 page with the site address, steps, dates, points, materials and contacts; re-made when the bureau changes something, cached otherwise', async () => {
    const b = new Browser(ctx.app);
    const res = await getBinary(b, `/guide/print/${taishan}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const file = tools.write('guide.pdf', res.body as Buffer);
    expect(pageCount(tools.info(file))).toBe(1);
    const text = tools.text(file).replace(/\s+/g, '');
    for (const expected of ['中小学教师资格定期注册办事指南', '台山市教育局', ctx.config.baseUrl, '2026年度定期注册', '2026-10-24', '注册账号', '实名认证', '打印申请表', '现场确认',
      '台山市第一中学确认点', '斗山、都斛、赤溪', ...DEFAULT_MATERIALS_CHECKLIST, '0750-5522000', '台山市台城环市北路']) {
      expect([expected, text.includes(expected.replace(/\s+/g, ''))]).toEqual([expected, true]);
    }
    expect(tools.fonts(file)).not.toContain('Type 3');
    // Kept for a look: test-output/screenshots/guide-pdf.png
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    fs.copyFileSync(tools.png(file, 1, 110), path.join(SHOTS_DIR, 'guide-pdf.png'));

    const renders = ctx.container.services.guidePdf.stats().renders;
    await getBinary(b, `/guide/print/${taishan}.pdf`);
    expect(ctx.container.services.guidePdf.stats().renders).toBe(renders);
    await ctx.db('bureaus').where({ id: taishan }).update({ materials_checklist: '申请表一式两份\n继续教育学时证明' });
    const changed = await getBinary(b, `/guide/print/${taishan}.pdf`);
    expect(ctx.container.services.guidePdf.stats().renders).toBe(renders + 1);
    const changedText = tools.text(tools.write('changed.pdf', changed.body as Buffer));
    expect(changedText).toContain('继续教育学时证明');
    expect(changedText).not.toContain('师德考核证明');
    await ctx.db('bureaus').where({ id: taishan }).update({ materials_checklist: null });
    // Bureau-typed markup is printed as the characters typed.
    await ctx.db('bureaus').where({ id: taishan }).update({ office_hours: '<b>周一至周五</b> 8:30' });
    const typed = tools.text(tools.write('typed.pdf', (await getBinary(b, `/guide/print/${taishan}.pdf`)).body as Buffer));
    expect(typed).toContain('<b>周一至周五</b> 8:30');
    // Nothing changed but time: a cached copy lives ten minutes, then the guide is printed again (its date may have moved).
    const before = ctx.container.services.guidePdf.stats().renders;
    ctx.clock.advance(11 * 60 * 1000);
    await getBinary(b, `/guide/print/${taishan}.pdf`);
    expect(ctx.container.services.guidePdf.stats().renders).toBe(before + 1);
    await ctx.db('bureaus').where({ id: taishan }).update({ office_hours: null });
  });

  test('a long list of points still fits one page; an unknown bureau is a 404', async () => {
    const many = Array.from({ length: 18 }, (_, i) => ({ bureau_id: taishan, name: `台山市某镇中心小学确认点${i + 1}`, scope: '该镇中心小学属下的学校、分教点和幼儿园（除台城外）', address: `台山市某镇中心路${i + 1}号`, phone: '0750-5500000', active: true }));
    await ctx.db('confirmation_points').insert(many);
    const res = await getBinary(new Browser(ctx.app), `/guide/print/${taishan}.pdf`);
    const file = tools.write('many.pdf', res.body as Buffer);
    expect(pageCount(tools.info(file))).toBe(1);
    expect(tools.text(file)).toContain('确认点18');
    fs.copyFileSync(tools.png(file, 1, 110), path.join(SHOTS_DIR, 'guide-pdf-many.png'));
    await ctx.db('confirmation_points').where('name', 'like', '台山市某镇中心小学确认点%').delete();
    expect((await request(ctx.app).get('/guide/print/999999.pdf')).status).toBe(404);
    expect((await request(ctx.app).get('/guide/print/abc.pdf')).status).toBe(404);
  });
});

describe('when Chromium cannot be used', () => {
  let broken: TestContext;
  beforeAll(async () => { broken = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium', PDF_TIMEOUT_MS: '3000' } }); });
  afterAll(async () => {
    await broken?.container.close();
    await broken?.close();
  });

  test('the guide answers 503 with a Chinese message and the page still works', async () => {
    const bureau = (await broken.db('bureaus').where({ name: '台山市教育局' }).first('id')).id as number;
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await request(broken.app).get(`/guide/print/${bureau}.pdf`);
    errors.mockRestore();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.text).toContain(GUIDE_MESSAGES.unavailable);
    expect((await request(broken.app).get('/guide')).status).toBe(200);
  });
});
