import type { Request, Response } from 'express';
import { rateLimit, Store } from 'express-rate-limit';
import type { RateLimits } from '../../services/rateLimits';

const WINDOW_MS = 15 * 60 * 1000;

/**
 * express-rate-limit's counts kept in the database (rate_limits) instead of each process's memory: behind a
 * load balancer, N instances with memory counts would allow N × LOGIN_IP_LIMIT attempts per IP; with this,
 * every instance counts the same attempts. One upsert per login POST.
 */
function databaseStore(limits: RateLimits, prefix: string): Store {
  let windowMs = WINDOW_MS;
  return {
    prefix,
    localKeys: false,
    init(options) { windowMs = options.windowMs; },
    async increment(key) {
      const { hits, resetAt } = await limits.count(prefix + key, windowMs);
      return { totalHits: hits, resetTime: resetAt };
    },
    decrement: (key) => limits.uncount(prefix + key),
    resetKey: (key) => limits.clear(prefix + key),
  };
}

/**
 * The per-IP limit of a login form (LOGIN_IP_LIMIT per 15 minutes), shared by every instance. `name` keeps the
 * applicant's and the staff entrance's counts apart, as they were; `refuse` answers the 429 page.
 */
export function loginIpLimiter(limits: RateLimits, name: string, limit: number, refuse: (req: Request, res: Response) => unknown) {
  return rateLimit({
    windowMs: WINDOW_MS, limit, standardHeaders: 'draft-7', legacyHeaders: false,
    store: databaseStore(limits, `login-ip:${name}:`),
    handler: (req, res) => { void refuse(req, res); },
  });
}
