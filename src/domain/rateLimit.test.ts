import { afterHit, blockedMs, hitsInWindow, LimitState } from './rateLimit';

const policy = { limit: 3, windowMs: 60_000, blockMs: 120_000 };
const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 2, 0, s));

describe('rate limit counters', () => {
  test('hits count within the window and the limit blocks for blockMs', () => {
    let state: LimitState | undefined;
    state = afterHit(state, at(0), policy);
    state = afterHit(state, at(10), policy);
    expect(hitsInWindow(state, at(20), policy.windowMs)).toBe(2);
    expect(blockedMs(state, at(20))).toBe(0);
    state = afterHit(state, at(20), policy);
    expect(blockedMs(state, at(20))).toBe(120_000);
    expect(blockedMs(state, at(139))).toBe(1000);
    expect(blockedMs(state, at(140))).toBe(0);
  });

  test('an expired window starts again from one', () => {
    const first = afterHit(afterHit(undefined, at(0), policy), at(1), policy);
    const later = afterHit(first, at(61), policy);
    expect(later).toEqual({ hits: 1, window_started_at: at(61).toISOString(), blocked_until: null });
  });

  test('blockMs 0 only counts', () => {
    let state: LimitState | undefined;
    for (let i = 0; i < 5; i++) state = afterHit(state, at(i), { ...policy, blockMs: 0 });
    expect(hitsInWindow(state, at(5), policy.windowMs)).toBe(5);
    expect(blockedMs(state, at(5))).toBe(0);
    expect(hitsInWindow(state, at(61), policy.windowMs)).toBe(0);
  });
});
