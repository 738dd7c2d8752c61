import type { RequestHandler } from 'express';
import type { IpAllowList } from '../../domain/ipAllowList';
import { M } from '../../messages';
import { renderPage } from '../render';
import { isStaffPath } from './staff';

/**
 * STAFF_IP_ALLOWLIST: a staff page (the login included) from an address outside the list gets a Chinese 403 page,
 * before any body, session or login is touched. The address is `req.ip`, so TRUST_PROXY decides whose
 * X-Forwarded-For counts: behind a listed proxy the client's, otherwise the connection's.
 */
export function staffIpAllowList(list: IpAllowList | null): RequestHandler {
  return (req, res, next) => {
    if (!list || !isStaffPath(req.path)) return next();
    const ip = req.ip ?? '';
    if (list.allows(ip)) return next();
    renderPage(res, 'pages/errors/error', { title: '不允许访问', message: M.staff.ipRefused(ip || '未知') }, 403);
  };
}
