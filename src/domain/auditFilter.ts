import { isIsoDate, localDateTime } from './dates';
import type { FieldErrors } from './validation';
import { M } from '../messages';

/** What the audit page's form sends (query string), each already cut to a sane length by the route. */
export interface AuditQueryInput { from: string; to: string; action: string; actorType: string; target: string; page: string }

export interface AuditQuery {
  /** ISO instants: from inclusive, until exclusive (the day after `to`, local time). */
  from?: string;
  until?: string;
  action?: string;
  actorType?: 'applicant' | 'staff' | 'system';
  target?: string;
  page: number;
}

export const AUDIT_ACTOR_TYPES = ['applicant', 'staff', 'system'] as const;
export const AUDIT_PAGE_SIZE = 50;
const TARGET_MAX = 100;

/** The instant a local calendar day starts in a time zone (two passes settle a zone whose offset changes that day). */
export function startOfLocalDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const wanted = Date.UTC(y, m - 1, d);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const [day, time] = localDateTime(new Date(guess), timeZone).split(' ');
    const [ly, lm, ld] = day.split('-').map(Number);
    const [hh, mm] = time.split(':').map(Number);
    guess += wanted - Date.UTC(ly, lm - 1, ld, hh, mm);
  }
  return new Date(guess).toISOString();
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The audit page's filters: dates as local calendar days (both inclusive), an action and an actor type from
 * their lists, a part of the target, a page number. Anything else is an error by its field, never a query.
 */
export function parseAuditQuery(input: AuditQueryInput, actions: readonly string[], timeZone: string): { query: AuditQuery; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const query: AuditQuery = { page: 1 };
  for (const [field, value] of [['from', input.from], ['to', input.to]] as const) {
    if (value && !isIsoDate(value)) errors[field] = M.audit.badDate;
  }
  if (!errors.from && !errors.to && input.from && input.to && input.to < input.from) errors.to = M.audit.dateOrder;
  if (!errors.from && input.from) query.from = startOfLocalDay(input.from, timeZone);
  if (!errors.to && input.to) query.until = startOfLocalDay(nextDay(input.to), timeZone);
  if (input.action) {
    if (actions.includes(input.action)) query.action = input.action;
    else errors.action = M.audit.badAction;
  }
  if (input.actorType) {
    const type = AUDIT_ACTOR_TYPES.find((t) => t === input.actorType);
    if (type) query.actorType = type;
    else errors.actorType = M.audit.badActorType;
  }
  if (input.target) {
    if ([...input.target].length > TARGET_MAX) errors.target = M.audit.targetTooLong;
    else query.target = input.target;
  }
  if (input.page) {
    if (/^[1-9]\d{0,5}$/.test(input.page)) query.page = Number(input.page);
    else errors.page = M.audit.badPage;
  }
  return { query, errors };
}
