import { Router } from 'express';
import type { Container } from '../../container';
import { paths } from '../paths';
import { renderPage } from '../render';

/** Development tools, never mounted in production: the outbox of SMS and e-mail "sent". */
export function devRouter(c: Container): Router {
  const router = Router();
  router.get(paths.devOutbox, async (_req, res) => {
    renderPage(res, 'pages/dev/outbox', { title: '开发用发件箱', messages: await c.repos.outbox.latest(50) });
  });
  return router;
}
