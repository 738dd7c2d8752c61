import { makeTestApp, TestContext, loginAs, DEMO } from '../helpers/app';
import { certificationPlan, submittedCertification } from '../helpers/certification';
import type { CertificationSnapshot } from '../../src/journeys/certification/types';

/** The 认定 fixture other tests build on (and the header's business name): a plan of its own business, points serving both, a submitted application. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } }); });
afterAll(async () => { await ctx?.container.close(); await ctx?.close(); });

test('a submitted 教师资格认定 application: its own plan, 网报待确认, the snapshot of the contract, files referenced', async () => {
  const { row, planId } = await submittedCertification(ctx);
  expect(row).toMatchObject({ business: 'certification', status: '网报待确认', plan_id: planId, qualification_code: '2', exam_form: 'exam' });
  const stored = await ctx.db('applications').where({ id: row.id }).first();
  expect(stored.signature_file_id).toBeGreaterThan(0);
  const snapshot = JSON.parse(stored.data) as CertificationSnapshot;
  expect(snapshot.business).toBe('certification');
  expect(snapshot.summary.map((s) => s.step)).toEqual(['identity', 'bureau', 'details']);
  // The 定期注册 wizard still sees only its own plan.
  const plans = await ctx.container.repos.places.plansOf(row.bureau_id);
  expect(plans.every((p) => p.business === 'registration')).toBe(true);
  expect((await certificationPlan(ctx)).planId).toBe(planId);
});

test('the header names the business the teacher is in: 教师资格认定 on its pages, 定期注册 elsewhere', async () => {
  const b = await loginAs(ctx, DEMO.zhangXiaowen);
  expect((await b.get('/certify/notice')).text).toContain('<span class="business">教师资格认定</span>');
  expect((await b.get('/certifications')).text).toContain('<span class="business">教师资格认定</span>');
  expect((await b.get('/platform')).text).toContain('<span class="business">中小学教师资格定期注册</span>');
});
