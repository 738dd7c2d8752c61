/**
 * 确认点 as a 机构管理员 sets it: name, the businesses it serves (定期注册 and/or 教师资格认定), 确认范围, address, phone, its own confirmation window and whether it is
 * offered (an inactive point keeps its applications and staff but is no longer offered in step 2). Pure.
 *
 * The point's own window is optional (empty: the plan's confirmation window applies, as `confirmationDetails`
 * reads it). When set, both days are given, it runs forward, and it lies inside the confirmation window of the
 * bureau's current plan, if there is one: a point narrows the bureau's dates for its own teachers, it never opens
 * the counter when the bureau's confirmation is closed.
 */
import { isIsoDate, localDate } from './dates';
import { dayEnd, dayStart, PlanTimes } from './planRules';
import { hasErrors, text, texts, FieldErrors } from './validation';
import { BUSINESSES, businessesOf, isBusiness, storedBusinesses } from './business';

export const POINT_FIELDS = ['name', 'businesses', 'scope', 'address', 'phone', 'confirmStart', 'confirmEnd', 'active'] as const;
type PointTextField = Exclude<(typeof POINT_FIELDS)[number], 'businesses'>;
/** The form as typed; `businesses` are the ticked 服务业务 (定期注册, 教师资格认定). */
export type PointForm = Record<PointTextField, string> & { businesses: string[] };
export interface PointValues { name: string; businesses: string; scope: string | null; address: string | null; phone: string | null; confirm_start: string | null; confirm_end: string | null; active: boolean }

export function readPointForm(body: unknown): PointForm {
  return {
    name: text(body, 'name', 100), businesses: [...new Set(texts(body, 'businesses').map((b) => b.trim().slice(0, 20)))].slice(0, BUSINESSES.length + 1), scope: text(body, 'scope', 1000).replace(/\r\n?/g, '\n'), address: text(body, 'address', 200),
    phone: text(body, 'phone', 60), confirmStart: text(body, 'confirmStart', 10), confirmEnd: text(body, 'confirmEnd', 10), active: text(body, 'active', 1),
  };
}

export function pointForm(row: PointValues, timeZone: string): PointForm {
  const day = (iso: string | null) => (iso ? localDate(new Date(iso), timeZone) : '');
  return {
    name: row.name, businesses: businessesOf(row.businesses), scope: row.scope ?? '', address: row.address ?? '', phone: row.phone ?? '',
    confirmStart: day(row.confirm_start), confirmEnd: day(row.confirm_end), active: row.active ? '1' : '0',
  };
}

export interface PointContext {
  timeZone: string;
  /** Names of the bureau's other points (a name is unique in a bureau: teachers choose by it). */
  otherNames: string[];
  /** The bureau's current plan, whose confirmation window a point's own window must lie in. */
  plan: (Pick<PlanTimes, 'confirm_start' | 'confirm_end'> & { title: string }) | null;
}

export function checkPoint(form: PointForm, ctx: PointContext): { ok: true; value: PointValues } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const limits: [PointTextField, string, number][] = [['name', '确认点名称', 100], ['scope', '确认范围', 1000], ['address', '地址', 200], ['phone', '联系电话', 60]];
  for (const [field, label, max] of limits) if ([...form[field]].length > max) errors[field] = `${label}不能超过${max}个字`;
  if (!form.name) errors.name = '请填写确认点名称';
  else if (!errors.name && ctx.otherNames.includes(form.name)) errors.name = '本机构已有同名的确认点';
  if (!form.businesses.length) errors.businesses = '请至少选择一项服务业务';
  else if (!form.businesses.every(isBusiness)) errors.businesses = '请从列表中选择服务业务';
  if (form.active !== '1' && form.active !== '0') errors.active = '请选择是否启用';
  const dates = { confirmStart: '确认开始日期', confirmEnd: '确认结束日期' } as const;
  for (const [field, label] of Object.entries(dates) as [keyof typeof dates, string][]) {
    if (form[field] && !isIsoDate(form[field])) errors[field] = `${label}格式应为“年-月-日”，如 2026-09-01`;
  }
  if (!errors.confirmStart && !errors.confirmEnd) {
    if (form.confirmStart && !form.confirmEnd) errors.confirmEnd = '请同时填写确认结束日期（或两项都不填，使用网报计划的确认时间）';
    else if (!form.confirmStart && form.confirmEnd) errors.confirmStart = '请同时填写确认开始日期（或两项都不填，使用网报计划的确认时间）';
    else if (form.confirmEnd < form.confirmStart) errors.confirmEnd = '确认结束日期不能早于确认开始日期';
  }
  const start = form.confirmStart && !errors.confirmStart ? dayStart(form.confirmStart, ctx.timeZone) : null;
  const end = form.confirmEnd && !errors.confirmEnd ? dayEnd(form.confirmEnd, ctx.timeZone) : null;
  if (start && end && ctx.plan && !errors.confirmEnd && (start < ctx.plan.confirm_start || end > ctx.plan.confirm_end)) {
    const day = (iso: string) => localDate(new Date(iso), ctx.timeZone);
    errors.confirmStart = `确认点的确认时间须在网报计划“${ctx.plan.title}”的确认时间（${day(ctx.plan.confirm_start)} 至 ${day(ctx.plan.confirm_end)}）之内`;
  }
  if (hasErrors(errors)) return { ok: false, errors };
  const or = (v: string) => (v ? v : null);
  return {
    ok: true,
    value: { name: form.name, businesses: storedBusinesses(form.businesses), scope: or(form.scope), address: or(form.address), phone: or(form.phone), confirm_start: start, confirm_end: end, active: form.active === '1' },
  };
}
