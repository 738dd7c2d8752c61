import { ADMIN_CLASS_ROLES, isAdminClassRole, ROLE_LABELS, Scope, StaffPrincipal, StaffRole } from './principal';

/**
 * Who manages staff accounts under 三权分立:
 * - accounts (create with a business role, 姓名/确认点, password, 停用/启用): the system admin for every account, a bureau
 *   admin for their own bureau's; the business roles (确认点操作员, 注册机构审核员, 机构管理员) may be given and changed by them;
 * - roles and second factors: the security admin, for every account — the only one (besides the CLI on the server) who
 *   creates admin-class accounts (系统/审计/安全管理员) or changes an account's role among them, and who resets a second factor;
 * - the audit admin manages nothing.
 * A role never crosses between the business class (one bureau) and the admin class (no bureau): another account is made.
 * The last active user who could manage a bureau's accounts — a bureau admin of it, or any system admin — and the last
 * active system, audit and security admin cannot be disabled or moved to another role.
 */
export const MANAGER_ROLES: readonly StaffRole[] = ['bureau_admin', ...ADMIN_CLASS_ROLES];
export const BUSINESS_ROLES: readonly StaffRole[] = ['operator', 'reviewer', 'bureau_admin'];

export const STAFF_ADMIN_MESSAGES = {
  lastSystemAdmin: '该账号是最后一个启用的系统管理员，不能停用或改为其他角色；请先创建或启用另一个系统管理员',
  lastAuditAdmin: '该账号是最后一个启用的审计管理员，不能停用或改为其他角色；请先创建或启用另一个审计管理员',
  lastSecurityAdmin: '该账号是最后一个启用的安全管理员，不能停用或改为其他角色；请先创建或启用另一个安全管理员',
  lastBureauAdmin: '该账号是本机构最后一个可以管理工作人员的管理员（机构管理员或系统管理员），不能停用或改为其他角色；请先创建或启用另一个机构管理员',
  roleNotAllowed: (roles: string) => `请选择角色：${roles}`,
  crossClass: '系统管理员、审计管理员、安全管理员不属于任何机构，不能与机构的角色互相更改；请另建账号',
  pointRequired: '确认点操作员须选择本机构的一个确认点',
  self: '不能停用自己的账号',
} as const;

/** The accounts a staff user may see on 工作人员账号: all (system and security admins), one bureau (bureau admin), none. */
export function userAdminScope(p: StaffPrincipal): Scope {
  if (p.role === 'system_admin' || p.role === 'security_admin') return { kind: 'all' };
  if (p.role === 'bureau_admin' && p.bureauId !== null) return { kind: 'bureau', bureauId: p.bureauId };
  return { kind: 'none' };
}

/** The roles a manager may give (at creation, or as a change): business roles by account managers, any by the security admin. */
export function assignableRoles(p: StaffPrincipal): StaffRole[] {
  if (p.role === 'security_admin') return [...BUSINESS_ROLES, ...ADMIN_CLASS_ROLES];
  if (p.role === 'system_admin' || p.role === 'bureau_admin') return [...BUSINESS_ROLES];
  return [];
}

/** The roles a manager may create accounts with: the security admin makes admin-class accounts only (accounts are the system admin's). */
export function creatableRoles(p: StaffPrincipal): StaffRole[] {
  return p.role === 'security_admin' ? [...ADMIN_CLASS_ROLES] : assignableRoles(p);
}

/** Passwords and 停用/启用 are account management: not the security admin's (nor the audit admin's). */
export const managesAccounts = (p: StaffPrincipal): boolean => p.role === 'system_admin' || p.role === 'bureau_admin';
/** Resetting a second factor is the security admin's alone (the system admin resets passwords: neither alone takes over an account). */
export const managesSecondFactors = (p: StaffPrincipal): boolean => p.role === 'security_admin';

export const rolesText = (roles: readonly StaffRole[]) => roles.map((r) => ROLE_LABELS[r]).join('、');

/** Null when `from` may become `to` in the manager's hands; else the message for the role field. */
export function roleChangeProblem(manager: StaffPrincipal, from: string, to: string): string | null {
  if (from === to) return null;
  if (isAdminClassRole(from) !== isAdminClassRole(to)) return STAFF_ADMIN_MESSAGES.crossClass;
  const allowed = assignableRoles(manager).filter((r) => isAdminClassRole(r) === isAdminClassRole(from));
  return allowed.includes(to as StaffRole) && allowed.includes(from as StaffRole) ? null : STAFF_ADMIN_MESSAGES.roleNotAllowed(rolesText(allowed.length ? allowed : BUSINESS_ROLES));
}

interface Manager { id: number; role: string; bureau_id: number | null }

const LAST_OF_ROLE: Partial<Record<StaffRole, string>> = {
  system_admin: STAFF_ADMIN_MESSAGES.lastSystemAdmin,
  audit_admin: STAFF_ADMIN_MESSAGES.lastAuditAdmin,
  security_admin: STAFF_ADMIN_MESSAGES.lastSecurityAdmin,
};

/**
 * Whether changing `target` (to `after`) would leave no active user able to manage its bureau's accounts — or no
 * active system, audit or security admin at all. Null when the change may go ahead. `managers` are the active
 * users of the manager roles now.
 */
export function lastAdminProblem(target: Manager & { active: boolean | number }, after: { role: string; active: boolean }, managers: Manager[]): string | null {
  const isManager = (m: { role: string }) => MANAGER_ROLES.includes(m.role as StaffRole);
  if (!target.active || !isManager(target)) return null;
  if (after.active && after.role === target.role) return null;
  const others = managers.filter((m) => m.id !== target.id);
  const sameRole = others.filter((m) => m.role === target.role).length;
  const lastOfRole = LAST_OF_ROLE[target.role as StaffRole];
  if (lastOfRole) return sameRole === 0 ? lastOfRole : null;
  const systemAdmins = others.filter((m) => m.role === 'system_admin').length;
  const bureauAdmins = others.filter((m) => m.role === 'bureau_admin' && m.bureau_id === target.bureau_id).length;
  return systemAdmins + bureauAdmins === 0 ? STAFF_ADMIN_MESSAGES.lastBureauAdmin : null;
}
