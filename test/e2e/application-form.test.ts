import fs from 'node:fs';
import path from 'node:path';
import { makeTestApp, TestContext, Browser, DEMO } from '../helpers/app';
import { DETAILS, postDetails } from '../helpers/wizard';
import { submitDemoApplication, getBinary, pdfTools, pageCount } from '../helpers/forms';
import { SHOTS_DIR } from '../helpers/browser';
import { PROMISE_TEXT } from '../../src/domain/notices';

/**
 * Real PDFs of a submitted demo application, printed by the system Chromium and read back with poppler
 * (pdftotext, pdfinfo, pdffonts, pdfimages, pdftoppm) and zbar (zbarimg), as a person's tools would.
 */
jest.setTimeout(60_000);

let ctx: TestContext;
let b: Browser;
let no: string;
const tools = pdfTools();
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });
  ({ b, no } = await submitDemoApplication(ctx));
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
  tools.cleanup();
});

const appRow = () => ctx.db('applications').where({ application_no: no }).first();
const oneLine = (text: string) => text.replace(/\s+/g, '');
async function download(name: string) {
  const res = await getBinary(b, `/applications/${no}/form.pdf`);
  expect(res.status).toBe(200);
  return { res, file: tools.write(name, res.body as Buffer) };
}

describe('the 申请表 PDF', () => {
  test('warmed in the background at start, the first download starts no browser', async () => {
    const forms = ctx.container.services.forms;
    expect(forms.stats().pool.launches).toBe(0);
    expect(await forms.warm()).toBe(true);
    expect(forms.stats().pool).toMatchObject({ launches: 1, idlePages: 1 });
    const { file } = await download('first.pdf');
    expect(pageCount(tools.info(file))).toBe(2);
    expect(forms.stats().pool.launches).toBe(1);
  });

  test('two copies, A4, each on its own page and marked 第一份 / 第二份, with every label and the data in full', async () => {
    const { res, file } = await download('form.pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`attachment; filename="application-form-${no}.pdf"`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('教师资格定期注册申请表'));
    expect(res.headers['cache-control']).toBe('no-store'); // personal: no cache keeps it after logout
    const info = tools.info(file);
    expect(pageCount(info)).toBe(2);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const [page1, page2] = [tools.text(file, 1), tools.text(file, 2)];
    expect(page1).toContain('第一份');
    expect(page1).not.toContain('第二份');
    expect(page2).toContain('第二份');
    for (const page of [page1, page2]) {
      const flat = oneLine(page);
      for (const text of [
        '教师资格定期注册申请表', `报名号：${no}`, '个人信息', '姓名', '李明', '性别', '民族', '汉族', '出生日期', '1985-03-15', '证件类型', '居民身份证',
        '证件号码', DEMO.liMing.idNumber, '政治面貌', '户籍所在地', '手机号码', '13907501236', '安全邮箱', '通讯地址', '通讯邮编', '529200',
        '教师资格证书信息', '证书号码', '20094478131000123', '资格种类', '任教学科', '签发日期', '2009-07-01', '认定机构', '注册次数',
        '上次注册日期与结论', '注册信息', '注册类型', '定期注册', '注册机构', '台山市教育局', '确认点', '台山市教育局人事股', '现任教学段', '现任教学科',
        '学历与工作', '普通话', '最高学历/学位', '所学专业', '毕业学校', '华南师范大学', '毕业时间', '学习形式', '现任教学校', '任教学校性质与所在地',
        '开始参加工作时间', '现任教聘用日期', '教师职务', '岗位性质', '个人承诺', oneLine(PROMISE_TEXT), '申请人签名', '日期',
        '所在学校意见（盖章）', '注册机构意见（盖章）', '生成时间：2026-11-2310:00',
      ]) expect([text, flat.includes(text)]).toEqual([text, true]);
    }
  });

  test('the Chinese is real text in an embedded CID TrueType font (WenQuanYi Micro Hei), no Type 3 glyphs', async () => {
    const { file } = await download('fonts.pdf');
    const fonts = tools.fonts(file);
    expect(fonts).toMatch(/WenQuanYiMicroHei\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).not.toContain('Type 3');
  });

  test('the photo is on each copy', async () => {
    const { file } = await download('photo.pdf');
    const rows = tools.images(file).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    // page num type width height …
    const photos = rows.filter((r) => r[2] === 'image' && Number(r[3]) >= 290 && Number(r[4]) >= 400);
    expect(photos.map((r) => r[0]).sort()).toEqual(['1', '2']);
  });

  test('the barcode scans as the 报名号 (Code 128) at 200 dpi, on both copies', async () => {
    const { file } = await download('barcode.pdf');
    for (const page of [1, 2]) {
      const png = tools.png(file, page, 200);
      expect(tools.barcodes(png)).toBe(`CODE-128:${no}`);
      if (page === 1) {
        fs.mkdirSync(SHOTS_DIR, { recursive: true });
        fs.copyFileSync(png, path.join(SHOTS_DIR, 'application-form-page1.png'));
        fs.copyFileSync(file, path.join(SHOTS_DIR, 'application-form.pdf')); // to look at
      }
    }
  });

  test('very long answers wrap and stay whole on each copy\'s page; nothing spills into the other copy', async () => {
    const app = await appRow();
    const data = JSON.parse(app.data);
    const long = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
    const values = {
      address: long('广东省江门市台山市台城街道环市北路教育新村第十八栋', 100), hukou: long('广东省江门市台山市白沙镇', 60),
      graduationSchool: long('华南师范大学继续教育学院', 60), schoolName: long('台山市台城第一初级中学附属实验学校', 60),
    };
    // The submission snapshot as an edit would leave it: answers and the summary rows (read by key).
    Object.assign(data.answers.details, values);
    for (const section of data.summary) for (const row of section.rows) if (row.key in values) row.value = values[row.key as keyof typeof values];
    await ctx.db('applications').where({ id: app.id }).update({ data: JSON.stringify(data), version: app.version + 1 });
    try {
      const { file } = await download('long.pdf');
      expect(pageCount(tools.info(file))).toBe(2);
      const [page1, page2] = [oneLine(tools.text(file, 1)), oneLine(tools.text(file, 2))];
      for (const v of Object.values(values)) {
        expect(page1).toContain(v);
        expect(page2).toContain(v);
      }
      expect(page1).toContain('注册机构意见（盖章）');
      expect(page1).toContain('第一份');
      expect(page1).not.toContain('第二份');
      expect(page2).toContain('第二份');
    } finally {
      await ctx.db('applications').where({ id: app.id }).update({ data: app.data, version: app.version + 2 });
    }
  });

  test('batch print: many applications in one call make one PDF, two pages each', async () => {
    const app = await appRow();
    const pdf = await ctx.container.services.forms.renderPdf([app, app]);
    const file = tools.write('batch.pdf', pdf);
    expect(pageCount(tools.info(file))).toBe(4);
    expect(['第一份', '第二份', '第一份', '第二份'].map((mark, i) => tools.text(file, i + 1).includes(mark))).toEqual([true, true, true, true]);
  });
});

describe('the PDF cache', () => {
  test('two simultaneous requests render once; the next is served from the cache; an edit makes a new PDF', async () => {
    const forms = ctx.container.services.forms;
    const app = await appRow();
    forms.forget(app.id);
    const before = forms.stats().renders;
    const [first, second] = await Promise.all([getBinary(b, `/applications/${no}/form.pdf`), getBinary(b, `/applications/${no}/form.pdf`)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
    expect(forms.stats().renders).toBe(before + 1);

    const started = process.hrtime.bigint();
    const third = await getBinary(b, `/applications/${no}/form.pdf`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(third.status).toBe(200);
    expect(Buffer.compare(third.body as Buffer, first.body as Buffer)).toBe(0);
    expect(forms.stats().renders).toBe(before + 1);
    expect(ms).toBeLessThan(500);

    // 修改报名信息 (a real edit through the form) bumps the version: the next download is a new PDF.
    const ids = { certificateId: String(app.certificate_id) };
    const edit = await postDetails(b, { ...DETAILS, ...ids, address: '广东省台山市台城街道修改后地址66号' }, null, 'photo.jpg', `/applications/${no}/edit/details`);
    expect(edit.status).toBe(303);
    expect((await appRow()).version).toBe(app.version + 1);
    const { res, file } = await download('edited.pdf');
    expect(forms.stats().renders).toBe(before + 2);
    expect(Buffer.compare(res.body as Buffer, first.body as Buffer)).not.toBe(0);
    expect(oneLine(tools.text(file, 1))).toContain('广东省台山市台城街道修改后地址66号');
  });

  test('a Chromium that dies is started again on the next request', async () => {
    const forms = ctx.container.services.forms;
    await download('warm.pdf');
    const pid = await forms.chromiumPid();
    expect(pid).toBeGreaterThan(0);
    const launches = forms.stats().pool.launches;
    process.kill(pid as number, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    forms.forget((await appRow()).id);
    const { file } = await download('after-crash.pdf');
    expect(pageCount(tools.info(file))).toBe(2);
    expect(forms.stats().pool.launches).toBe(launches + 1);
    expect(await forms.chromiumPid()).not.toBe(pid);
  });
});
