import { Router } from 'express';
import type { Container } from '../../container';
import { renderPage } from '../render';
import { paths } from '../paths';

/** The entrance page (定期注册 and 认定, certificate query, login and registration), 联系方式 and 个人信息处理告知 (no sign-in needed). */
export function publicRouter(c: Container): Router {
  const router = Router();
  router.get(paths.home, (_req, res) => renderPage(res, 'pages/home', { title: '首页' }));
  // Each bureau's contacts and 公告, as its 机构管理员 keeps them; 注意事项 (五) sends teachers here.
  router.get(paths.contacts, async (_req, res) => renderPage(res, 'pages/contacts', { title: '注册机构联系方式', bureaus: await c.services.places.contacts() }));
  // 个人信息处理告知: what is collected and why, on what legal basis, who sees it, how long it is kept (the periods
  // configured for this instance), the applicant's rights and the bureaus' contacts.
  router.get(paths.privacy, async (_req, res) => renderPage(res, 'pages/privacy', {
    title: '个人信息处理告知', bureaus: await c.services.places.contacts(),
    retention: { draftDays: c.config.retentionDraftDays, outboxDays: c.config.retentionOutboxDays, idleMinutes: c.config.sessionIdleMinutes },
  }));
  return router;
}
