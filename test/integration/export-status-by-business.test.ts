import { makeTestApp, TestContext, Browser, escaped } from '../helpers/app';
import { certificationPlan } from '../helpers/certification';
import { staffBrowser } from '../helpers/staff';
import { REPORT_MESSAGES } from '../../src/domain/reportFilter';

/**
 * 数据导出's 报名状态 follow the chosen plan's business (issue 14): a 定期注册 plan offers 定期注册's statuses, a 认定 plan
 * 认定's; 选择 re-renders the form for a new plan without JavaScript; a status of the other business is refused by name,
 * the form kept; with no plan the statuses are grouped by business.
 */
let ctx: TestContext;
let admin: Browser;
let regPlan: number;
let certPlan: number;

beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  const cert = await certificationPlan(ctx);
  certPlan = cert.planId;
  regPlan = (await ctx.db('plans').where({ bureau_id: cert.bureauId, business: 'registration' }).first('id')).id;
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => { await ctx?.container.close(); await ctx?.close(); });

const boxes = (html: string) => [...html.matchAll(/name="status" value="([^"]+)"/g)].map((m) => m[1]);
const q = (params: Record<string, string | string[]>) => new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]))).toString();

test('a 定期注册 plan lists 定期注册\'s statuses only; a 认定 plan 认定\'s; the plans say their business', async () => {
  const reg = await admin.get(`/staff/export?${q({ plan: String(regPlan) })}`);
  expect(reg.status).toBe(200);
  expect(boxes(reg.text)).toEqual(['网报待确认', '待注册审批', '确认未通过', '机构选择有误', '注册合格', '暂缓注册', '注册不合格', '不属于注册对象']);
  expect(reg.text).toContain('所选网报计划属于定期注册：');
  // The 认定 plan's title names its business already: no "（教师资格认定）" repeated after it.
  expect(reg.text).toMatch(new RegExp(`<option value="${certPlan}">[^<（]*教师资格认定</option>`));
  expect(reg.text).toMatch(new RegExp(`<option value="${regPlan}"[^>]*>[^<]*定期注册[^<]*</option>`));
  const cert = await admin.get(`/staff/export?${q({ plan: String(certPlan) })}`);
  expect(boxes(cert.text)).toEqual(['网报待确认', '待认定审批', '材料不一致或不符合要求', '机构选择有误', '认定通过', '认定不通过']);
  expect(cert.text).toContain('所选网报计划属于教师资格认定：');
  // Without JavaScript: 选择 is a submit of the same GET form; with htmx a changed plan asks the same URL.
  expect(cert.text).toContain('<button type="submit" name="action" value="plan" class="secondary">选择</button>');
  expect(cert.text).toContain('data-hx-trigger="change from:#field-plan"');
});

test('a status of the other business is refused with a clear message, the form kept (页面 and 导出)', async () => {
  for (const url of ['/staff/export', '/staff/export/download']) {
    const res = await admin.get(`${url}?${q({ plan: String(certPlan), status: ['网报待确认', '注册合格'] })}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain(escaped(REPORT_MESSAGES.statusNotInBusiness('注册合格', '教师资格认定')));
    expect(res.text).toContain('报名状态“注册合格”不属于所选网报计划的业务（教师资格认定），请重新勾选');
    // Every status, grouped by business, so the box ticked by mistake is shown ticked and can be unticked.
    expect(res.text).toMatch(/value="注册合格" checked/);
    expect(res.text).toMatch(/value="网报待确认" checked/);
    expect(res.text).toContain('id="status-group-shared">两项业务共有');
    expect(res.text).toContain('id="status-group-registration">定期注册');
    expect(res.text).toContain('id="status-group-certification">教师资格认定');
    expect(boxes(res.text).filter((s) => s === '网报待确认')).toHaveLength(1); // a shared status once
    expect(res.text).toContain(`<option value="${certPlan}" selected>`);
  }
});

test('选择 after changing the plan drops the other business\'s boxes and keeps the shared ones', async () => {
  const res = await admin.get(`/staff/export?${q({ plan: String(certPlan), status: ['网报待确认', '注册合格'], action: 'plan' })}`);
  expect(res.status).toBe(200);
  expect(boxes(res.text)).not.toContain('注册合格');
  expect(res.text).toMatch(/value="网报待确认" checked/);
  expect(res.text).not.toContain('error-status');
});

test('with no plan chosen (a plan to correct), the statuses are grouped by business', async () => {
  const res = await admin.get(`/staff/export?${q({ plan: '999999' })}`);
  expect(res.status).toBe(400);
  expect(res.text).toContain(escaped(REPORT_MESSAGES.planUnknown));
  expect(res.text).toContain('id="status-group-registration">定期注册');
  expect(res.text).toContain('id="status-group-certification">教师资格认定');
  expect(new Set(boxes(res.text)).size).toBe(boxes(res.text).length);
  expect(boxes(res.text)).toHaveLength(12);
});
