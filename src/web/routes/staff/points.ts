import { Router, Request, Response } from 'express';
import { staffOf } from '../../middleware/roles';
import type { Container } from '../../../container';
import { parseId, FieldErrors } from '../../../domain/validation';
import { POINT_FIELDS, pointForm, readPointForm, PointForm } from '../../../domain/confirmationPoint';
import type { PointWithCounts } from '../../../repositories/bureauAdmin';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { adminBureauId as bureauId, bureauAdminGuard } from '../../middleware/adminBureau';
import { pointRows } from '../../viewModels/bureauAdmin';
import { BUSINESSES, BUSINESS_SHORT_LABELS } from '../../../domain/business';

// A county's counters usually take both businesses: a new point starts with both ticked.
const EMPTY: PointForm = { name: '', businesses: [...BUSINESSES], scope: '', address: '', phone: '', confirmStart: '', confirmEnd: '', active: '1' };

/** 确认点 of the bureau (机构管理员; a system admin for the instance's bureau): the list with operators and applications, new, edit. */
export function staffPointsRouter(c: Container): Router {
  const router = Router();
  const service = c.services.bureauAdmin;
  const guard = bureauAdminGuard(service);
  const tz = c.config.timeZone;
  const notFound = (res: Response) => renderPage(res, 'pages/errors/error', { title: '未找到确认点', message: '未找到该确认点（或不属于本机构）。' }, 404);

  router.get(paths.staffPoints, ...guard, async (req, res) => {
    const [points, bureau] = await Promise.all([service.points(bureauId(req)), service.findBureau(bureauId(req))]);
    renderPage(res, 'pages/staff/bureau/points', { title: '确认点', bureau, points: pointRows(points, tz) });
  });

  function showForm(res: Response, point: PointWithCounts | null, values: PointForm, errors: FieldErrors = {}, status = 200) {
    renderPage(res, 'pages/staff/bureau/point-form', {
      title: point ? '修改确认点' : '新增确认点', point, values, errors, fieldOrder: POINT_FIELDS,
      businessOptions: BUSINESSES.map((code) => ({ code, name: BUSINESS_SHORT_LABELS[code] })),
      action: point ? paths.staffPoint(point.id) : paths.staffPoints,
    }, status);
  }

  router.get(paths.staffPointNew, ...guard, (_req, res) => showForm(res, null, EMPTY));

  router.post(paths.staffPoints, ...guard, async (req, res) => {
    const form = readPointForm(req.body);
    const result = await service.savePoint(staffOf(req), bureauId(req), null, form, req.ip ?? null);
    if (!result.ok) return showForm(res, null, form, result.errors, 422);
    flash(req, 'success', `已新增确认点：${form.name}`);
    res.redirect(303, paths.staffPoints);
  });

  const findPoint = async (req: Request) => {
    const id = parseId(req.params.id);
    return id === null ? undefined : service.findPoint(bureauId(req), id);
  };

  router.get('/staff/points/:id', ...guard, async (req, res) => {
    const point = await findPoint(req);
    if (!point) return notFound(res);
    showForm(res, point, pointForm({ ...point, active: Boolean(point.active) }, tz));
  });

  router.post('/staff/points/:id', ...guard, async (req, res) => {
    const point = await findPoint(req);
    if (!point) return notFound(res);
    const form = readPointForm(req.body);
    const result = await service.savePoint(staffOf(req), bureauId(req), point.id, form, req.ip ?? null);
    if (!result.ok) return showForm(res, point, form, result.errors, 422);
    flash(req, 'success', `已保存确认点：${form.name}`);
    res.redirect(303, paths.staffPoints);
  });

  return router;
}
