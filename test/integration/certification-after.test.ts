import { makeTestApp, TestContext, loginAs, DEMO, Browser, csrfFrom } from '../helpers/app';
import { submittedCertification } from '../helpers/certification';
import { submitDemoApplication, getBinary, pdfTools, pageCount } from '../helpers/forms';
import { leaveMessage, staffOf } from '../helpers/applications';
import { otherStaff, staffBrowser } from '../helpers/staff';
import { makePdf } from '../helpers/pdfFiles';
import { MATERIAL_MESSAGES } from '../../src/domain/certification/materialPdf';
import { CERTIFICATION_STATUS_EXPLANATIONS } from '../../src/domain/certification/statuses';

/**
 * 查询认定报名信息 (seed 002 §3.2) and what follows it, over HTTP on a real database: the list (owner only, one business),
 * 详情 with the photo and the signed 个人承诺书, 有留言, 材料不一致或不符合要求, the 教师资格认定申请表 (preview, and the PDF
 * read back with poppler), 上传材料 (全程网办) with every refusal, and the staff side's read-only view of the uploads.
 * Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
let ctx: TestContext;
let chen: Browser;
let li: Browser;
let chenNo: string;
let chenId: number;
let liCertNo: string;
let liRegNo: string;
const tools = pdfTools();

beforeAll(async () => {
  ctx = await makeTestApp();
  ({ b: li, no: liRegNo } = await submitDemoApplication(ctx));
  liCertNo = (await submittedCertification(ctx, DEMO.liMing)).no;
  const chenApp = await submittedCertification(ctx, DEMO.huang);
  chenNo = chenApp.no;
  chenId = chenApp.row.id;
  chen = await loginAs(ctx, DEMO.huang);
}, 60_000);
afterAll(async () => {
  tools.cleanup();
  await ctx?.container.close();
  await ctx?.close();
});

/**
 * Stands in for the staff side's 认定 lifecycle (built in parallel): the status and the counter's event, as its
 * transition writes them (missing items joined with 、). Replace with the lifecycle service once it lands.
 */
async function counterSets(applicationId: number, status: string, opts: { missing?: string[]; reason?: string } = {}) {
  const row = await ctx.db('applications').where({ id: applicationId }).first();
  const now = ctx.clock.now().toISOString();
  await ctx.db('applications').where({ id: applicationId }).update({ status, version: row.version + 1, updated_at: now });
  await ctx.db('application_events').insert({
    application_id: applicationId, actor_type: 'staff', actor_id: null, action: 'confirmIncomplete', from_status: row.status, to_status: status,
    reason: opts.reason ?? null, missing_materials: opts.missing?.join('、') ?? null, created_at: now,
  });
}

async function setOnline(materials: string[] | null, copies: 1 | 2 = 2) {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first();
  const admin = await staffOf(ctx, { bureau_id: bureau.id, point_id: null }, 'bureau_admin');
  const result = await ctx.container.services.bureauAdmin.saveCertificationSettings(admin, bureau.id, {
    onlineProcessing: materials ? '1' : '0', onlineMaterials: (materials ?? []).join('\n'), certificationNotes: '', certificationChecklist: '', formCopies: String(copies),
  }, null);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

/** The 上传材料 form posted as a browser sends it: multipart, the token first. */
async function upload(b: Browser, no: string, item: string, file: Buffer | null, name = '材料.pdf', token?: string | null) {
  const url = `/certifications/${no}/uploads`;
  const csrf = token === undefined ? csrfFrom((await b.get(url)).text) : token;
  let req = b.agent.post(url);
  if (csrf !== null) req = req.field('_csrf', csrf);
  req = req.field('item', item);
  if (file) req = req.attach('material', file, { filename: name, contentType: 'application/pdf' });
  return req;
}

const rowOf = (html: string, no: string) => new RegExp(`<tr><td>${no}</td>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';

describe('查询认定报名信息: the account’s own 认定 applications only', () => {
  test('the list shows 报名号, 资格种类, 任教学科, 认定机构, 确认点, 认定状态 with its explanation, and the operations', async () => {
    const res = await chen.get('/certifications');
    expect(res.status).toBe(200);
    const row = rowOf(res.text, chenNo);
    for (const cell of ['<td>小学教师资格</td>', '<td>语文</td>', '<td>台山市教育局</td>', '<td>台山市教育局人事股</td>', '<strong>网报待确认</strong>']) expect([cell, row.includes(cell)]).toEqual([cell, true]);
    expect(row).toContain(`href="/certifications/${chenNo}/notes">注意事项`);
    expect(row).toContain(`href="/certifications/${chenNo}">详情`);
    expect(row).toContain(`href="/certifications/${chenNo}/edit">修改`);
    expect(row).toContain(`href="/certifications/${chenNo}/form">申请表预览`);
    expect(row).not.toContain('上传材料'); // the bureau runs no 全程网办 yet
    expect(row).not.toContain('有留言');
    expect(res.text).toContain(CERTIFICATION_STATUS_EXPLANATIONS.网报待确认);
  });

  test('never another account’s application, never a 定期注册 one; 定期注册’s list never shows a 认定', async () => {
    const mine = await li.get('/certifications');
    expect(mine.text).toContain(`<td>${liCertNo}</td>`);
    expect(mine.text).not.toContain(chenNo);
    expect(mine.text).not.toContain(liRegNo);
    const registration = await li.get('/applications');
    expect(registration.text).toContain(liRegNo);
    expect(registration.text).not.toContain(liCertNo);
    // Each business's pages answer only for their own numbers; another account's are the same 404.
    for (const url of [`/applications/${liCertNo}`, `/applications/${liCertNo}/form`, `/certifications/${liRegNo}`, `/certifications/${liRegNo}/form`]) {
      expect([url, (await li.get(url)).status]).toEqual([url, 404]);
    }
    for (const suffix of ['', '/notes', '/messages', '/photo', '/signature', '/form', '/form.pdf', '/uploads', '/uploads/1']) {
      const url = `/certifications/${chenNo}${suffix}`;
      expect([url, (await li.get(url)).status]).toEqual([url, 404]);
    }
    const anonymous = await new Browser(ctx.app).get('/certifications');
    expect(anonymous.status).toBe(303);
  });

  test('有留言 with the unread count; reading marks them read', async () => {
    await leaveMessage(ctx, chenId, '请携带体检合格证明原件到确认点。', '2026-11-23T03:00:00.000Z');
    await leaveMessage(ctx, chenId, '确认时间截至12月20日。', '2026-11-23T03:05:00.000Z');
    expect(rowOf((await chen.get('/certifications')).text, chenNo)).toContain(`href="/certifications/${chenNo}/messages">有留言（2条未读）`);
    const page = await chen.get(`/certifications/${chenNo}/messages`);
    expect(page.text).toContain('请携带体检合格证明原件到确认点。');
    expect(page.text).toContain('确认时间截至12月20日。');
    const after = rowOf((await chen.get('/certifications')).text, chenNo);
    expect(after).toContain('有留言');
    expect(after).not.toContain('未读');
  });

  test('注意事项: the receipt’s 报名号, 确认点 and 确认时间, then the bureau’s 认定 notes', async () => {
    const res = await chen.get(`/certifications/${chenNo}/notes`);
    expect(res.status).toBe(200);
    for (const text of [chenNo, '台山市教育局人事股', '确认时间', '（三）只有认定状态为“网报待确认”时才能修改认定报名信息']) expect([text, res.text.includes(text)]).toEqual([text, true]);
  });
});

describe('详情: the summary as submitted, the photo and the signed 个人承诺书 (owner and staff in scope only)', () => {
  test('the owner sees the summary and both images, served no-store as what they are', async () => {
    const res = await chen.get(`/certifications/${chenNo}`);
    expect(res.status).toBe(200);
    for (const text of ['小学教师资格', '国家统一考试', '二级甲等（88.5分，已核验）', '广东省台山市台城街道环市北路1号', '自取', '个人简历', '2019-09']) expect([text, res.text.includes(text)]).toEqual([text, true]);
    expect(res.text).toContain(`src="/certifications/${chenNo}/photo"`);
    expect(res.text).toContain(`src="/certifications/${chenNo}/signature"`);
    const photo = await getBinary(chen, `/certifications/${chenNo}/photo`);
    expect([photo.status, photo.headers['content-type'], photo.headers['cache-control']]).toEqual([200, 'image/jpeg', 'no-store']);
    expect((photo.body as Buffer).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const signature = await getBinary(chen, `/certifications/${chenNo}/signature`);
    expect([signature.status, signature.headers['content-type']]).toEqual([200, 'image/png']);
    // The images are the owner's: the photo route of the 定期注册 side serves no signature.
    const row = await ctx.db('applications').where({ id: chenId }).first();
    expect((await chen.get(`/apply/photo/${row.signature_file_id}`)).status).toBe(404);
  });

  test('staff of the bureau see the signed promise; staff of another bureau get a 404', async () => {
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const page = await reviewer.get(`/staff/applications/${chenNo}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`src="/staff/applications/${chenNo}/signature"`);
    expect((await getBinary(reviewer, `/staff/applications/${chenNo}/signature`)).status).toBe(200);
    const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first();
    const outsider = await otherStaff(ctx, { bureau_id: kaiping.id, point_id: null }, 'reviewer');
    expect((await outsider.get(`/staff/applications/${chenNo}/signature`)).status).toBe(404);
    // A 定期注册 application has no signature route.
    expect((await reviewer.get(`/staff/applications/${liRegNo}/signature`)).status).toBe(404);
  });
});

describe('教师资格认定申请表', () => {
  test('the preview: its own sheet with barcode, photo, signature, masked numbers and the 校验码; no inline styles', async () => {
    const res = await chen.get(`/certifications/${chenNo}/form`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('<h1>教师资格认定申请表</h1>');
    expect(html).not.toContain('教师资格定期注册申请表');
    expect(html).toMatch(new RegExp(`<svg class="barcode"[^>]*aria-label="报名号条形码 ${chenNo}"`));
    expect(html).toContain(`<img src="/certifications/${chenNo}/photo" alt="申请人照片">`);
    expect(html).toContain(`src="/certifications/${chenNo}/signature"`);
    expect(html).toContain('44**************14');
    expect(html).not.toContain(DEMO.huang.idNumber);
    const row = await ctx.db('applications').where({ id: chenId }).first();
    expect(html).toContain(`校验码 <span class="check-code">${ctx.container.services.certificationForms.checkCode(row)}</span>`);
    for (const text of ['申请认定信息', '普通话水平', '学历学位', '个人简历', '个人承诺书', '确认点意见', '认定机构意见（盖章）', '岭南师范学院', '202624400001234']) expect([text, html.includes(text)]).toEqual([text, true]);
    expect(html).not.toMatch(/<style|style="|<script/);
  });

  test('批量打印 of 认定 applications prints each on the 教师资格认定申请表, in the bureau\'s copies', async () => {
    const row = await ctx.db('applications').where({ id: chenId }).first();
    let prepared = 0;
    const pdf = await ctx.container.services.certificationForms.renderMany([row, row], { onForm: () => { prepared += 1; } });
    expect(prepared).toBe(2);
    const file = tools.write('batch.pdf', pdf);
    const text = tools.text(file).replace(/\s*\n\s*/g, '');
    expect(text.split('教师资格认定申请表').length - 1).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('教师资格定期注册申请表');
  });

  test('the PDF read back: two copies (or one, as the bureau sets), numbers in full, the barcode scans, photo and signature embedded', async () => {
    const res = await getBinary(chen, `/certifications/${chenNo}/form.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = tools.write('two.pdf', res.body as Buffer);
    expect(pageCount(tools.info(file))).toBe(2);
    const text = tools.text(file).replace(/\s*\n\s*/g, '');
    const row = await ctx.db('applications').where({ id: chenId }).first();
    for (const t of ['教师资格认定申请表', '第一份', '第二份', DEMO.huang.idNumber, '小学教师资格', '本表一式两份，交确认点', `校验码 ${ctx.container.services.certificationForms.checkCode(row)}`]) {
      expect([t, text.includes(t)]).toEqual([t, true]);
    }
    expect(tools.images(file).split('\n').filter((l) => /^\s+\d+\s+\d+\s+image/.test(l)).length).toBeGreaterThanOrEqual(4); // photo and signature, twice
    expect(tools.barcodes(tools.png(file, 1))).toContain(chenNo);
    // The marker staff check a handed-in PDF by.
    const checked = await ctx.container.services.forms.checkPdf(res.body as Buffer, async (no) => ctx.db('applications').where({ application_no: no }).first());
    expect(checked.result).toBe('genuine');

    await setOnline(null, 1);
    const one = tools.write('one.pdf', (await getBinary(chen, `/certifications/${chenNo}/form.pdf`)).body as Buffer);
    expect(pageCount(tools.info(one))).toBe(1);
    const oneText = tools.text(one).replace(/\s*\n\s*/g, '');
    expect(oneText).toContain('本表一式一份，交确认点');
    expect(oneText).not.toContain('第二份');
    await setOnline(null, 2);
  }, 60_000);
});

describe('上传材料 (全程网办, 002 §3.2.5)', () => {
  const MATERIALS = ['体检合格证明', '学历证书扫描件'];
  beforeAll(() => setOnline(MATERIALS));

  test('shown only when the bureau runs 全程网办; a PDF per material is stored encrypted, listed, downloaded, replaced, deleted', async () => {
    const list = rowOf((await chen.get('/certifications')).text, chenNo);
    expect(list).toContain(`href="/certifications/${chenNo}/uploads">上传材料`);
    expect(list).toContain('（已上传 0/2 项）');
    const page = await chen.get(`/certifications/${chenNo}/uploads`);
    expect(page.text).toContain('材料上传仅限 PDF 文件，所有文件均为 PDF 文件，每项材料的文件应小于 1M。');
    expect(page.text).toContain('enctype="multipart/form-data"');

    const pdf = makePdf({ pages: 2 });
    const done = await upload(chen, chenNo, '体检合格证明', pdf, '体检表.pdf');
    expect([done.status, done.headers.location]).toEqual([303, `/certifications/${chenNo}/uploads`]);
    const stored = await ctx.db('certification_uploads').where({ application_id: chenId });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ item: '体检合格证明', file_name: '体检表.pdf', pages: 2, size: pdf.length });
    const fileRow = await ctx.db('files').where({ id: stored[0].file_id }).first();
    expect(Buffer.from(fileRow.data).subarray(0, 5).toString('latin1')).not.toBe('%PDF-'); // sealed at rest
    const shown = await chen.get(`/certifications/${chenNo}/uploads`);
    expect(shown.text).toContain('“体检合格证明”已上传');
    expect(shown.text).toContain('体检表.pdf');
    const back = await getBinary(chen, `/certifications/${chenNo}/uploads/${stored[0].id}`);
    expect([back.status, back.headers['content-type'], back.headers['cache-control']]).toEqual([200, 'application/pdf', 'no-store']);
    expect(back.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(back.body as Buffer, pdf)).toBe(0);
    // Word-style PDFs (page tree in a compressed object stream) are PDFs too; a second upload of an item replaces the first.
    expect((await upload(chen, chenNo, '体检合格证明', makePdf({ pages: 1, objectStream: true }), 'new.pdf')).status).toBe(303);
    const replaced = await ctx.db('certification_uploads').where({ application_id: chenId });
    expect(replaced).toHaveLength(1);
    expect(replaced[0].file_name).toBe('new.pdf');
    expect(await ctx.db('files').where({ id: stored[0].file_id }).first()).toBeUndefined();
    expect(rowOf((await chen.get('/certifications')).text, chenNo)).toContain('（已上传 1/2 项）');
    const audit = await ctx.db('audit_log').where({ action: 'certification.material-upload', target: `application:${chenNo}` });
    expect(audit).toHaveLength(2);

    // 删除, then the item is 未上传 again.
    const del = await chen.submit(`/certifications/${chenNo}/uploads`, {}, `/certifications/${chenNo}/uploads/${replaced[0].id}/delete`);
    expect(del.status).toBe(303);
    expect(await ctx.db('certification_uploads').where({ application_id: chenId })).toHaveLength(0);
    expect(await ctx.db('files').where({ id: replaced[0].file_id }).first()).toBeUndefined();
    expect((await ctx.db('audit_log').where({ action: 'certification.material-delete' })).length).toBe(1);
  });

  test.each([
    ['a JPEG named .pdf', '体检合格证明', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), MATERIAL_MESSAGES.notPdf],
    ['a text file', '体检合格证明', Buffer.from('not a pdf at all'), MATERIAL_MESSAGES.notPdf],
    ['a PDF cut short', '体检合格证明', makePdf().subarray(0, 300), MATERIAL_MESSAGES.unreadable],
    ['a PDF of 1 MB or more', '体检合格证明', makePdf({ pad: 1024 * 1024 }), MATERIAL_MESSAGES.tooLarge],
    ['a file beyond the upload limit (9 MB)', '体检合格证明', makePdf({ pad: 9 * 1024 * 1024 }), MATERIAL_MESSAGES.tooLarge],
    ['an item the bureau does not list', '无犯罪记录证明', makePdf(), MATERIAL_MESSAGES.badItem],
    ['no file', '学历证书扫描件', null, MATERIAL_MESSAGES.noFile],
  ])('refused: %s — 422, the message by its field, the item kept, nothing stored', async (_name, item, file, message) => {
    const res = await upload(chen, chenNo, item, file);
    expect(res.status).toBe(422);
    expect(res.text).toContain('请修改以下内容后重新提交');
    expect(res.text).toContain(message);
    if (item !== '无犯罪记录证明') expect(res.text).toMatch(new RegExp(`<option value="${item}" selected>`));
    expect(await ctx.db('certification_uploads').where({ application_id: chenId })).toHaveLength(0);
  });

  test('without the CSRF token: 403, nothing stored', async () => {
    const res = await upload(chen, chenNo, '体检合格证明', makePdf(), 'a.pdf', null);
    expect(res.status).toBe(403);
    expect(await ctx.db('certification_uploads').where({ application_id: chenId })).toHaveLength(0);
  });

  test('staff in scope list and download the uploads; another bureau’s staff and the other applicant cannot', async () => {
    expect((await upload(chen, chenNo, '学历证书扫描件', makePdf({ pages: 3 }), '学历证书.pdf')).status).toBe(303);
    const up = await ctx.db('certification_uploads').where({ application_id: chenId }).first();
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const page = await reviewer.get(`/staff/applications/${chenNo}`);
    expect(page.text).toContain('全程网办材料');
    expect(page.text).toContain(`href="/staff/applications/${chenNo}/uploads/${up.id}">学历证书.pdf</a>`);
    const file = await getBinary(reviewer, `/staff/applications/${chenNo}/uploads/${up.id}`);
    expect([file.status, (file.body as Buffer).subarray(0, 5).toString()]).toEqual([200, '%PDF-']);
    const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first();
    const outsider = await otherStaff(ctx, { bureau_id: kaiping.id, point_id: null }, 'reviewer');
    expect((await outsider.get(`/staff/applications/${chenNo}/uploads/${up.id}`)).status).toBe(404);
    expect((await li.get(`/certifications/${chenNo}/uploads/${up.id}`)).status).toBe(404);
    // An upload id of another application, asked under this one's number: not found.
    expect((await reviewer.get(`/staff/applications/${liCertNo}/uploads/${up.id}`)).status).toBe(404);
  });

  test('after the application leaves 网报待确认: no 修改, no 删除, uploads refused; 材料不一致或不符合要求 says what is wrong', async () => {
    await counterSets(chenId, '材料不一致或不符合要求', { missing: ['体检合格证明', '学历证书扫描件'], reason: '体检表缺医院盖章' });
    const row = rowOf((await chen.get('/certifications')).text, chenNo);
    expect(row).not.toContain('/edit">修改');
    const list = (await chen.get('/certifications')).text;
    expect(list).toContain('不符合要求的材料：体检合格证明、学历证书扫描件；说明：体检表缺医院盖章');
    expect(list).toContain(CERTIFICATION_STATUS_EXPLANATIONS.材料不一致或不符合要求);
    const detail = await chen.get(`/certifications/${chenNo}`);
    expect(detail.text).toContain('<li>体检合格证明</li>');
    expect(detail.text).toContain('说明：体检表缺医院盖章');
    const page = await chen.get(`/certifications/${chenNo}/uploads`);
    expect(page.text).not.toContain('>删除<');
    expect(page.text).toContain(MATERIAL_MESSAGES.closed);
    const refused = await upload(chen, chenNo, '体检合格证明', makePdf(), 'a.pdf', csrfFrom(page.text)); // the layout's 退出 form carries the token
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(MATERIAL_MESSAGES.closed);
    const up = await ctx.db('certification_uploads').where({ application_id: chenId }).first();
    const del = await chen.submit(`/certifications/${chenNo}/uploads`, {}, `/certifications/${chenNo}/uploads/${up.id}/delete`);
    expect(del.status).toBe(303);
    expect(await ctx.db('certification_uploads').where({ id: up.id }).first()).toBeDefined();
  });
});
