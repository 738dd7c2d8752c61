/**
 * Who is acting: an applicant (an account) or a staff user (a role, and the bureau and point the role
 * works for). Staff see applications through a `Scope` derived here, never through flags scattered in
 * handlers, so "which applications may this person see" has one answer.
 */

/** The staff roles, as stored in `staff_users.role`. */
export const STAFF_ROLES = ['operator', 'reviewer', 'bureau_admin', 'system_admin', 'audit_admin', 'security_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * 三权分立 (GB/T 22239 §8.1.5): the three admin-class roles belong to no bureau and split the instance's administration —
 * 系统管理员 configuration and accounts, 审计管理员 the audit log only, 安全管理员 roles and second factors.
 */
export const ADMIN_CLASS_ROLES: readonly StaffRole[] = ['system_admin', 'audit_admin', 'security_admin'];
export const isAdminClassRole = (role: string): boolean => (ADMIN_CLASS_ROLES as readonly string[]).includes(role);

/** The roles that work with applications (the audit and security admins see none: their scope is `none`). */
export const APPLICATION_ROLES: StaffRole[] = ['operator', 'reviewer', 'bureau_admin', 'system_admin'];
export type Role = 'applicant' | StaffRole;

export const ROLE_LABELS: Record<Role, string> = {
  applicant: '申请人',
  operator: '确认点操作员',
  reviewer: '注册机构审核员',
  bureau_admin: '机构管理员',
  system_admin: '系统管理员',
  audit_admin: '审计管理员',
  security_admin: '安全管理员',
};

export function isRole(value: unknown): value is Role {
  return value === 'applicant' || isStaffRole(value);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export interface ApplicantPrincipal {
  kind: 'applicant';
  accountId: number;
}

export interface StaffPrincipal {
  kind: 'staff';
  staffId: number;
  role: StaffRole;
  bureauId: number | null;
  pointId: number | null;
}

export type Principal = ApplicantPrincipal | StaffPrincipal;

export function roleOf(principal: Principal): Role {
  return principal.kind === 'applicant' ? 'applicant' : principal.role;
}

/**
 * What a staff user may see. `none` is what anything without a usable scope gets (an applicant, or a
 * staff row missing its bureau or point): repositories then return nothing instead of everything.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'bureau'; bureauId: number }
  | { kind: 'point'; bureauId: number; pointId: number }
  | { kind: 'none' };

/**
 * system_admin sees every bureau; bureau_admin and reviewer their bureau; an operator their
 * confirmation point (and its bureau: a point belongs to one bureau, so both must match). The audit and
 * security admins see no application. Applicants see their own applications by account, never by scope.
 */
export function scopeOf(principal: Principal): Scope {
  if (principal.kind === 'applicant') return { kind: 'none' };
  const { role, bureauId, pointId } = principal;
  switch (role) {
    case 'system_admin':
      return { kind: 'all' };
    case 'bureau_admin':
    case 'reviewer':
      return bureauId === null ? { kind: 'none' } : { kind: 'bureau', bureauId };
    case 'operator':
      return bureauId === null || pointId === null ? { kind: 'none' } : { kind: 'point', bureauId, pointId };
    case 'audit_admin':
    case 'security_admin':
      return { kind: 'none' };
  }
}

/** The same rule for one row already loaded (e.g. an application found by its 报名号). */
export function scopeAllows(scope: Scope, row: { bureau_id: number | null; point_id: number | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'bureau':
      return row.bureau_id === scope.bureauId;
    case 'point':
      return row.bureau_id === scope.bureauId && row.point_id === scope.pointId;
    case 'none':
      return false;
  }
}
