import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import { EDITABLE_LISTS, editableList, NAME_MAX, selectEntries } from '../../../domain/codeLists';
import { parseId, text, FieldErrors } from '../../../domain/validation';
import type { CodeEdit } from '../../../services/codeListAdmin';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';

const ROW_ACTIONS = ['rename', 'up', 'down', 'deactivate', 'activate'] as const;

/**
 * 代码维护 (the code lists a county changes) and 毕业学校维护 (rename, merge a teacher-added school), for the
 * bureau admin and the system admin. Code lists belong to the instance, which serves one bureau.
 */
export function staffCodesRouter(c: Container): Router {
  const router = Router();
  const { codeListAdmin, schoolAdmin } = c.services;
  const mayMaintain = requireRole('bureau_admin', 'system_admin');
  const actor = staffOf;
  const ip = (req: Request) => req.ip ?? null;

  router.get(paths.staffCodes, mayMaintain, (_req, res) => {
    renderPage(res, 'pages/staff/codes/index', { title: '代码维护', lists: EDITABLE_LISTS });
  });

  async function showList(req: Request, res: Response, next: NextFunction, data: { values?: Record<string, string>; errors?: FieldErrors } = {}, status = 200) {
    const shown = await codeListAdmin.show(String(req.params.list));
    if (!shown) return next();
    const groups = shown.list.tree ? shown.items.filter((i) => !i.parent_code) : [];
    renderPage(res, 'pages/staff/codes/list', {
      title: `代码维护：${shown.list.label}`, list: shown.list, entries: selectEntries(shown.items), groups, nameMax: NAME_MAX,
      fieldOrder: ['code', 'name', 'parentCode'], values: {}, ...data,
    }, status);
  }
  router.get('/staff/codes/:list', mayMaintain, (req, res, next) => showList(req, res, next));

  /** One POST per list: `action` says what (新增, or a row's 保存名称 / 上移 / 下移 / 停用 / 启用 with its `code`). */
  router.post('/staff/codes/:list', mayMaintain, async (req, res, next) => {
    const list = editableList(String(req.params.list));
    if (!list) return next();
    const action = text(req.body, 'action', 20);
    const code = text(req.body, 'code', 20);
    let edit: CodeEdit;
    const values: Record<string, string> = {};
    if (action === 'add') {
      edit = { action, code, name: text(req.body, 'name', 200), parentCode: text(req.body, 'parentCode', 20) };
      Object.assign(values, { code: edit.code, name: edit.name, parentCode: edit.parentCode });
    } else if ((ROW_ACTIONS as readonly string[]).includes(action) && code) {
      edit = action === 'rename' ? { action, code, name: text(req.body, 'name', 200) } : { action: action as 'up' | 'down' | 'deactivate' | 'activate', code };
      if (edit.action === 'rename') values[`name-${code}`] = edit.name;
    } else {
      return showList(req, res, next, { errors: { _form: '请选择要进行的操作' } }, 422);
    }
    const result = await codeListAdmin.edit(actor(req), list.name, edit, ip(req));
    if (!result.ok) return showList(req, res, next, { values, errors: result.errors }, result.errors._form ? 409 : 422);
    flash(req, 'success', result.value);
    res.redirect(303, paths.staffCodeList(list.name));
  });

  // ---- 毕业学校 ----
  const schoolFilter = (req: Request) => {
    const page = Number(text(req.query, 'page', 6));
    return { q: text(req.query, 'q', 60), userAdded: text(req.query, 'added', 1) === '1', page: Number.isInteger(page) && page > 0 ? page : 1 };
  };
  async function showSchools(req: Request, res: Response, data: { values?: Record<string, string>; errors?: FieldErrors; failedId?: number } = {}, status = 200) {
    const filter = schoolFilter(req);
    const result = await schoolAdmin.page(filter);
    const query = (page: number) => `${paths.staffSchools}?${new URLSearchParams({ q: filter.q, ...(filter.userAdded ? { added: '1' } : {}), page: String(page) })}`;
    renderPage(res, 'pages/staff/schools/index', { title: '毕业学校维护', filter, ...result, query, values: {}, ...data }, status);
  }
  router.get(paths.staffSchools, mayMaintain, (req, res) => showSchools(req, res));

  router.post('/staff/schools/:id/rename', mayMaintain, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null || !(await schoolAdmin.find(id))) return next();
    const name = text(req.body, 'name', 200).trim();
    const result = await schoolAdmin.rename(actor(req), id, name, ip(req));
    if (!result.ok) {
      const errors = result.errors.name ? { [`name-${id}`]: result.errors.name } : result.errors;
      return showSchools(req, res, { values: { [`name-${id}`]: name }, errors }, result.errors._form ? 409 : 422);
    }
    flash(req, 'success', result.value);
    res.redirect(303, `${paths.staffSchools}?${new URLSearchParams({ q: text(req.query, 'q', 60) })}`);
  });

  async function showMerge(req: Request, res: Response, next: NextFunction, data: { values?: Record<string, string>; errors?: FieldErrors } = {}, status = 200) {
    const id = parseId(String(req.params.id));
    const school = id === null ? undefined : await schoolAdmin.find(id);
    if (!school) return next();
    const q = text(req.query, 'q', 60) || text(req.body, 'q', 60);
    const candidates = q ? (await schoolAdmin.search(q)).filter((s) => s.id !== school.id) : [];
    renderPage(res, 'pages/staff/schools/merge', { title: '合并毕业学校', school, q, candidates, fieldOrder: ['targetId'], values: {}, ...data }, status);
  }
  router.get('/staff/schools/:id/merge', mayMaintain, (req, res, next) => showMerge(req, res, next));
  router.post('/staff/schools/:id/merge', mayMaintain, async (req, res, next) => {
    const id = parseId(String(req.params.id));
    if (id === null || !(await schoolAdmin.find(id))) return next();
    const targetText = text(req.body, 'targetId', 12);
    const result = await schoolAdmin.merge(actor(req), id, targetText ? parseId(targetText) : null, ip(req));
    if (!result.ok) return showMerge(req, res, next, { values: { targetId: targetText }, errors: result.errors }, result.errors._form ? 409 : 422);
    flash(req, 'success', result.value);
    res.redirect(303, paths.staffSchools);
  });

  return router;
}
