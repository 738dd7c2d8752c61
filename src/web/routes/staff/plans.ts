import { Router, Request, Response } from 'express';
import { staffOf } from '../../middleware/roles';
import type { Container } from '../../../container';
import { parseId, FieldErrors } from '../../../domain/validation';
import { PLAN_FIELDS, planForm, readPlanForm, PlanForm } from '../../../domain/planRules';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { adminBureauId as bureauId, bureauAdminGuard } from '../../middleware/adminBureau';
import { planRows } from '../../viewModels/bureauAdmin';
import { BUSINESSES, BUSINESS_SHORT_LABELS } from '../../../domain/business';

// A new plan starts as 定期注册, the business most county plans are for; the radio says so and can be changed.
const EMPTY: PlanForm = { business: 'registration', title: '', stages: [], onlineStart: '', onlineEnd: '', confirmStart: '', confirmEnd: '' };

/** 网报计划 of the bureau (机构管理员; a system admin for the instance's bureau): the list with application counts, new, edit. */
export function staffPlansRouter(c: Container): Router {
  const router = Router();
  const service = c.services.bureauAdmin;
  const guard = bureauAdminGuard(service);
  const tz = c.config.timeZone;
  const notFound = (res: Response) => renderPage(res, 'pages/errors/error', { title: '未找到网报计划', message: '未找到该网报计划（或不属于本机构）。' }, 404);

  router.get(paths.staffPlans, ...guard, async (req, res) => {
    const [plans, names, bureau] = await Promise.all([service.plans(bureauId(req)), service.stageNames(), service.findBureau(bureauId(req))]);
    renderPage(res, 'pages/staff/bureau/plans', { title: '网报计划', bureau, plans: planRows(plans, names, tz, c.clock.now().toISOString()) });
  });

  async function showForm(res: Response, planId: number | null, values: PlanForm, errors: FieldErrors = {}, status = 200) {
    const names = await service.stageNames();
    const usage = planId === null ? null : await service.planUsage(planId);
    renderPage(res, 'pages/staff/bureau/plan-form', {
      title: planId === null ? '新增网报计划' : '修改网报计划', planId, usage, values, errors, fieldOrder: PLAN_FIELDS,
      stageOptions: [...names].map(([code, name]) => ({ code, name })),
      businessOptions: BUSINESSES.map((code) => ({ code, name: BUSINESS_SHORT_LABELS[code] })),
      action: planId === null ? paths.staffPlans : paths.staffPlan(planId),
    }, status);
  }

  router.get(paths.staffPlanNew, ...guard, (_req, res) => showForm(res, null, EMPTY));

  router.post(paths.staffPlans, ...guard, async (req, res) => {
    const form = readPlanForm(req.body);
    const result = await service.savePlan(staffOf(req), bureauId(req), null, form, req.ip ?? null);
    if (!result.ok) return showForm(res, null, form, result.errors, 422);
    flash(req, 'success', `已新增网报计划：${form.title}`);
    res.redirect(303, paths.staffPlans);
  });

  const findPlan = async (req: Request) => {
    const id = parseId(req.params.id);
    return id === null ? undefined : service.findPlan(bureauId(req), id);
  };

  router.get('/staff/plans/:id', ...guard, async (req, res) => {
    const plan = await findPlan(req);
    if (!plan) return notFound(res);
    return showForm(res, plan.id, planForm(plan, tz));
  });

  router.post('/staff/plans/:id', ...guard, async (req, res) => {
    const plan = await findPlan(req);
    if (!plan) return notFound(res);
    const form = readPlanForm(req.body);
    const result = await service.savePlan(staffOf(req), bureauId(req), plan.id, form, req.ip ?? null);
    if (!result.ok) return showForm(res, plan.id, form, result.errors, 422);
    flash(req, 'success', `已保存网报计划：${form.title}`);
    res.redirect(303, paths.staffPlans);
  });

  return router;
}
