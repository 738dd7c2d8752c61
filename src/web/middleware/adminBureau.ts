import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { BureauAdminService } from '../../services/bureauAdmin';
import { renderPage } from '../render';
import { requireRole, staffOf } from './roles';

declare module 'express-serve-static-core' {
  interface Request {
    /** The bureau whose 机构信息, 网报计划 and 确认点 this staff user manages (set by `adminBureau`). */
    adminBureauId?: number;
  }
}

/**
 * After `requireRole('bureau_admin', 'system_admin')`: finds the bureau the pages act on (the bureau admin's own; for
 * a system admin the instance's bureau, see `bureauOf`). An account without one gets a page saying so, never a 500.
 */
export function adminBureau(service: BureauAdminService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const bureauId = await service.bureauOf(staffOf(req));
    if (bureauId === null) {
      return renderPage(res, 'pages/errors/error', { title: '未设置注册机构', message: '该账号没有所属的注册机构，或本系统尚未设置注册机构（npm run admin -- init）。' }, 409);
    }
    req.adminBureauId = bureauId;
    next();
  };
}

/** The guard of the 机构管理员's pages (机构信息, 网报计划, 确认点): the roles, then the bureau they act on. */
export function bureauAdminGuard(service: BureauAdminService): RequestHandler[] {
  return [requireRole('bureau_admin', 'system_admin'), adminBureau(service)];
}

/** The bureau `adminBureau` found for this request (only on routes behind `bureauAdminGuard`). */
export const adminBureauId = (req: Request): number => req.adminBureauId as number;
