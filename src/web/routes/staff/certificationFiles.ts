import { Router, Request, Response, NextFunction } from 'express';
import type { Container } from '../../../container';
import type { ApplicationRow } from '../../../repositories/applications';
import { APPLICATION_ROLES } from '../../../domain/principal';
import { parseId } from '../../../domain/validation';
import { requireRole, staffOf } from '../../middleware/roles';
import { sendMaterial } from '../../privateFiles';

/**
 * A 教师资格认定 application's files for staff (seed 002 §3.2.4–3.2.5): the signed 个人承诺书 and the 全程网办 uploads,
 * read-only, only inside the staff user's scope (applications.staff.find: another bureau's or point's number is a 404).
 */
export function staffCertificationFilesRouter(c: Container): Router {
  const router = Router();
  const anyStaff = requireRole(...APPLICATION_ROLES);

  async function inScope(req: Request, res: Response, next: NextFunction) {
    const application = await c.services.applications.staff.find(staffOf(req), String(req.params.no));
    if (!application || application.business !== 'certification') return next('router');
    res.locals.certificationApplication = application;
    next();
  }
  const app = (res: Response) => res.locals.certificationApplication as ApplicationRow;

  // The signature image itself is served by staff/applications.ts (the page shows it beside the photo).
  router.get('/staff/applications/:no/uploads/:id', anyStaff, inScope, async (req, res, next) => {
    const id = parseId(req.params.id);
    const found = id ? await c.services.certifications.uploadFile(app(res), id) : null;
    if (!found) return next();
    sendMaterial(res, found.upload.file_name, found.data);
  });

  return router;
}
