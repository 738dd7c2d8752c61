import { Router } from 'express';
import type { Container } from '../../container';
import { renderPage } from '../render';
import { paths } from '../paths';

/** The entrance page (定期注册 and 认定, certificate query, login and registration) and 联系方式 (no sign-in needed). */
export function publicRouter(c: Container): Router {
  const router = Router();
  router.get(paths.home, (_req, res) => renderPage(res, 'pages/home', { title: '首页' }));
  // Each bureau's contacts and 公告, as its 机构管理员 keeps them; 注意事项 (五) sends teachers here.
  router.get(paths.contacts, async (_req, res) => renderPage(res, 'pages/contacts', { title: '注册机构联系方式', bureaus: await c.services.places.contacts() }));
  return router;
}
