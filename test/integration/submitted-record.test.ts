/*
 * What was submitted stays what was submitted: the 申请表 (preview) and 查看报名信息 read the application's
 * snapshot, so a later change of the account's name and the certificates' holder name (as a re-import of the
 * national data would make) neither blanks nor rewrites them. Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, DEMO, byIdNumber } from '../helpers/app';
import { listRow, submittedApplication } from '../helpers/applications';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } }); });
afterEach(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

/** The value cell after a row label, in the 申请表 or a summary table. */
function cell(html: string, label: string): string | null {
  return new RegExp(`<th scope="row">${label}</th>\\s*<td[^>]*>([^<]*)</td>`).exec(html)?.[1].trim() ?? null;
}

/** The account renamed, and its certificates' holder name with it, as a re-import of the national data would. */
async function renameEverywhere(name: string) {
  const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
  await ctx.db('accounts').where({ id: account.id }).update({ name });
  await ctx.db('certificates').where(byIdNumber(ctx, DEMO.liMing.idNumber)).update({ holder_name: name });
}

test('after a rename, the 申请表 preview keeps the submitted name and the certificate rows', async () => {
  const { b, no } = await submittedApplication(ctx);
  const before = (await b.get(`/applications/${no}/form`)).text;
  await renameEverywhere('李明远');

  const res = await b.get(`/applications/${no}/form`);
  expect(res.status).toBe(200);
  const html = res.text;
  expect(cell(html, '姓名')).toBe('李明');
  expect(html).not.toContain('李明远');
  const certificateRows = { 证书号码: '20094478131000123', 资格种类: '初级中学教师资格', 任教学科: '数学', 签发日期: '2009-07-01', 认定机构: '台山市教育局', 注册次数: '2次' };
  for (const [label, value] of Object.entries(certificateRows)) expect([label, cell(html, label)]).toEqual([label, value]);
  expect(cell(html, '上次注册日期与结论')).toBe('2019-12-31 注册合格');
  // Exactly what it showed before the rename (the page's time stamp aside).
  const strip = (page: string) => page.replace(/生成时间：[^<]*/, '').replace(/name="_csrf" value="[^"]*"/g, '');
  expect(strip(html)).toBe(strip(before));
});

test('after a rename, 查看报名信息 and 查询报名信息 still show the certificate number', async () => {
  const { b, no } = await submittedApplication(ctx);
  await renameEverywhere('李明远');

  const shown = await b.get(`/applications/${no}`);
  expect(shown.status).toBe(200);
  expect(cell(shown.text, '证书号码')).toBe('20094478131000123');
  expect(cell(shown.text, '申请资格种类')).toBe('初级中学教师资格');
  expect(cell(shown.text, '注册类型')).toBe('定期注册');
  expect(listRow((await b.get('/applications')).text, no)?.cells[1]).toBe('20094478131000123');
});
