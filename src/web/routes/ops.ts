import { Router } from 'express';
import type { Container } from '../../container';
import { paths } from '../paths';
import { renderFragment } from '../render';

/** Health probe and captcha images: answered before any session is loaded. */
export function opsRouter(c: Container): Router {
  const router = Router();
  router.get(paths.healthz, async (_req, res) => {
    const up = await c.services.health.databaseReachable();
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'database unreachable' });
  });
  // Browsers ask for it on every first visit; no icon yet, and a 404 would fill the logs.
  router.get('/favicon.ico', (_req, res) => res.status(204).set('Cache-Control', 'public, max-age=86400').end());
  router.get('/captcha/:id.png', async (req, res) => {
    const png = await c.services.captcha.image(req.params.id);
    if (!png) return res.status(404).end();
    res.set('Cache-Control', 'no-store').type('png').send(png);
  });
  // htmx: 看不清，换一张 swaps only the captcha block.
  router.get(paths.captchaFragment, async (_req, res) => {
    renderFragment(res, 'partials/captcha', { captchaId: await c.services.captcha.create(), errors: {} });
  });
  return router;
}
