import type { Clock } from '../clock';
import type { StaffRepo, StaffRow } from '../repositories/staff';
import type { PlacesRepo } from '../repositories/places';
import { isStaffRole, ROLE_LABELS, StaffPrincipal, StaffRole } from '../domain/principal';
import { passwordProblem } from '../domain/personalInfo';
import { fail, ok, Result } from '../domain/validation';
import { M } from '../messages';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwordHasher';
import type { RateLimits } from './rateLimits';
import { auditTarget, AuditService, Actor, SYSTEM_ACTOR } from './audit';

/** Five failures from one source lock that source out of that account for 15 minutes, as for applicants. */
const SOURCE_POLICY = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
const sourceKey = (username: string, ip: string) => `staff-login:${username}|${ip}`;
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,40}$/;

export type StaffLoginOutcome = { ok: true; staff: StaffRow } | { ok: false; reason: 'failed' | 'locked'; minutes?: number };

export interface NewStaff { username: string; name: string; role: string; bureauId: number | null; pointId: number | null; password: string }

export const principalOf = (s: StaffRow): StaffPrincipal => ({ kind: 'staff', staffId: s.id, role: s.role, bureauId: s.bureau_id, pointId: s.point_id });

/** Staff accounts: sign-in with the applicants' lockout, creation and password resets (CLI and, later, the admin pages). */
export function createStaffService(deps: { staff: StaffRepo; places: PlacesRepo; limits: RateLimits; audit: AuditService; clock: Clock }) {
  const { staff, limits, clock } = deps;
  const nowIso = () => clock.now().toISOString();

  return {
    findById: (id: number) => staff.findById(id),

    /** The same answer ("登录失败！") for an unknown name, a wrong password and a disabled account. */
    /** Ends the staff user's sign-in, for the audit log. */
    signedOut: (principal: StaffPrincipal, ip: string | null) => deps.audit.record(principal, 'staff.logout', { target: auditTarget.staff(principal.staffId), ip }),

    async authenticate(rawUsername: string, password: string, ip: string): Promise<StaffLoginOutcome> {
      const username = rawUsername.trim().slice(0, 40);
      const wait = await limits.blockedMinutes(sourceKey(username, ip));
      if (wait > 0) return { ok: false, reason: 'locked', minutes: wait };
      const row = username ? await staff.findByUsername(username) : undefined;
      const matches = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      if (!row || !matches || !row.active) {
        const blocked = await limits.hit(sourceKey(username, ip), SOURCE_POLICY);
        return blocked > 0 ? { ok: false, reason: 'locked', minutes: blocked } : { ok: false, reason: 'failed' };
      }
      await limits.clear(sourceKey(username, ip));
      await staff.signedIn(row.id, nowIso());
      await deps.audit.record(principalOf(row), 'staff.login', { target: auditTarget.staff(row.id), ip });
      return { ok: true, staff: row };
    },

    /** Checks a new staff account: a unique user name, a role, the bureau (and point, for an operator) it works for, a strong password. */
    async create(input: NewStaff, actor: Actor = SYSTEM_ACTOR): Promise<Result<number>> {
      const errors: Record<string, string> = {};
      if (!USERNAME_PATTERN.test(input.username)) errors.username = '用户名须为3-40位字母、数字或 _ . -';
      else if (await staff.findByUsername(input.username)) errors.username = '该用户名已存在';
      if (!input.name.trim() || [...input.name.trim()].length > 60) errors.name = '请填写姓名（不超过60个字）';
      if (!isStaffRole(input.role)) errors.role = `角色须为：${Object.entries(ROLE_LABELS).filter(([r]) => r !== 'applicant').map(([r, l]) => `${r}（${l}）`).join('、')}`;
      const role = input.role as StaffRole;
      if (!errors.role && role !== 'system_admin') {
        const bureau = input.bureauId ? await deps.places.findBureau(input.bureauId) : undefined;
        if (!bureau) errors.bureauId = '请指定该账号所属的注册机构';
        if (role === 'operator') {
          const point = input.pointId ? await deps.places.findPoint(input.pointId) : undefined;
          if (!point || (bureau && point.bureau_id !== bureau.id)) errors.pointId = '确认点操作员须指定所属注册机构的一个确认点';
        }
      }
      const problem = passwordProblem(input.password);
      if (problem) errors.password = M.password.policy;
      if (Object.keys(errors).length) return fail(errors);
      const id = await staff.insert({
        username: input.username, name: input.name.trim(), role,
        bureau_id: role === 'system_admin' ? null : input.bureauId, point_id: role === 'operator' ? input.pointId : null,
        password_hash: await hashPassword(input.password), created_at: nowIso(),
      });
      await deps.audit.record(actor, 'staff.create', { target: auditTarget.staff(id), detail: { username: input.username, role } });
      return ok(id);
    },

    /** A new password for a staff account; every session of it ends. */
    async resetPassword(username: string, password: string, actor: Actor = SYSTEM_ACTOR): Promise<Result<void>> {
      const row = await staff.findByUsername(username);
      if (!row) return fail({ username: '没有这个用户名' });
      if (passwordProblem(password)) return fail({ password: M.password.policy });
      await staff.setPassword(row.id, await hashPassword(password), nowIso());
      await deps.audit.record(actor, 'staff.password-reset', { target: auditTarget.staff(row.id) });
      return ok(undefined);
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
