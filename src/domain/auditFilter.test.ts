import { parseAuditQuery, startOfLocalDay } from './auditFilter';
import { M } from '../messages';

const blank = { from: '', to: '', action: '', actorType: '', target: '', page: '' };
const actions = ['staff.login', 'application.submit'];

describe('startOfLocalDay', () => {
  test('Shanghai days start at 16:00 UTC the day before', () => {
    expect(startOfLocalDay('2026-11-23', 'Asia/Shanghai')).toBe('2026-11-22T16:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC')).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('parseAuditQuery', () => {
  test('nothing chosen: every row, page 1', () => {
    expect(parseAuditQuery(blank, actions, 'Asia/Shanghai')).toEqual({ query: { page: 1 }, errors: {} });
  });

  test('a day range covers both days in local time; the rest passes through', () => {
    const { query, errors } = parseAuditQuery({ from: '2026-11-01', to: '2026-11-23', action: 'staff.login', actorType: 'staff', target: '26000001', page: '3' }, actions, 'Asia/Shanghai');
    expect(errors).toEqual({});
    expect(query).toEqual({ from: '2026-10-31T16:00:00.000Z', until: '2026-11-23T16:00:00.000Z', action: 'staff.login', actorType: 'staff', target: '26000001', page: 3 });
  });

  test('bad values are errors by their field', () => {
    const { errors } = parseAuditQuery({ from: '2026-02-30', to: 'x', action: "'; drop table audit_log;--", actorType: 'root', target: 'x'.repeat(101), page: '1e9999' }, actions, 'Asia/Shanghai');
    expect(errors).toEqual({ from: M.audit.badDate, to: M.audit.badDate, action: M.audit.badAction, actorType: M.audit.badActorType, target: M.audit.targetTooLong, page: M.audit.badPage });
    expect(parseAuditQuery({ ...blank, from: '2026-11-23', to: '2026-11-01' }, actions, 'Asia/Shanghai').errors).toEqual({ to: M.audit.dateOrder });
    expect(parseAuditQuery({ ...blank, page: '0' }, actions, 'Asia/Shanghai').errors).toEqual({ page: M.audit.badPage });
  });
});
