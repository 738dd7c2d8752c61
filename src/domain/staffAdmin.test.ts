import { assignableRoles, lastAdminProblem, STAFF_ADMIN_MESSAGES, userAdminScope } from './staffAdmin';
import type { StaffPrincipal } from './principal';

const p = (role: StaffPrincipal['role'], bureauId: number | null = 1): StaffPrincipal => ({ kind: 'staff', staffId: 9, role, bureauId, pointId: null });

describe('who manages staff accounts', () => {
  test('system admin: all; bureau admin: own bureau; others: none', () => {
    expect(userAdminScope(p('system_admin', null))).toEqual({ kind: 'all' });
    expect(userAdminScope(p('bureau_admin', 3))).toEqual({ kind: 'bureau', bureauId: 3 });
    expect(userAdminScope(p('bureau_admin', null))).toEqual({ kind: 'none' });
    expect(userAdminScope(p('reviewer'))).toEqual({ kind: 'none' });
    expect(userAdminScope(p('operator'))).toEqual({ kind: 'none' });
  });

  test('a bureau admin never makes a system admin', () => {
    expect(assignableRoles(p('bureau_admin'))).not.toContain('system_admin');
    expect(assignableRoles(p('system_admin', null))).toContain('system_admin');
    expect(assignableRoles(p('reviewer'))).toEqual([]);
  });
});

describe('the last active admin', () => {
  type M = { id: number; role: string; bureau_id: number | null };
  const sys: M = { id: 1, role: 'system_admin', bureau_id: null };
  const adminA: M = { id: 2, role: 'bureau_admin', bureau_id: 10 };
  const adminA2: M = { id: 3, role: 'bureau_admin', bureau_id: 10 };
  const adminB: M = { id: 4, role: 'bureau_admin', bureau_id: 20 };
  const active = (m: M) => ({ ...m, active: true });

  test('the only system admin can be neither disabled nor demoted', () => {
    expect(lastAdminProblem(active(sys), { role: 'system_admin', active: false }, [sys, adminA])).toBe(STAFF_ADMIN_MESSAGES.lastSystemAdmin);
    expect(lastAdminProblem(active(sys), { role: 'reviewer', active: true }, [sys])).toBe(STAFF_ADMIN_MESSAGES.lastSystemAdmin);
    expect(lastAdminProblem(active(sys), { role: 'system_admin', active: false }, [sys, { ...sys, id: 5 }])).toBeNull();
  });

  test('a bureau keeps one manager: another admin of it, or a system admin', () => {
    expect(lastAdminProblem(active(adminA), { role: 'bureau_admin', active: false }, [adminA, adminB])).toBe(STAFF_ADMIN_MESSAGES.lastBureauAdmin);
    expect(lastAdminProblem(active(adminA), { role: 'operator', active: true }, [adminA, adminB])).toBe(STAFF_ADMIN_MESSAGES.lastBureauAdmin);
    expect(lastAdminProblem(active(adminA), { role: 'bureau_admin', active: false }, [adminA, adminA2])).toBeNull();
    expect(lastAdminProblem(active(adminA), { role: 'reviewer', active: true }, [adminA, sys])).toBeNull();
  });

  test('unchanged, promoted, already disabled or not an admin: nothing to refuse', () => {
    expect(lastAdminProblem(active(adminA), { role: 'bureau_admin', active: true }, [adminA])).toBeNull();
    expect(lastAdminProblem(active(adminA), { role: 'system_admin', active: true }, [adminA])).toBeNull();
    expect(lastAdminProblem({ ...adminA, active: false }, { role: 'operator', active: false }, [])).toBeNull();
    expect(lastAdminProblem({ id: 7, role: 'reviewer', bureau_id: 10, active: true }, { role: 'reviewer', active: false }, [])).toBeNull();
  });
});
