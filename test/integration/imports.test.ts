import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeTestApp, TestContext, Browser, csrfFrom } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { gb11643CheckChar } from '../../src/domain/identity';
import { IMPORT_COLUMNS, IMPORT_MESSAGES } from '../../src/domain/importKinds';

/**
 * 数据导入 through the pages, with real files: .xlsx written by exceljs here, csv in GBK (iconv-lite) and UTF-8 with a
 * BOM, a zip bomb built with node's zlib, and files that are not spreadsheets at all.
 */
let ctx: TestContext;
let admin: Browser;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => {
  await ctx?.container.services.importJobs.idle();
  await ctx?.container.close();
  await ctx?.close();
});

const idNumber = (first17: string) => first17 + gb11643CheckChar(first17);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function xlsx(rows: unknown[][], opts: { header?: string[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('证书');
  ws.addRow(opts.header ?? IMPORT_COLUMNS.certificates.map((c) => c.label));
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Uploads a file from the import page (kind and fields as the form sends them); answers the response. */
async function upload(b: Browser, kind: string, data: Buffer, filename: string, fields: Record<string, string> = {}) {
  const token = csrfFrom((await b.get('/staff/import')).text);
  let req = b.agent.post('/staff/import').field('_csrf', token);
  if (kind) req = req.field('kind', kind);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', data, filename);
}

/** Waits for the job's phase to finish and answers its page. */
async function jobPage(b: Browser, location: string) {
  await ctx.container.services.importJobs.idle();
  const page = await b.get(location);
  expect(page.status).toBe(200);
  return page.text;
}

async function dryRun(kind: string, data: Buffer, filename: string, b = admin, fields: Record<string, string> = {}) {
  const res = await upload(b, kind, data, filename, fields);
  expect([res.status, text(res.text).slice(0, 300)]).toEqual([303, expect.any(String)]);
  return { location: res.headers.location as string, html: await jobPage(b, res.headers.location) };
}

async function runImport(location: string, b = admin) {
  const token = csrfFrom((await b.get(location)).text);
  const res = await b.agent.post(`${location}/run`).type('form').send({ _csrf: token });
  expect(res.status).toBe(303);
  return jobPage(b, location);
}

const counts = async () => ({
  certificates: Number((await ctx.db('certificates').count({ n: '*' }))[0].n),
  records: Number((await ctx.db('registration_records').count({ n: '*' }))[0].n),
  schools: Number((await ctx.db('schools').count({ n: '*' }))[0].n),
  points: Number((await ctx.db('confirmation_points').count({ n: '*' }))[0].n),
});

describe('the page and the templates', () => {
  test('the 工作台 links it; each kind has an .xlsx and a .csv template whose example row imports as "no change"', async () => {
    expect((await admin.get('/staff')).text).toContain('href="/staff/import"');
    const page = await admin.get('/staff/import');
    expect(page.status).toBe(200);
    for (const kind of ['certificates', 'records', 'schools', 'points']) expect(page.text).toContain(`/staff/import/templates/${kind}.xlsx`);

    const res = await admin.agent.get('/staff/import/templates/certificates.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_COLUMNS.certificates.map((c) => c.label));

    const csv = await admin.get('/staff/import/templates/points.csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0].replace(/^\uFEFF/, '')).toBe('名称,确认范围,地址,电话');

    // The certificate template's example is 李明's certificate as seeded: importing it changes nothing.
    const before = await counts();
    const { html } = await dryRun('certificates', res.body as Buffer, 'template.xlsx');
    expect(text(html)).toContain('可以导入 1（新增 0，更新 0，无变化 1）');
    expect(await counts()).toEqual(before);
    expect((await admin.get('/staff/import/templates/nothing.xlsx')).status).toBe(404);
  });

  test('form errors: no kind, no file — 422 with the messages by their fields, the kind kept', async () => {
    const token = csrfFrom((await admin.get('/staff/import')).text);
    const none = await admin.agent.post('/staff/import').field('_csrf', token).field('kind', 'schools');
    expect(none.status).toBe(422);
    expect(none.text).toContain(IMPORT_MESSAGES.noFile);
    expect(none.text).toMatch(/value="schools" checked/);
    const noKind = await upload(admin, '', Buffer.from('学校名称\n五邑大学\n'), 'a.csv');
    expect(noKind.status).toBe(422);
    expect(noKind.text).toContain(IMPORT_MESSAGES.noKind);
  });
});

describe('certificates', () => {
  const newId = idNumber('44078119900101123');
  const rows = [
    // row 2: new; the date as a date cell, the holder's name from a formula with its cached result
    ['20204478131000001', { formula: '"王"&"小明"', result: '王小明' }, '居民身份证', newId, '初级中学教师资格', '数学', new Date(Date.UTC(2020, 6, 1)), '台山市教育局', '有效'],
    // row 3: 黄志强's certificate, now 撤销 (an update)
    ['20084478121000789', '黄志强', null, '440781197811204614', '2', 'C03', '2008-09-10', '台山市教育局', '撤销'],
    // row 4: 李明's, as seeded (no change); the date as an Excel serial number
    ['20094478131000123', '李明', null, '440781198503151236', '3', 'C04', 39995, '台山市教育局', null],
    // row 5: a wrong check digit, an impossible date
    ['20204478131000002', '赵六', null, '440781199001011230', '3', '数学', '2020/2/30', '台山市教育局', null],
    // row 6: the same certificate number as row 2
    ['20204478131000001', '王小明', null, newId, '3', '数学', '20200701', '台山市教育局', null],
    // row 7: a formula Excel never calculated
    ['20204478131000003', { formula: 'A1' }, null, newId, '3', '数学', '2020-07-01', '台山市教育局', null],
  ];

  test('the dry run lists accepted and refused rows by number and writes nothing; the import writes them; again changes nothing', async () => {
    const before = await counts();
    const file = await xlsx(rows);
    const { location, html } = await dryRun('certificates', file, '证书.xlsx');
    const page = text(html);
    expect(page).toContain('数据行 6');
    expect(page).toContain('可以导入 3（新增 1，更新 1，无变化 1）');
    expect(page).toContain('不能导入 3');
    expect(page).toContain('第 5 行 证件号码校验位不正确，请核对；签发日期日期格式不正确');
    expect(page).toContain('第 6 行 证书号码与第2行重复');
    expect(page).toMatch(/第 7 行 第2列为公式且没有计算结果/);
    expect(await counts()).toEqual(before);
    expect((await ctx.db('certificates').where({ cert_number: '20084478121000789' }).first()).restriction).toBeNull();

    const done = text(await runImport(location));
    expect(done).toContain('导入完成');
    expect(done).toMatch(/新增 1 更新 1 无变化 1/);
    expect(await counts()).toEqual({ ...before, certificates: before.certificates + 1 });
    const added = ctx.container.personal.openRow('certificates', await ctx.db('certificates').where({ cert_number: '20204478131000001' }).first());
    expect(added).toMatchObject({ holder_name: '王小明', id_number: newId, sex: '1', issue_date: '2020-07-01', qualification_code: '3', subject_code: 'C04', subject_name: '数学', source: 'synced', restriction: null });
    expect((await ctx.db('certificates').where({ cert_number: '20084478121000789' }).first()).restriction).toBe('撤销');
    // The applicant side reads the restriction: 黄志强's certificate now says it was revoked.
    const huang = await ctx.container.repos.accounts.findByIdNumber('440781197811204614').then((found) => found[0]);
    const choices = await ctx.container.services.eligibility.certificateChoices(huang);
    expect(choices.find((c) => c.certNumber === '20084478121000789')?.due.reason).toBe('该教师资格已被依法撤销');

    // The same file again: nothing new, nothing updated.
    const again = await dryRun('certificates', file, '证书.xlsx');
    expect(text(again.html)).toContain('可以导入 3（新增 0，更新 0，无变化 3）');
    expect(text(await runImport(again.location))).toMatch(/新增 0 更新 0 无变化 3/);
    expect(await counts()).toEqual({ ...before, certificates: before.certificates + 1 });

    // Audited: who, what kind, which file, the counts — one row as the import starts, one with the totals.
    const audit = await ctx.db('audit_log').where({ action: 'data.import' }).orderBy('id');
    expect(audit.length).toBe(4);
    const staff = await ctx.db('staff_users').where({ username: 'bureauadmin' }).first('id');
    expect(audit[1]).toMatchObject({ actor_type: 'staff', actor_id: staff.id, target: 'import:certificates' });
    expect(JSON.parse(audit[1].detail)).toMatchObject({ kind: 'certificates', file: '证书.xlsx', phase: 'finished', created: 1, updated: 1, unchanged: 1 });
  });

  test('a job is its owner\'s: the system admin gets the ordinary 404 for the bureau admin\'s job', async () => {
    const { location } = await dryRun('certificates', await xlsx([rows[2]]), 'one.xlsx');
    const sys = await staffBrowser(ctx, 'sysadmin');
    expect((await sys.get(location)).status).toBe(404);
    expect((await admin.get(`${location}/status`)).status).toBe(200);
    const token = csrfFrom((await admin.get(location)).text);
    expect((await admin.agent.post(`${location}/discard`).type('form').send({ _csrf: token })).status).toBe(303);
    expect((await admin.get(location)).status).toBe(404);
  });
});

describe('records, schools and points from csv', () => {
  test('registration records: GBK csv; a certificate not imported yet is refused', async () => {
    const csv = '证书号码,注册类型,注册结论,注册日期,注册机构,确认点,任教学校,任教学段,任教学科\r\n'
      + '20094478131000123,定期注册,注册合格,2024/6/30,台山市教育局,台山市教育局人事股,台山市台城第一初级中学,初级中学,数学\r\n'
      + '20094478131000123,定期注册,注册合格,2019-12-31,台山市教育局,台山市教育局人事股,台山市台城第一初级中学,初级中学,数学\r\n'
      + '99999999999999999,首次注册,注册合格,2019-12-31,台山市教育局,,,,\r\n';
    const before = await counts();
    const { location, html } = await dryRun('records', iconv.encode(csv, 'gbk'), '注册记录.csv');
    const page = text(html);
    expect(page).toContain('CSV，GBK 编码');
    expect(page).toContain('可以导入 2（新增 1，更新 0，无变化 1）');
    expect(page).toContain(`第 4 行 ${IMPORT_MESSAGES.noCertificate}`);
    await runImport(location);
    expect(await counts()).toEqual({ ...before, records: before.records + 1 });
    expect(await ctx.db('registration_records').where({ concluded_on: '2024-06-30' }).first()).toMatchObject({ reg_type: '定期注册', teaching_stage: '初级中学', point_name: '台山市教育局人事股' });
  });

  test('graduation schools: UTF-8 csv without a BOM; a teacher-added school of the same name becomes an official one', async () => {
    await ctx.db('schools').insert({ name: '台山市第二师范学校', user_added: true, created_at: new Date().toISOString() });
    const csv = '学校名称,办学类型,所在省份\n华南师范大学,普通高等学校,440000\n台山市第二师范学校,3,广东省\n"新学校,有逗号",,\n';
    const before = await counts();
    const { location, html } = await dryRun('schools', Buffer.from(csv, 'utf8'), 'schools.csv');
    expect(text(html)).toContain('可以导入 3（新增 1，更新 2，无变化 0）'); // 华南师范大学 gets its province
    await runImport(location);
    expect(await counts()).toEqual({ ...before, schools: before.schools + 1 });
    expect(await ctx.db('schools').where({ name: '台山市第二师范学校' }).first()).toMatchObject({ school_type: '3', province_code: '440000' });
    expect(Boolean((await ctx.db('schools').where({ name: '台山市第二师范学校' }).first()).user_added)).toBe(false);
  });

  test('confirmation points: UTF-8 with a BOM, into the admin\'s own bureau; a changed row updates; the system admin chooses the bureau', async () => {
    const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
    const csv = '\uFEFF名称,确认范围,地址,电话\r\n台山市台城第一小学确认点,"台城街道各小学\n及幼儿园",台城XX路1号,0750-5500000\r\n台山市教育局人事股,市直属学校,台山市台城环市北路教育局3楼,0750-5522001\r\n';
    const before = await counts();
    const { location, html } = await dryRun('points', Buffer.from(csv, 'utf8'), 'points.csv');
    expect(text(html)).toContain('可以导入 2（新增 1，更新 1，无变化 0）');
    await runImport(location);
    expect(await counts()).toEqual({ ...before, points: before.points + 1 });
    expect(await ctx.db('confirmation_points').where({ name: '台山市台城第一小学确认点' }).first()).toMatchObject({ bureau_id: bureau.id, scope: '台城街道各小学\n及幼儿园', phone: '0750-5500000' });
    expect((await ctx.db('confirmation_points').where({ name: '台山市教育局人事股' }).first()).scope).toBe('市直属学校');

    const sys = await staffBrowser(ctx, 'sysadmin');
    const noBureau = await upload(sys, 'points', Buffer.from(csv, 'utf8'), 'points.csv');
    expect(noBureau.status).toBe(422);
    expect(noBureau.text).toContain(IMPORT_MESSAGES.noBureau);
    const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
    const other = await dryRun('points', Buffer.from(csv, 'utf8'), 'points.csv', sys, { bureau: String(kaiping.id) });
    expect(text(other.html)).toContain('注册机构：开平市教育局');
    expect(text(other.html)).toContain('可以导入 2（新增 2，更新 0，无变化 0）');
  });
});

/** A zip whose one entry expands ~1000 times (64 MB of zeros), written as a zip tool does. */
function zipBomb(): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const raw = Buffer.alloc(64 * 1024 * 1024, 0x20);
  const data = zlib.deflateRawSync(raw, { level: 9 });
  const crc = zlib.crc32(raw);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(raw.length, 24); central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('bad files: a clear message, never a 500, nothing written', () => {
  test.each([
    ['an image named .xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'data.xlsx', IMPORT_MESSAGES.brokenXlsx],
    ['an old .xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'data.xls', IMPORT_MESSAGES.xls],
    ['a PDF', Buffer.from('%PDF-1.4\n1 0 obj\n'), 'data.pdf', IMPORT_MESSAGES.notSpreadsheet],
    ['a broken zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]), 'data.xlsx', IMPORT_MESSAGES.brokenXlsx],
    ['an empty csv', Buffer.alloc(0), 'empty.csv', null],
    ['a header only', Buffer.from('学校名称,办学类型\n'), 'header.csv', IMPORT_MESSAGES.noRows],
    ['wrong columns', Buffer.from('姓名,年龄\n张三,30\n'), 'wrong.csv', '与“毕业学校”模板不符'],
    ['another kind\'s file', Buffer.from('名称,确认范围,地址,电话\n甲,乙,丙,0750-1\n'), 'points.csv', '这似乎是“确认点”文件'],
  ])('%s', async (_what, data, filename, message) => {
    const before = await counts();
    const res = await upload(admin, 'schools', data, filename);
    if (message === null) {
      // an empty file part is no file
      expect(res.status).toBe(422);
      expect(res.text).toContain(IMPORT_MESSAGES.noFile);
      return;
    }
    expect(res.status).toBe(303);
    const html = await jobPage(admin, res.headers.location);
    expect(html).toContain('无法导入');
    expect(html).toContain(message);
    expect(html).toContain('没有写入任何数据');
    expect(html).not.toContain('确认导入');
    expect(await counts()).toEqual(before);
  });

  test('a zip bomb is refused before it is inflated', async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload(admin, 'certificates', bomb, 'bomb.xlsx');
    const html = await jobPage(admin, res.headers.location);
    expect(html).toContain(IMPORT_MESSAGES.bomb);
  });

  test('a file over 50 MB: 413 and the size message by the file field; nothing kept', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 10, 0x41);
    const res = await upload(admin, 'schools', big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.text).toContain(IMPORT_MESSAGES.tooLarge);
    expect(res.text).toContain('id="error-file"');
  });

  test('the wrong role gets a 403; nobody signed in goes to the login', async () => {
    const op = await staffBrowser(ctx, 'operator');
    expect((await op.get('/staff/import')).status).toBe(403);
    const anon = new Browser(ctx.app);
    const res = await anon.get('/staff/import');
    expect(res.status).toBe(303);
  });
});
