import { assignableRoles, creatableRoles, lastAdminProblem, managesAccounts, managesSecondFactors, roleChangeProblem, STAFF_ADMIN_MESSAGES, userAdminScope } from './staffAdmin';
import type { StaffPrincipal } from './principal';

const p = (role: StaffPrincipal['role'], bureauId: number | null = 1): StaffPrincipal => ({ kind: 'staff', staffId: 9, role, bureauId, pointId: null });

describe('who manages staff accounts', () => {
  test('system and security admins: all; bureau admin: own bureau; others (the audit admin too): none', () => {
    expect(userAdminScope(p('system_admin', null))).toEqual({ kind: 'all' });
    expect(userAdminScope(p('security_admin', null))).toEqual({ kind: 'all' });
    expect(userAdminScope(p('audit_admin', null))).toEqual({ kind: 'none' });
    expect(userAdminScope(p('bureau_admin', 3))).toEqual({ kind: 'bureau', bureauId: 3 });
    expect(userAdminScope(p('bureau_admin', null))).toEqual({ kind: 'none' });
    expect(userAdminScope(p('reviewer'))).toEqual({ kind: 'none' });
    expect(userAdminScope(p('operator'))).toEqual({ kind: 'none' });
  });

  test('三权分立: admin-class roles are given by the security admin alone; accounts and passwords stay with the account managers', () => {
    expect(assignableRoles(p('bureau_admin'))).toEqual(['operator', 'reviewer', 'bureau_admin']);
    expect(assignableRoles(p('system_admin', null))).toEqual(['operator', 'reviewer', 'bureau_admin']);
    expect(assignableRoles(p('security_admin', null))).toEqual(['operator', 'reviewer', 'bureau_admin', 'system_admin', 'audit_admin', 'security_admin']);
    expect(creatableRoles(p('security_admin', null))).toEqual(['system_admin', 'audit_admin', 'security_admin']);
    expect(creatableRoles(p('system_admin', null))).toEqual(['operator', 'reviewer', 'bureau_admin']);
    for (const role of ['reviewer', 'operator', 'audit_admin'] as const) expect(assignableRoles(p(role))).toEqual([]);
    expect([managesAccounts(p('system_admin')), managesAccounts(p('bureau_admin')), managesAccounts(p('security_admin')), managesAccounts(p('audit_admin'))]).toEqual([true, true, false, false]);
    expect([managesSecondFactors(p('security_admin')), managesSecondFactors(p('system_admin'))]).toEqual([true, false]);
  });

  test('role changes stay inside their class and inside what the manager may give', () => {
    expect(roleChangeProblem(p('security_admin', null), 'audit_admin', 'system_admin')).toBeNull();
    expect(roleChangeProblem(p('security_admin', null), 'operator', 'reviewer')).toBeNull();
    expect(roleChangeProblem(p('security_admin', null), 'reviewer', 'system_admin')).toBe(STAFF_ADMIN_MESSAGES.crossClass);
    expect(roleChangeProblem(p('system_admin', null), 'audit_admin', 'system_admin')).not.toBeNull();
    expect(roleChangeProblem(p('bureau_admin'), 'operator', 'reviewer')).toBeNull();
    expect(roleChangeProblem(p('bureau_admin'), 'reviewer', 'reviewer')).toBeNull();
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

  test('the last audit admin and the last security admin stay, whatever other admins there are', () => {
    const audit: M = { id: 8, role: 'audit_admin', bureau_id: null };
    const security: M = { id: 9, role: 'security_admin', bureau_id: null };
    expect(lastAdminProblem(active(audit), { role: 'audit_admin', active: false }, [sys, audit, security])).toBe(STAFF_ADMIN_MESSAGES.lastAuditAdmin);
    expect(lastAdminProblem(active(security), { role: 'system_admin', active: true }, [sys, audit, security])).toBe(STAFF_ADMIN_MESSAGES.lastSecurityAdmin);
    expect(lastAdminProblem(active(audit), { role: 'audit_admin', active: false }, [audit, { ...audit, id: 10 }])).toBeNull();
  });

  test('unchanged, already disabled or not an admin: nothing to refuse', () => {
    expect(lastAdminProblem(active(adminA), { role: 'bureau_admin', active: true }, [adminA])).toBeNull();
    expect(lastAdminProblem({ ...adminA, active: false }, { role: 'operator', active: false }, [])).toBeNull();
    expect(lastAdminProblem({ id: 7, role: 'reviewer', bureau_id: 10, active: true }, { role: 'reviewer', active: false }, [])).toBeNull();
  });
});
