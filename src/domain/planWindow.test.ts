import { applicationNumber, currentPlan, insideOnlineWindow, windowProblem, WINDOW_MESSAGES } from './planWindow';

const plan = (start: string, end: string) => ({ online_start: start, online_end: end, confirm_start: start, confirm_end: end });

describe('plan windows', () => {
  const p = plan('2026-10-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');
  test('edges are inside', () => {
    expect(insideOnlineWindow(p, '2026-10-01T00:00:00.000Z')).toBe(true);
    expect(insideOnlineWindow(p, '2026-12-01T00:00:00.000Z')).toBe(true);
    expect(insideOnlineWindow(p, '2026-09-30T23:59:59.000Z')).toBe(false);
    expect(insideOnlineWindow(p, '2026-12-01T00:00:01.000Z')).toBe(false);
  });
  test('the three messages, in the national order', () => {
    expect(windowProblem(null, 3, '2026-11-01T00:00:00.000Z')).toBe(WINDOW_MESSAGES.noPlan);
    expect(windowProblem(p, 3, '2027-01-01T00:00:00.000Z')).toBe(WINDOW_MESSAGES.outside);
    expect(windowProblem(p, 0, '2026-11-01T00:00:00.000Z')).toBe(WINDOW_MESSAGES.noPoints);
    expect(windowProblem(p, 2, '2026-11-01T00:00:00.000Z')).toBeNull();
  });
  test('currentPlan: open first, else the next, else the latest', () => {
    const old = plan('2025-10-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z');
    const next = plan('2027-10-01T00:00:00.000Z', '2027-12-01T00:00:00.000Z');
    expect(currentPlan([old, p, next], '2026-11-01T00:00:00.000Z')).toBe(p);
    expect(currentPlan([old, next], '2026-11-01T00:00:00.000Z')).toBe(next);
    expect(currentPlan([old], '2026-11-01T00:00:00.000Z')).toBe(old);
    expect(currentPlan([], '2026-11-01T00:00:00.000Z')).toBeNull();
  });
  test('报名号: 8 digits, year first', () => {
    expect(applicationNumber(2026, 1)).toBe('26000001');
    expect(applicationNumber(2030, 999999)).toBe('30999999');
    expect(() => applicationNumber(2026, 0)).toThrow();
    expect(() => applicationNumber(2026, 1_000_000)).toThrow();
  });
});
