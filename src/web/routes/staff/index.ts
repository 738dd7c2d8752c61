import { Router } from 'express';
import type { Container } from '../../../container';
import { staffSessionRouter } from './session';
import { staffApplicationsRouter } from './applications';
import { staffCounterRouter } from './counter';
import { staffQueuesRouter } from './queues';
import { staffReviewRouter } from './review';
import { staffPrintRouter } from './print';
import { staffReportsRouter } from './reports';

/** Every staff page, under /staff (its own session cookie). Each area's router checks its roles. */
export function staffRouter(c: Container): Router {
  const router = Router();
  router.use(staffSessionRouter(c));
  router.use(staffApplicationsRouter(c));
  router.use(staffCounterRouter(c));
  router.use(staffQueuesRouter(c));
  router.use(staffReviewRouter(c));
  router.use(staffPrintRouter(c));
  router.use(staffReportsRouter(c));
  return router;
}
