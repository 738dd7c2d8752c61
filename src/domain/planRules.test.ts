import { checkPlan, dayEnd, dayStart, planForm, PlanContext, PlanForm } from './planRules';
import { changes } from './changes';
import { coversStage, currentPlanFor, windowProblem, WINDOW_MESSAGES } from './planWindow';

const TZ = 'Asia/Shanghai';
const stageNames = new Map([['1', '幼儿园'], ['2', '小学'], ['3', '初级中学'], ['4', '高级中学'], ['5', '中等职业学校']]);
const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({ timeZone: TZ, nowIso: '2026-08-01T00:00:00.000Z', stageNames, others: [], ...over });
const form = (over: Partial<PlanForm> = {}): PlanForm => ({
  business: 'registration', title: '2026年下半年', stages: ['2', '3'], onlineStart: '2026-09-01', onlineEnd: '2026-09-30', confirmStart: '2026-09-05', confirmEnd: '2026-10-15', ...over,
});
const errorsOf = (f: PlanForm, c = ctx()) => { const r = checkPlan(f, c); return r.ok ? {} : r.errors; };

describe('网报计划 rules', () => {
  test('a good plan: whole local days, 学段 in code-list order', () => {
    const r = checkPlan(form({ stages: ['3', '2'] }), ctx());
    expect(r).toEqual({ ok: true, value: {
      business: 'registration', title: '2026年下半年', stages: '2,3',
      online_start: '2026-08-31T16:00:00.000Z', online_end: '2026-09-30T15:59:00.000Z',
      confirm_start: '2026-09-04T16:00:00.000Z', confirm_end: '2026-10-15T15:59:00.000Z',
    } });
    expect(dayStart('2026-09-01', TZ)).toBe('2026-08-31T16:00:00.000Z');
    expect(dayEnd('2026-09-30', TZ)).toBe('2026-09-30T15:59:00.000Z');
    if (r.ok) expect(planForm(r.value, TZ)).toEqual(form());
  });

  test('required fields, unknown 学段 and bad dates each have their message', () => {
    expect(errorsOf({ business: '', title: '', stages: [], onlineStart: '', onlineEnd: '2026-02-30', confirmStart: '2026/09/01', confirmEnd: 'x' })).toEqual({
      business: '请选择业务类型', title: '请填写计划名称', stages: '请至少选择一个学段', onlineStart: '请填写网报开始日期',
      onlineEnd: '网报结束日期格式应为“年-月-日”，如 2026-09-01', confirmStart: '确认开始日期格式应为“年-月-日”，如 2026-09-01',
      confirmEnd: '确认结束日期格式应为“年-月-日”，如 2026-09-01',
    });
    expect(errorsOf(form({ stages: ['9'] }))).toEqual({ stages: '请从列表中选择学段' });
    expect(errorsOf(form({ title: '长'.repeat(101) })).title).toMatch(/不能超过100个字/);
  });

  test('inverted windows and confirmation outside the online window are refused', () => {
    expect(errorsOf(form({ onlineEnd: '2026-08-31' })).onlineEnd).toBe('网报结束日期不能早于网报开始日期');
    expect(errorsOf(form({ confirmStart: '2026-10-20' })).confirmEnd).toBe('确认结束日期不能早于确认开始日期');
    expect(errorsOf(form({ confirmStart: '2026-08-20' })).confirmStart).toBe('确认开始日期不能早于网报开始日期');
    expect(errorsOf(form({ confirmEnd: '2026-09-20' })).confirmEnd).toMatch(/^确认结束日期不能早于网报结束日期/);
    // One-day windows are fine; confirmation may start the day the online window opens and end the day it closes.
    expect(errorsOf(form({ onlineEnd: '2026-09-01', confirmStart: '2026-09-01', confirmEnd: '2026-09-01' }))).toEqual({});
  });

  test('overlapping online windows of the bureau are refused only when a 学段 is shared', () => {
    const other = { ...checkPlanValue(form({ onlineStart: '2026-09-20', onlineEnd: '2026-10-10', confirmStart: '2026-09-20', confirmEnd: '2026-10-20' })), id: 7, title: '上半年', stages: '3,4' };
    expect(errorsOf(form(), ctx({ others: [other] })).onlineStart).toBe('网报时间与网报计划“上半年”（2026-09-20 至 2026-10-10）重叠，两者都包括学段：初级中学。同一学段的网报时间不能重叠');
    expect(errorsOf(form({ stages: ['1', '2'] }), ctx({ others: [other] }))).toEqual({});
    expect(errorsOf(form({ onlineStart: '2026-10-11', onlineEnd: '2026-10-31', confirmStart: '2026-10-11', confirmEnd: '2026-11-05' }), ctx({ others: [other] }))).toEqual({});
    // The last day of one and the first of the other are the same day: that is an overlap.
    expect(errorsOf(form({ onlineStart: '2026-10-10', onlineEnd: '2026-10-31', confirmStart: '2026-10-10', confirmEnd: '2026-11-05' }), ctx({ others: [other] })).onlineStart).toMatch(/重叠/);
  });

  test('plans of different businesses may overlap; of the same business they may not', () => {
    const other = { ...checkPlanValue(form()), id: 9, title: '2026年认定', stages: '2,3' };
    expect(errorsOf(form(), ctx({ others: [{ ...other, business: 'certification' }] }))).toEqual({});
    expect(errorsOf(form(), ctx({ others: [{ ...other, business: 'registration' }] })).onlineStart).toMatch(/重叠/);
  });

  test('a plan with applications keeps their 学段, its start and its past ends', () => {
    const before = checkPlanValue(form());
    const current = { plan: before, usage: { count: 3, stages: ['3'], firstSubmittedAt: '2026-09-02T03:00:00.000Z' } };
    const during = ctx({ nowIso: '2026-09-10T00:00:00.000Z', current });
    expect(errorsOf(form({ stages: ['2'] }), during).stages).toBe('已有报名信息使用学段：初级中学，不能取消');
    expect(errorsOf(form({ stages: ['3', '4'] }), during)).toEqual({});
    expect(errorsOf(form({ onlineStart: '2026-09-03', confirmStart: '2026-09-05' }), during).onlineStart).toBe('已有报名信息（最早提交于 2026-09-02），网报开始日期不能晚于该日');
    expect(errorsOf(form({ onlineStart: '2026-08-25' }), during)).toEqual({});
    expect(errorsOf(form({ onlineEnd: '2026-10-10', confirmEnd: '2026-10-31' }), during)).toEqual({});
    expect(errorsOf(form({ onlineEnd: '2026-09-15' }), during)).toEqual({});
    expect(errorsOf(form({ onlineEnd: '2026-09-09' }), during).onlineEnd).toBe('已有报名信息，网报结束日期只能延后，或提前到今天（2026-09-10）及以后');
    const after = ctx({ nowIso: '2026-10-20T00:00:00.000Z', current });
    expect(errorsOf(form({ confirmEnd: '2026-10-14' }), after).confirmEnd).toMatch(/^已有报名信息，确认结束日期只能延后/);
    // The business is fixed once applications exist; without them it may change.
    const registration = { ...current, business: 'registration' };
    expect(errorsOf(form({ business: 'certification' }), ctx({ nowIso: '2026-09-10T00:00:00.000Z', current: registration })).business).toBe('已有报名信息，业务类型不能改为教师资格认定');
    expect(errorsOf(form({ business: 'certification' }), ctx({ nowIso: '2026-09-10T00:00:00.000Z', current: { ...registration, usage: { count: 0, stages: [], firstSubmittedAt: null } } }))).toEqual({});
    // Without applications everything may change.
    expect(errorsOf(form({ stages: ['2'], onlineEnd: '2026-09-09', confirmEnd: '2026-09-20' }), ctx({ nowIso: '2026-09-10T00:00:00.000Z', current: { ...current, usage: { count: 0, stages: [], firstSubmittedAt: null } } }))).toEqual({});
  });
});

describe('the 学段 a plan covers', () => {
  const plan = (stages: string, start: string, end: string) => ({ stages, online_start: start, online_end: end, confirm_start: start, confirm_end: end });
  const kids = plan('1', '2026-09-01T00:00:00.000Z', '2026-09-30T00:00:00.000Z');
  const schools = plan('2,3', '2026-09-10T00:00:00.000Z', '2026-10-30T00:00:00.000Z');
  test('a plan naming no 学段 takes every one', () => {
    expect(coversStage(plan('', '', ''), '4')).toBe(true);
    expect(coversStage(schools, '3')).toBe(true);
    expect(coversStage(schools, '1')).toBe(false);
  });
  test('the current plan is chosen among those covering the 学段; none gives its own message', () => {
    const now = '2026-09-15T00:00:00.000Z';
    expect(currentPlanFor([kids, schools], '2', now)).toBe(schools);
    expect(currentPlanFor([kids, schools], '1', now)).toBe(kids);
    expect(currentPlanFor([kids, schools], '', now)).toBe(kids);
    expect(currentPlanFor([kids, schools], '5', now)).toBeNull();
    expect(windowProblem(null, 3, now, 2)).toBe(WINDOW_MESSAGES.stageNotCovered);
    expect(windowProblem(null, 3, now, 0)).toBe(WINDOW_MESSAGES.noPlan);
  });
});

test('changes: only changed fields, as [before, after]', () => {
  expect(changes({ a: 'x', b: null, c: true }, { a: 'x', b: 'y', c: false })).toEqual({ b: ['', 'y'], c: ['true', 'false'] });
  expect(changes(null, { a: 'x', b: null })).toEqual({ a: ['', 'x'] });
});

function checkPlanValue(f: PlanForm) {
  const r = checkPlan(f, ctx());
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}
