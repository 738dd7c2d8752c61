import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { makeTestApp, TestContext, Browser, escaped } from '../helpers/app';
import { staffStatus, submittedApplication } from '../helpers/applications';
import { applicationsAt, otherStaff, staffBrowser } from '../helpers/staff';
import { EXPORT_HEADERS, EXPORT_SUMMARY_KEYS } from '../../src/domain/exportColumns';
import { REPORT_MESSAGES } from '../../src/domain/reportFilter';
import { localDateTime } from '../../src/domain/dates';

/**
 * 数据导出 and 统计 through real HTTP on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL): the export
 * parsed back with exceljs and compared with the applications; filters; bad values (400 with the message, the form
 * kept); scope (bureau, an operator's point, another bureau); the audit row; the statistics' numbers and charts.
 */
let ctx: TestContext;
let bureauId: number;
let planId: number;
let points: number[];
let liMing: { no: string };
let admin: Browser;

beforeAll(async () => {
  ctx = await makeTestApp();
  bureauId = (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id;
  planId = (await ctx.db('plans').where({ bureau_id: bureauId }).first('id')).id;
  points = (await ctx.db('confirmation_points').where({ bureau_id: bureauId }).orderBy('id').select('id')).map((p) => p.id as number);
  const submitted = await submittedApplication(ctx);
  liMing = { no: submitted.no };
  await staffStatus(ctx, submitted.row.id, '暂缓注册', { at: '2026-11-24T03:00:00.000Z' });
  await applicationsAt(ctx, 2, { from: 300, pointIds: [points[0]], status: '待注册审批' });
  await applicationsAt(ctx, 2, { from: 310, pointIds: [points[1]] });
  await applicationsAt(ctx, 1, { from: 320, pointIds: [points[1]], status: '确认未通过' });
  await applicationsAt(ctx, 1, { from: 330, pointIds: [points[2]], status: '注册合格' });
  admin = await staffBrowser(ctx, 'bureauadmin');
}, 120_000);
afterAll(async () => ctx?.close());

/** The download as a buffer (supertest buffers and parses binary bodies with this). */
async function download(b: Browser, query: string): Promise<Response> {
  return b.agent.get(`/staff/export/download?${query}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** The first sheet's rows as text arrays (header first). */
async function sheetRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const values = row.values as unknown[];
    rows.push(EXPORT_HEADERS.map((_, i) => (values[i + 1] === undefined || values[i + 1] === null ? '' : String(values[i + 1]))));
  });
  return rows;
}
const col = (name: string) => EXPORT_HEADERS.indexOf(name);

describe('数据导出', () => {
  test('the form: plans, points, statuses, the count, 导出; the staff home links both pages', async () => {
    const page = await admin.get('/staff/export');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="field-plan">');
    expect(page.text).toMatch(/<option value="\d+" selected>/);
    expect(page.text).toContain('全部确认点');
    expect(page.text).toContain('name="status" value="注册合格"');
    expect(page.text).toMatch(/按当前条件共 <strong>7<\/strong> 条报名信息/);
    expect(page.text).toContain('formaction="/staff/export/download"');
    expect(page.text).toContain('>导出</button>');
    const home = await admin.get('/staff');
    expect(home.text).toContain('href="/staff/export"');
    expect(home.text).toContain('href="/staff/stats"');
    // The count follows the filter, and the form keeps what was chosen.
    const filtered = await admin.get(`/staff/export?plan=${planId}&point=${points[1]}&status=${encodeURIComponent('网报待确认')}`);
    expect(filtered.text).toMatch(/按当前条件共 <strong>2<\/strong> 条/);
    expect(filtered.text).toContain(`<option value="${points[1]}" selected>`);
    expect(filtered.text).toMatch(/value="网报待确认" checked/);
  });

  test('the whole plan parsed back: the header in order, one row per application, every submitted field as confirmed, handling and dates', async () => {
    const res = await download(admin, `plan=${planId}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="applications-\d+\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(res.headers['content-disposition'].split("''")[1])).toMatch(/^报名信息_.+_2026-11-23\.xlsx$/);
    const rows = await sheetRows(res.body as Buffer);
    expect(rows[0]).toEqual(EXPORT_HEADERS);
    const apps = (await ctx.db('applications as a').join('accounts as acc', 'acc.id', 'a.account_id').where('a.plan_id', planId).orderBy('a.id').select('a.*', 'acc.id_number', 'acc.mobile', 'acc.email'))
      .map((a) => ctx.container.personal.openRow('accounts', a)); // stored encrypted
    expect(rows.slice(1).map((r) => r[0])).toEqual(apps.map((a) => a.application_no));
    for (const [k, a] of apps.entries()) {
      const r = rows[k + 1];
      expect([a.application_no, r[col('证件号码')], r[col('手机号码')], r[col('报名状态')], r[col('提交时间')]])
        .toEqual([a.application_no, a.id_number, a.mobile, a.status, localDateTime(new Date(a.submitted_at), 'Asia/Shanghai')]);
      // Every summary row of the snapshot (step 4, the 申请表) is a column with the value as confirmed.
      const snapshot = JSON.parse(a.data);
      const byKey = new Map<string, string>();
      for (const s of snapshot.summary) for (const row of s.rows) byKey.set(row.key, row.value);
      for (const key of byKey.keys()) expect(EXPORT_SUMMARY_KEYS).toContain(key);
      expect(byKey.size).toBeGreaterThanOrEqual(29);
      const labels: Record<string, string> = { certSubject: '任教学科（证书）', qualification: '资格种类', putonghua: '普通话证书信息', education: '最高学历', degree: '最高学位' };
      for (const s of snapshot.summary) for (const row of s.rows) {
        const header = labels[row.key] ?? row.label;
        expect([row.key, r[col(header)]]).toEqual([row.key, row.value]);
      }
      expect(r[col('姓名')]).toBe(snapshot.applicant.name);
      expect(r[col('签发日期')]).toBe(snapshot.certificate.issueDate);
    }
    // 李明: confirmed, then 暂缓注册 with its reason; the dates of both.
    const li = rows.find((r) => r[0] === liMing.no) as string[];
    expect([li[col('报名状态')], li[col('注册结论')], li[col('原因或审核意见')], li[col('确认时间')], li[col('办结时间')]])
      .toEqual(['暂缓注册', '暂缓注册', '年度考核证明不全', '2026-11-24 11:00', '2026-11-24 11:00']);
    expect(li[col('性别')]).toBe('男');
    expect(li[col('民族')]).toBe('汉族');
    expect(li[col('证件类型')]).toBe('居民身份证');
    const incomplete = rows.find((r) => r[col('报名状态')] === '确认未通过') as string[];
    expect([incomplete[col('注册结论')], incomplete[col('缺少的材料')], incomplete[col('办结时间')]]).toEqual(['', '年度考核证明', '']);
    expect(incomplete[col('确认时间')]).not.toBe('');
    const pending = rows.find((r) => r[col('报名状态')] === '网报待确认') as string[];
    expect([pending[col('注册结论')], pending[col('原因或审核意见')], pending[col('确认时间')], pending[col('办结时间')]]).toEqual(['', '', '', '']);
  });

  test('filtered by point and statuses: exactly those applications; audited with the filter and the row count', async () => {
    const statuses = ['网报待确认', '确认未通过'];
    const res = await download(admin, `plan=${planId}&point=${points[1]}&${statuses.map((s) => `status=${encodeURIComponent(s)}`).join('&')}`);
    expect(res.status).toBe(200);
    const rows = (await sheetRows(res.body as Buffer)).slice(1);
    const expected = await ctx.db('applications').where({ plan_id: planId, point_id: points[1] }).whereIn('status', statuses).orderBy('id').pluck('application_no');
    expect(expected).toHaveLength(3);
    expect(rows.map((r) => r[0])).toEqual(expected);
    const point = await ctx.db('confirmation_points').where({ id: points[1] }).first('name');
    expect(new Set(rows.map((r) => r[col('确认点')]))).toEqual(new Set([point.name]));
    const audit = await ctx.db('audit_log').where({ action: 'application.export' }).orderBy('id', 'desc').first();
    expect(audit.actor_type).toBe('staff');
    expect(audit.target).toBe(`plan:${planId}`);
    expect(JSON.parse(audit.detail)).toEqual({ plan: expect.any(String), point: point.name, statuses, rows: 3 });
    // The audit admin reads it in the audit log (三权分立: the bureau admin no longer does).
    expect((await (await staffBrowser(ctx, 'auditadmin')).get('/staff/audit')).text).toContain('导出报名信息');
  });

  test('bad filter values: a 400 page with the message by the field and the form as typed, never a file, never a 500', async () => {
    const xinhui = (await ctx.db('bureaus').where({ name: '江门市新会区教育局' }).first('id')).id;
    const foreignPlan = (await ctx.db('plans').where({ bureau_id: xinhui }).first('id')).id;
    const cases: [string, string][] = [
      [`plan=${foreignPlan}`, REPORT_MESSAGES.planUnknown],
      ['plan=999999', REPORT_MESSAGES.planUnknown],
      ['plan=abc', REPORT_MESSAGES.planUnknown],
      ['plan=1e9999', REPORT_MESSAGES.planUnknown],
      ['', REPORT_MESSAGES.planMissing],
      [`plan=${planId}&status=${encodeURIComponent('已撤销')}`, `${REPORT_MESSAGES.statusUnknown}：已撤销`],
      [`plan=${planId}&point=999999`, REPORT_MESSAGES.pointUnknown],
      [`plan=${planId}&point=-1`, REPORT_MESSAGES.pointUnknown],
      [`plan[]=1&point[a]=2`, REPORT_MESSAGES.planMissing],
    ];
    for (const [query, message] of cases) {
      const res = await admin.get(`/staff/export/download?${query}`);
      expect([query, res.status, res.headers['content-type']]).toEqual([query, 400, expect.stringContaining('text/html')]);
      expect(res.text).toContain('请修改以下内容后重新提交');
      expect(res.text).toContain(escaped(message));
    }
    // The typed values stay: a bad status beside good ones keeps the good ones ticked.
    const kept = await admin.get(`/staff/export/download?plan=${planId}&point=${points[2]}&status=${encodeURIComponent('注册合格')}&status=bogus`);
    expect(kept.status).toBe(400);
    expect(kept.text).toMatch(/value="注册合格" checked/);
    expect(kept.text).toContain(`<option value="${points[2]}" selected>`);
    expect(kept.text).toContain(`<option value="${planId}" selected>`);
    // The form page itself says so too.
    expect((await admin.get('/staff/export?plan=999999')).status).toBe(400);
  });

  test('an operator exports their own point only; another point is refused; another bureau\'s staff find no plan of this bureau', async () => {
    const operator = await staffBrowser(ctx, 'operator'); // 台山市教育局人事股, the first point
    const page = await operator.get('/staff/export');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('全部确认点');
    const res = await download(operator, `plan=${planId}`);
    const rows = (await sheetRows(res.body as Buffer)).slice(1);
    const own = await ctx.db('applications').where({ plan_id: planId, point_id: points[0] }).orderBy('id').pluck('application_no');
    expect(own.length).toBeGreaterThan(0);
    expect(rows.map((r) => r[0])).toEqual(own);
    expect((await operator.get(`/staff/export/download?plan=${planId}&point=${points[1]}`)).status).toBe(400);

    const xinhui = (await ctx.db('bureaus').where({ name: '江门市新会区教育局' }).first('id')).id;
    const stranger = await otherStaff(ctx, { bureau_id: xinhui, point_id: null }, 'reviewer');
    const theirs = await stranger.get(`/staff/export/download?plan=${planId}`);
    expect(theirs.status).toBe(400);
    expect(theirs.text).toContain(escaped(REPORT_MESSAGES.planUnknown));
    expect((await stranger.get(`/staff/stats?plan=${planId}`)).status).toBe(400);
    // The system admin keeps to the instance; bureau data is the bureau's roles' (403).
    expect((await (await staffBrowser(ctx, 'sysadmin')).get('/staff/export')).status).toBe(403);
  });
});

describe('统计', () => {
  /** The numbers of a section's table: label cells joined → count. */
  function table(html: string, id: string): Record<string, number> {
    const section = new RegExp(`<section class="stats-section" id="${id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
    const out: Record<string, number> = {};
    for (const m of section.matchAll(/<tr><th scope="row">([^<]*)<\/th>((?:<td>[^<]*<\/td>)*)<td class="num">(\d+)<\/td>/g)) {
      const extra = [...m[2].matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1]);
      out[[m[1], ...extra].join(' / ')] = Number(m[3]);
    }
    return out;
  }

  test('counts by status, point, 学段, 学段/学科 and day, each a table and an accessible inline SVG chart; printable', async () => {
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const page = await reviewer.get('/staff/stats');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="stats-total">7<');
    const byStatus = table(page.text, 'by-status');
    const dbStatus: { status: string; n: number | string }[] = await ctx.db('applications').where({ plan_id: planId }).groupBy('status').select('status').count({ n: '*' });
    for (const r of dbStatus) expect(byStatus[r.status as string]).toBe(Number(r.n));
    expect(byStatus['注册不合格']).toBe(0);
    const pointNames = await ctx.db('confirmation_points').whereIn('id', points).orderBy('id').pluck('name');
    const byPoint = table(page.text, 'by-point');
    const dbPoint = await Promise.all(points.map(async (id) => Number((await ctx.db('applications').where({ plan_id: planId, point_id: id }).count({ n: '*' }))[0].n)));
    expect(dbPoint).toEqual([3, 3, 1]);
    expect(pointNames.map((n) => byPoint[n])).toEqual(dbPoint);
    expect(table(page.text, 'by-stage')['初级中学']).toBe(7);
    expect(table(page.text, 'by-subject')).toEqual({ '初级中学 / 数学': 7 });
    const byDay = table(page.text, 'by-day');
    // The table lists the days with submissions (the chart spans the whole online window, zeros included).
    expect(byDay).toEqual({ '2026-11-23': 7 });
    const columns = /<section class="stats-section" id="by-day">[\s\S]*?<\/svg>/.exec(page.text)?.[0] ?? '';
    expect([...columns.matchAll(/<rect class="bar"/g)]).toHaveLength(91);
    // Five charts, each an <svg role="img"> named by its <title> and described by its <desc>; no script on the page but the site's.
    const charts = [...page.text.matchAll(/<svg class="chart[^"]*"[^>]*role="img" aria-labelledby="([^" ]+) ([^"]+)"/g)];
    expect(charts).toHaveLength(5);
    for (const [, title, desc] of charts) {
      expect(page.text).toContain(`<title id="${title}">`);
      expect(page.text).toContain(`<desc id="${desc}">`);
    }
    expect(page.text).toMatch(/<desc id="chart-by-status-desc">共 8 项，合计 7人；最多：/);
    expect(page.text).not.toMatch(/<script(?![^>]*src="\/js\/)/);
    expect(page.text).toContain('class="filters report-filters no-print"');
  });

  test('an operator\'s statistics count their point only; a bad plan is a 400 with the message and the choice kept', async () => {
    const operator = await staffBrowser(ctx, 'operator');
    const page = await operator.get(`/staff/stats?plan=${planId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="stats-total">3<');
    expect(page.text).toContain('仅统计本确认点');
    const bad = await operator.get('/staff/stats?plan=424242');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(escaped(REPORT_MESSAGES.planUnknown));
    expect(bad.text).toContain('<div class="field field-error" id="group-plan">');
  });
});
