import type { RequestHandler } from 'express';
import { BUSINESS_LABELS, type Business } from '../domain/business';
import { paths } from './paths';

/**
 * Which business a page belongs to, by its path (issue 14): 认定's wizard, 查询认定报名信息 and the personal centre's
 * 认定 modules; 定期注册's wizard, 查询报名信息, 须知, 网报时间查询 and 定期注册信息. Everything else (home, 业务平台, the
 * shared personal centre, help, staff) is the site's and says neither.
 */
const PREFIXES: Record<Business, readonly string[]> = {
  certification: [paths.certify, paths.certifications, paths.meExams, paths.mePutonghua, paths.meEducation, paths.meDegrees, paths.meOthers],
  registration: [paths.apply, paths.applications, paths.platformNotice, paths.platformWindow, paths.meRegistrations],
};

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function pageBusinessOf(path: string): Business | null {
  for (const business of ['certification', 'registration'] as const) {
    if (PREFIXES[business].some((prefix) => under(path, prefix))) return business;
  }
  return null;
}

export interface PageFrame {
  /** The business beside 业务平台 in the applicant's header (000 §3.1 shows 定期注册 there; 认定's pages say 认定). */
  businessName: string;
  /** What follows the page's own title in <title>: the business (when the page has one), then the site's name. */
  titleSuffix: string;
}

/**
 * The one rule for the names around a page: `SITE_NAME` is the whole site's neutral name (brand, greeting, footer,
 * agreements); a business's page adds that business to its <title> and names it in the header.
 */
export function pageFrameOf(business: Business | null, siteName: string): PageFrame {
  return {
    businessName: BUSINESS_LABELS[business ?? 'registration'],
    titleSuffix: business ? `${BUSINESS_LABELS[business]} - ${siteName}` : siteName,
  };
}

/** Sets the frame's locals for every page the layout renders (`views/layouts/base.ejs`). */
export function pageFrame(siteName: string): RequestHandler {
  const frames = new Map<Business | null, PageFrame>([null, 'registration', 'certification'].map((b) => [b as Business | null, pageFrameOf(b as Business | null, siteName)]));
  return (req, res, next) => {
    Object.assign(res.locals, frames.get(pageBusinessOf(req.path)));
    next();
  };
}
