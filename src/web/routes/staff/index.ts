import { Router } from 'express';
import type { Container } from '../../../container';
import { isStaffPath } from '../../middleware/staff';
import { staffSessionRouter } from './session';
import { staffApplicationsRouter } from './applications';
import { staffCertificationFilesRouter } from './certificationFiles';
import { staffCounterRouter } from './counter';
import { staffQueuesRouter } from './queues';
import { staffReviewRouter } from './review';
import { staffPrintRouter } from './print';
import { staffUsersRouter } from './users';
import { staffSettingsRouter } from './settings';
import { staffBureauRouter } from './bureau';
import { staffPlansRouter } from './plans';
import { staffPointsRouter } from './points';
import { staffCodesRouter } from './codes';
import { staffImportsRouter } from './imports';
import { staffReportsRouter } from './reports';

/** Every staff page, under /staff (its own session cookie). Each area's router checks its roles. */
export function staffRouter(c: Container): Router {
  const router = Router();
  // Mounted before the applicant routers (app.ts): any other path leaves this router without trying its routes.
  router.use((req, _res, next) => next(isStaffPath(req.path) ? undefined : 'router'));
  router.use(staffSessionRouter(c));
  router.use(staffApplicationsRouter(c));
  router.use(staffCertificationFilesRouter(c)); // a 认定 application's signed promise and 全程网办 uploads
  router.use(staffCounterRouter(c));
  router.use(staffQueuesRouter(c));
  router.use(staffReviewRouter(c));
  router.use(staffPrintRouter(c));
  router.use(staffUsersRouter(c));
  router.use(staffSettingsRouter(c));
  router.use(staffBureauRouter(c));
  router.use(staffPlansRouter(c));
  router.use(staffPointsRouter(c));
  router.use(staffCodesRouter(c));
  router.use(staffImportsRouter(c));
  router.use(staffReportsRouter(c));
  return router;
}
