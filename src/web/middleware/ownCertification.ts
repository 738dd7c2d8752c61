import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { AccountRow } from '../../repositories/accounts';
import type { ApplicationRow } from '../../repositories/applications';
import type { CertificationApplicationsService } from '../../services/certificationApplications';

declare module 'express-serve-static-core' {
  interface Request {
    certification?: ApplicationRow;
  }
}

/**
 * The signed-in applicant's own 认定 application named by :no, as req.certification (查询认定报名信息 and 修改 alike).
 * Another account's number, a 定期注册 one or one that does not exist all fall through to the same 404.
 */
export function ownCertification(certifications: Pick<CertificationApplicationsService, 'findOwn'>): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const application = await certifications.findOwn((req.account as AccountRow).id, String(req.params.no));
    if (!application) return next('router');
    req.certification = application;
    next();
  };
}

export const certificationOf = (req: Request): ApplicationRow => req.certification as ApplicationRow;
