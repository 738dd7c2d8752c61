import { ROLE_LABELS, Scope, StaffPrincipal, StaffRole } from './principal';

/**
 * Who manages staff accounts, and the one rule that keeps a bureau manageable: a system admin manages every account
 * (and alone may make system admins); a bureau admin manages the accounts of their own bureau. The last active user
 * who could manage a bureau's accounts — a bureau admin of it, or any system admin — cannot be disabled or demoted.
 */
export const MANAGER_ROLES: readonly StaffRole[] = ['bureau_admin', 'system_admin'];

export const STAFF_ADMIN_MESSAGES = {
  lastSystemAdmin: '该账号是最后一个启用的系统管理员，不能停用或改为其他角色；请先创建或启用另一个系统管理员',
  lastBureauAdmin: '该账号是本机构最后一个可以管理工作人员的管理员（机构管理员或系统管理员），不能停用或改为其他角色；请先创建或启用另一个机构管理员',
  roleNotAllowed: (roles: string) => `请选择角色：${roles}`,
  pointRequired: '确认点操作员须选择本机构的一个确认点',
  self: '不能停用自己的账号',
} as const;

/** The accounts a staff user may manage: all (system admin), one bureau (bureau admin), none (anyone else). */
export function userAdminScope(p: StaffPrincipal): Scope {
  if (p.role === 'system_admin') return { kind: 'all' };
  if (p.role === 'bureau_admin' && p.bureauId !== null) return { kind: 'bureau', bureauId: p.bureauId };
  return { kind: 'none' };
}

/** The roles a manager may give: a bureau admin never makes a system admin. */
export function assignableRoles(p: StaffPrincipal): StaffRole[] {
  if (p.role === 'system_admin') return ['operator', 'reviewer', 'bureau_admin', 'system_admin'];
  if (p.role === 'bureau_admin') return ['operator', 'reviewer', 'bureau_admin'];
  return [];
}

export const rolesText = (roles: StaffRole[]) => roles.map((r) => ROLE_LABELS[r]).join('、');

interface Manager { id: number; role: string; bureau_id: number | null }

/**
 * Whether changing `target` (to `after`) would leave no active user able to manage its bureau's accounts — or no
 * active system admin at all. Null when the change may go ahead. `managers` are the active bureau and system admins now.
 */
export function lastAdminProblem(target: Manager & { active: boolean | number }, after: { role: string; active: boolean }, managers: Manager[]): string | null {
  const isManager = (m: { role: string }) => MANAGER_ROLES.includes(m.role as StaffRole);
  if (!target.active || !isManager(target)) return null;
  if (after.active && after.role === target.role) return null;
  if (after.active && target.role === 'bureau_admin' && after.role === 'system_admin') return null;
  const others = managers.filter((m) => m.id !== target.id);
  const systemAdmins = others.filter((m) => m.role === 'system_admin').length;
  if (target.role === 'system_admin') return systemAdmins === 0 ? STAFF_ADMIN_MESSAGES.lastSystemAdmin : null;
  const bureauAdmins = others.filter((m) => m.role === 'bureau_admin' && m.bureau_id === target.bureau_id).length;
  return systemAdmins + bureauAdmins === 0 ? STAFF_ADMIN_MESSAGES.lastBureauAdmin : null;
}
