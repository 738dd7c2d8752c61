import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import { isAdminClassRole, ROLE_LABELS } from '../../../domain/principal';
import { creatableRoles, managesAccounts, managesSecondFactors } from '../../../domain/staffAdmin';
import { parseId, secret, text, FieldErrors } from '../../../domain/validation';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';

/**
 * 工作人员账号: a bureau admin manages the accounts of their own bureau, the system admin every account (the scope is
 * applied in the repository). List, create (initial password chosen here, with the password rule), change 姓名/角色/
 * 确认点, reset the password, disable or enable. The service refuses to leave a bureau without an active admin.
 * 三权分立 (domain/staffAdmin.ts): the 安全管理员 sees every account here too, gives and changes roles (admin-class ones
 * only they), creates admin-class accounts and resets second factors; passwords and 停用/启用 are not theirs.
 */
export function staffUsersRouter(c: Container): Router {
  const router = Router();
  const { staff, places, settings } = c.services;
  const mayManage = requireRole('bureau_admin', 'system_admin', 'security_admin');
  const mayManageAccounts = requireRole('bureau_admin', 'system_admin');
  const maySecure = requireRole('security_admin');
  const manager = staffOf;
  const ip = (req: Request) => req.ip ?? null;
  const roleOptions = (req: Request) => staff.assignableRoles(manager(req)).map((r) => ({ code: r, name: ROLE_LABELS[r] }));
  const createOptions = (req: Request) => creatableRoles(manager(req)).map((r) => ({ code: r, name: ROLE_LABELS[r] }));

  /** The bureaus a manager may put accounts in and their points (a system admin sees each bureau's, by name). */
  async function placeOptions(req: Request) {
    const bureaus = await settings.bureausFor(manager(req));
    const points: { code: string; name: string }[] = [];
    for (const b of bureaus) {
      for (const p of await places.allPointsOf(b.id)) points.push({ code: String(p.id), name: bureaus.length > 1 ? `${b.name} — ${p.name}` : p.name });
    }
    return { bureaus: bureaus.map((b) => ({ code: String(b.id), name: b.name })), points };
  }

  router.get(paths.staffUsers, mayManage, async (req, res) => {
    renderPage(res, 'pages/staff/users/index', { title: '工作人员账号', users: await staff.listFor(manager(req)), roleLabels: ROLE_LABELS });
  });

  async function showNew(req: Request, res: Response, data: { values?: Record<string, string>; errors?: FieldErrors } = {}, status = 200) {
    renderPage(res, 'pages/staff/users/new', {
      title: '新增工作人员', roles: createOptions(req), ...(await placeOptions(req)), isSystemAdmin: manager(req).role === 'system_admin', isSecurityAdmin: manager(req).role === 'security_admin',
      fieldOrder: ['username', 'name', 'role', 'bureauId', 'pointId', 'password', 'passwordConfirm'], values: {}, ...data,
    }, status);
  }
  router.get(paths.staffUserNew, mayManage, (req, res) => showNew(req, res));

  router.post(paths.staffUsers, mayManage, async (req, res) => {
    const values = {
      username: text(req.body, 'username', 40), name: text(req.body, 'name', 60), role: text(req.body, 'role', 20),
      bureauId: text(req.body, 'bureauId', 10), pointId: text(req.body, 'pointId', 10),
    };
    const result = await staff.create({
      ...values, bureauId: parseId(values.bureauId), pointId: parseId(values.pointId),
      password: secret(req.body, 'password'), passwordConfirm: secret(req.body, 'passwordConfirm'),
    }, manager(req), ip(req));
    if (!result.ok) return showNew(req, res, { values, errors: result.errors }, 422); // passwords are never written back
    flash(req, 'success', `已创建工作人员账号 ${values.username}`);
    res.redirect(303, paths.staffUser(result.value));
  });

  async function showUser(req: Request, res: Response, next: NextFunction, data: { values?: Record<string, string>; errors?: FieldErrors; form?: string } = {}, status = 200) {
    const id = parseId(String(req.params.id));
    const user = id === null ? undefined : await staff.findFor(manager(req), id);
    if (!user) return next();
    // The account's own bureau's points only (a system admin's list holds every bureau's).
    const ownPoints = user.bureau_id === null ? [] : (await places.allPointsOf(user.bureau_id)).map((p) => ({ code: String(p.id), name: p.name }));
    // Roles of the account's own class that this manager may give; the current one always (kept as it is).
    const sameClass = roleOptions(req).filter((r) => isAdminClassRole(r.code) === isAdminClassRole(user.role));
    const roles = sameClass.some((r) => r.code === user.role) ? sameClass : [{ code: user.role, name: ROLE_LABELS[user.role] }, ...sameClass];
    renderPage(res, 'pages/staff/users/edit', {
      title: '工作人员账号', user, roleLabels: ROLE_LABELS, roles, points: ownPoints, adminClass: isAdminClassRole(user.role),
      managesAccounts: managesAccounts(manager(req)), managesSecondFactors: managesSecondFactors(manager(req)),
      isSelf: user.id === manager(req).staffId, form: data.form ?? '',
      fieldOrder: ['name', 'role', 'pointId', 'password', 'passwordConfirm'],
      values: { name: user.name, role: user.role, pointId: user.point_id ? String(user.point_id) : '' }, ...data,
    }, status);
  }
  router.get('/staff/users/:id', mayManage, (req, res, next) => showUser(req, res, next));

  router.post('/staff/users/:id', mayManage, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null) return next();
    const values = { name: text(req.body, 'name', 60), role: text(req.body, 'role', 20), pointId: text(req.body, 'pointId', 10) };
    const result = await staff.update(manager(req), id, { ...values, pointId: parseId(values.pointId) }, ip(req));
    if (!result.ok) return showUser(req, res, next, { values, errors: result.errors, form: 'details' }, 422);
    flash(req, 'success', '已保存修改');
    res.redirect(303, paths.staffUser(id));
  });

  router.post('/staff/users/:id/password', mayManageAccounts, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null) return next();
    const result = await staff.resetPasswordFor(manager(req), id, secret(req.body, 'password'), secret(req.body, 'passwordConfirm'), ip(req));
    if (!result.ok) return showUser(req, res, next, { errors: result.errors, form: 'password' }, 422);
    flash(req, 'success', `已重置 ${result.value.username} 的密码，该账号的登录状态已全部失效`);
    res.redirect(303, paths.staffUser(id));
  });

  router.post('/staff/users/:id/active', mayManageAccounts, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null) return next();
    const active = text(req.body, 'active', 5);
    if (active !== 'yes' && active !== 'no') return showUser(req, res, next, { errors: { _form: '请选择停用或启用该账号' }, form: 'active' }, 422);
    const result = await staff.setActive(manager(req), id, active === 'yes', ip(req));
    if (!result.ok) return showUser(req, res, next, { errors: result.errors, form: 'active' }, 422);
    flash(req, 'success', active === 'yes' ? `已启用 ${result.value.username}` : `已停用 ${result.value.username}，该账号已不能登录`);
    res.redirect(303, paths.staffUser(id));
  });

  router.post('/staff/users/:id/second-factor', maySecure, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null) return next();
    const result = await staff.resetSecondFactor(manager(req), id, ip(req));
    if (!result.ok) return showUser(req, res, next, { errors: result.errors, form: 'second-factor' }, 422);
    flash(req, 'success', `已重置 ${result.value.username} 的动态口令，该账号的登录状态已全部失效，下次登录时须重新绑定`);
    res.redirect(303, paths.staffUser(id));
  });

  return router;
}
