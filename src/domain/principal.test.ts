import { ROLE_LABELS, STAFF_ROLES, isRole, isStaffRole, roleOf, scopeAllows, scopeOf, type Principal, type Scope } from './principal';

const staff = (role: (typeof STAFF_ROLES)[number], bureauId: number | null, pointId: number | null): Principal => ({ kind: 'staff', staffId: 9, role, bureauId, pointId });

describe('scopeOf', () => {
  test.each<[string, Principal, Scope]>([
    ['an applicant sees nothing by scope (their own applications go by account)', { kind: 'applicant', accountId: 1 }, { kind: 'none' }],
    ['a system admin sees all', staff('system_admin', null, null), { kind: 'all' }],
    ['a system admin with a bureau still sees all', staff('system_admin', 3, null), { kind: 'all' }],
    ['a bureau admin sees their bureau', staff('bureau_admin', 3, null), { kind: 'bureau', bureauId: 3 }],
    ['a reviewer sees their bureau, not only a point', staff('reviewer', 3, 7), { kind: 'bureau', bureauId: 3 }],
    ['an operator sees their point', staff('operator', 3, 7), { kind: 'point', bureauId: 3, pointId: 7 }],
    ['a reviewer without a bureau sees nothing', staff('reviewer', null, null), { kind: 'none' }],
    ['a bureau admin without a bureau sees nothing', staff('bureau_admin', null, 7), { kind: 'none' }],
    ['an operator without a point sees nothing', staff('operator', 3, null), { kind: 'none' }],
    ['an operator without a bureau sees nothing', staff('operator', null, 7), { kind: 'none' }],
    ['an audit admin sees no application', staff('audit_admin', null, null), { kind: 'none' }],
    ['a security admin sees no application', staff('security_admin', 3, null), { kind: 'none' }],
  ])('%s', (_what, principal, scope) => {
    expect(scopeOf(principal)).toEqual(scope);
  });
});

describe('scopeAllows', () => {
  const row = { bureau_id: 3, point_id: 7 };
  test.each<[Scope, { bureau_id: number | null; point_id: number | null }, boolean]>([
    [{ kind: 'all' }, row, true],
    [{ kind: 'bureau', bureauId: 3 }, row, true],
    [{ kind: 'bureau', bureauId: 4 }, row, false],
    [{ kind: 'point', bureauId: 3, pointId: 7 }, row, true],
    [{ kind: 'point', bureauId: 3, pointId: 8 }, row, false],
    [{ kind: 'point', bureauId: 4, pointId: 7 }, row, false],
    [{ kind: 'point', bureauId: 3, pointId: 7 }, { bureau_id: 3, point_id: null }, false],
    [{ kind: 'none' }, row, false],
  ])('%j allows %j: %s', (scope, target, allowed) => {
    expect(scopeAllows(scope, target)).toBe(allowed);
  });
});

describe('roles', () => {
  test('roleOf, the role guards and every role has a Chinese label', () => {
    expect(roleOf({ kind: 'applicant', accountId: 1 })).toBe('applicant');
    expect(roleOf(staff('reviewer', 3, null))).toBe('reviewer');
    for (const role of STAFF_ROLES) {
      expect(isStaffRole(role)).toBe(true);
      expect(ROLE_LABELS[role]).toMatch(/^[\u4e00-\u9fa5]+$/);
    }
    expect(isStaffRole('applicant')).toBe(false);
    expect(isRole('applicant')).toBe(true);
    for (const bad of ['admin', 'toString', '', null, 3]) {
      expect(isStaffRole(bad)).toBe(false);
      expect(isRole(bad)).toBe(false);
    }
  });
});
