/**
 * Fixed-window counters for the limits kept in the database (rate_limits): pure, so the rules are
 * tested without one. A key counts hits within a window; reaching the limit blocks it for a while.
 */
export interface LimitState { hits: number; window_started_at: string; blocked_until: string | null }
export interface LimitPolicy {
  limit: number;
  windowMs: number;
  /** 0: never blocks, the count is only read (e.g. to ask for more proof). */
  blockMs: number;
}

/** Milliseconds `state` stays blocked after `now`; 0 when free. */
export function blockedMs(state: LimitState | undefined, now: Date): number {
  if (!state?.blocked_until) return 0;
  return Math.max(0, Date.parse(state.blocked_until) - now.getTime());
}

/** Hits in the window still open at `now` (an expired window counts nothing). */
export function hitsInWindow(state: LimitState | undefined, now: Date, windowMs: number): number {
  if (!state || Date.parse(state.window_started_at) + windowMs <= now.getTime()) return 0;
  return state.hits;
}

/** The state after one more hit: a new window once the old one has passed, blocked on reaching the limit. */
export function afterHit(state: LimitState | undefined, now: Date, policy: LimitPolicy): LimitState {
  const open = hitsInWindow(state, now, policy.windowMs) > 0;
  const hits = (open ? (state as LimitState).hits : 0) + 1;
  const windowStart = open ? (state as LimitState).window_started_at : now.toISOString();
  const reached = policy.blockMs > 0 && hits >= policy.limit;
  return {
    hits: reached ? 0 : hits,
    window_started_at: reached ? now.toISOString() : windowStart,
    blocked_until: reached ? new Date(now.getTime() + policy.blockMs).toISOString() : blockedMs(state, now) > 0 ? (state as LimitState).blocked_until : null,
  };
}
