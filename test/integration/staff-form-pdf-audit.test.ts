/*
 * A staff download of one application's 申请表 PDF prints the full 证件号码 and 手机号码, so it is audited like
 * 显示完整证件号码: the row is written once the PDF is rendered, before it is sent. Nothing rendered (Chromium
 * unavailable) or out of scope (another point's operator): no file and no row. Real Chromium, real PDF.
 */
import { makeTestApp, TestContext } from '../helpers/app';
import { applicationsAt, otherStaff, staffBrowser } from '../helpers/staff';

let ctx: TestContext;
let no: string;
beforeAll(async () => {
  ctx = await makeTestApp();
  const [made] = await applicationsAt(ctx, 1);
  no = made.no;
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const downloads = async () => ctx.db('audit_log').where({ action: 'application.form-pdf' }).orderBy('id');
const pdfOf = (b: Awaited<ReturnType<typeof staffBrowser>>, url: string) => b.agent.get(url).buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

test('the operator downloads the PDF: one audit row naming the application, the operator and the address', async () => {
  const operator = await staffBrowser(ctx, 'operator');
  const res = await pdfOf(operator, `/staff/applications/${no}/form.pdf`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  const rows = await downloads();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ target: `application:${no}`, actor_type: 'staff' });
  expect(rows[0].actor_id).toBe((await ctx.db('staff_users').where({ username: 'operator' }).first('id')).id);
  expect(rows[0].ip).toBeTruthy();
  const auditor = await staffBrowser(ctx, 'auditadmin');
  expect((await auditor.get('/staff/audit')).text).toContain('下载申请表');
});

test('another point\'s operator: 404, no file and no row', async () => {
  const before = (await downloads()).length;
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const [, other] = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').select('id');
  const stranger = await otherStaff(ctx, { bureau_id: bureau.id, point_id: other.id }, 'operator');
  const res = await stranger.get(`/staff/applications/${no}/form.pdf`);
  expect(res.status).toBe(404);
  expect(res.headers['content-type']).not.toBe('application/pdf');
  expect(await downloads()).toHaveLength(before);
});

test('Chromium unavailable: the 503 page, and no row (nothing was disclosed)', async () => {
  const down = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  try {
    const [made] = await applicationsAt(down, 1);
    const operator = await staffBrowser(down, 'operator');
    const res = await operator.get(`/staff/applications/${made.no}/form.pdf`);
    expect(res.status).toBe(503);
    expect(res.text).toContain('申请表暂不可用');
    expect(await down.db('audit_log').where({ action: 'application.form-pdf' })).toHaveLength(0);
  } finally {
    await down.container.close();
    await down.close();
  }
});
