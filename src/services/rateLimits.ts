import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { SecurityRepo } from '../repositories/security';
import { afterHit, blockedMs, hitsInWindow, LimitPolicy } from '../domain/rateLimit';

/**
 * Limits kept in the database, so every instance sees the same counts. Read-then-write: two
 * instances failing at the same instant may count one hit instead of two, which a limit can afford.
 */
export function createRateLimits(security: SecurityRepo, clock: Clock) {
  const minutes = (ms: number) => Math.ceil(ms / 60_000);
  return {
    /** Minutes `key` stays blocked; 0 when free. */
    async blockedMinutes(key: string): Promise<number> {
      return minutes(blockedMs(await security.limits.find(key), clock.now()));
    },
    async hits(key: string, windowMs: number): Promise<number> {
      return hitsInWindow(await security.limits.find(key), clock.now(), windowMs);
    },
    /** Counts one hit; answers the minutes the key is now blocked (0 when not). */
    async hit(key: string, policy: LimitPolicy): Promise<number> {
      const now = clock.now();
      const next = afterHit(await security.limits.find(key), now, policy);
      await security.limits.save({ key, ...next });
      // Opportunistic cleanup keeps the table small without a scheduler (no window is longer than a day).
      if (crypto.randomInt(100) === 0) await security.limits.purgeStale(new Date(now.getTime() - 24 * 3600_000).toISOString(), now.toISOString());
      return minutes(blockedMs(next, now));
    },
    /**
     * Counts one request of `key` in a fixed window shared by every instance (the per-IP login limit): the hits
     * so far in this window, this one included, and when the window ends.
     */
    async count(key: string, windowMs: number): Promise<{ hits: number; resetAt: Date }> {
      const now = clock.now();
      const row = await security.limits.countHit(key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString());
      return { hits: row.hits, resetAt: new Date(Date.parse(row.window_started_at) + windowMs) };
    },
    async uncount(key: string): Promise<void> {
      await security.limits.uncount(key);
    },
    async clear(key: string): Promise<void> {
      await security.limits.clear(key);
    },
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
