import { planStateName, plansToShow, SEASON_STEPS } from './help';

const plan = (name: string, start: string, end: string, confirmEnd: string) => ({ name, online_start: start, online_end: end, confirm_start: start, confirm_end: confirmEnd });
const spring = plan('spring', '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', '2026-04-15T00:00:00Z');
const autumn = plan('autumn', '2026-09-01T00:00:00Z', '2026-09-30T00:00:00Z', '2026-10-15T00:00:00Z');

test('a plan is named by where now falls in its windows', () => {
  expect(planStateName(autumn, '2026-08-31T23:59:59Z')).toBe('网报未开始');
  expect(planStateName(autumn, '2026-09-01T00:00:00Z')).toBe('网报进行中');
  expect(planStateName(autumn, '2026-10-01T00:00:00Z')).toBe('网报已结束，现场确认进行中');
  expect(planStateName(autumn, '2026-10-16T00:00:00Z')).toBe('已结束');
});

test('the plans shown are those not over, else the latest one', () => {
  expect(plansToShow([autumn, spring], '2026-02-01T00:00:00Z').map((p) => p.name)).toEqual(['spring', 'autumn']);
  expect(plansToShow([autumn, spring], '2026-04-20T00:00:00Z').map((p) => p.name)).toEqual(['autumn']);
  expect(plansToShow([spring, autumn], '2026-12-01T00:00:00Z').map((p) => p.name)).toEqual(['autumn']);
  expect(plansToShow([], '2026-12-01T00:00:00Z')).toEqual([]);
});

test('the season has the seven steps, 网上报名 naming the wizard’s seven', () => {
  expect(SEASON_STEPS).toHaveLength(7);
  expect(SEASON_STEPS[3].text).toContain('生成报名号之后方为报名成功');
});
