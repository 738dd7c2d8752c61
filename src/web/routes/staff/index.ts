import { Router } from 'express';
import type { Container } from '../../../container';
import { staffSessionRouter } from './session';
import { staffApplicationsRouter } from './applications';
import { staffReviewRouter } from './review';

/** Every staff page, under /staff (its own session cookie). Each area's router checks its roles. */
export function staffRouter(c: Container): Router {
  const router = Router();
  router.use(staffSessionRouter(c));
  router.use(staffApplicationsRouter(c));
  router.use(staffReviewRouter(c));
  return router;
}
