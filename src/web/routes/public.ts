import { Router } from 'express';
import type { Container } from '../../container';
import { renderPage } from '../render';
import { paths } from '../paths';

/** The entrance page: 定期注册 and 认定, certificate query, login and registration. */
export function publicRouter(_c: Container): Router {
  const router = Router();
  router.get(paths.home, (_req, res) => renderPage(res, 'pages/home', { title: '首页' }));
  return router;
}
