import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { StaffListRow, StaffRepo, StaffRow } from '../repositories/staff';
import type { PlacesRepo } from '../repositories/places';
import { isAdminClassRole, isStaffRole, ROLE_LABELS, STAFF_ROLES as STAFF_ROLES_LIST, StaffPrincipal, StaffRole } from '../domain/principal';
import { newTotpSecret, normaliseTotpInput, totpCode, verifyTotp } from '../domain/totp';
import type { DataProtector } from '../security/dataProtector';
import { passwordProblem } from '../domain/personalInfo';
import { fail, ok, Result } from '../domain/validation';
import { M } from '../messages';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwordHasher';
import type { RateLimits } from './rateLimits';
import { auditTarget, AuditService, Actor, SYSTEM_ACTOR } from './audit';
import { assignableRoles, creatableRoles, lastAdminProblem, managesAccounts, managesSecondFactors, roleChangeProblem, rolesText, STAFF_ADMIN_MESSAGES, userAdminScope } from '../domain/staffAdmin';

/** Five failures from one source lock that source out of that account for 15 minutes, as for applicants. */
const SOURCE_POLICY = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
const sourceKey = (username: string, ip: string) => `staff-login:${username}|${ip}`;
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,40}$/;

const secondFactorKey = (staffId: number) => `staff-totp:${staffId}`;
export const USERNAME_PATTERN_TEXT = '用户名须为3-40位字母、数字或 _ . -';

export type StaffLoginOutcome = { ok: true; staff: StaffRow } | { ok: false; reason: 'failed' | 'locked'; minutes?: number };
export type SecondFactorOutcome = { ok: true; staff: StaffRow } | { ok: false; reason: 'wrong' | 'locked' | 'gone'; minutes?: number };

export interface NewStaff { username: string; name: string; role: string; bureauId: number | null; pointId: number | null; password: string; passwordConfirm?: string }
export interface StaffChange { name: string; role: string; pointId: number | null }

export const principalOf = (s: StaffRow): StaffPrincipal => ({ kind: 'staff', staffId: s.id, role: s.role, bureauId: s.bureau_id, pointId: s.point_id });

/** Staff accounts: sign-in with the applicants' lockout, creation and password resets (CLI and, later, the admin pages). */
export function createStaffService(deps: { db: Knex; staff: StaffRepo; places: PlacesRepo; limits: RateLimits; audit: AuditService; clock: Clock; protector: DataProtector; production: boolean }) {
  const { staff, limits, clock, protector } = deps;
  /** Demo accounts exist only outside production: there they sign in, show their code, and a code may be used again (it is on the page anyway). */
  const isLiveDemo = (row: StaffRow) => Boolean(row.demo) && !deps.production;
  const nowIso = () => clock.now().toISOString();
  /** Both steps passed: the sign-in time and its audit row commit together (no audit row, no sign-in). */
  const signedIn = (row: StaffRow, ip: string) => deps.db.transaction(async (trx) => {
    await staff.signedIn(row.id, nowIso(), trx);
    await deps.audit.record(principalOf(row), 'staff.login', { target: auditTarget.staff(row.id), ip }, trx);
  });
  /** The role's bureau and point: an operator needs an active point of that bureau; others have no point. */
  async function placeProblems(role: StaffRole, bureauId: number | null, pointId: number | null): Promise<Record<string, string>> {
    if (isAdminClassRole(role)) return {};
    const bureau = bureauId ? await deps.places.findBureau(bureauId) : undefined;
    if (!bureau) return { bureauId: '请指定该账号所属的注册机构' };
    if (role !== 'operator') return {};
    const point = pointId ? await deps.places.findPoint(pointId) : undefined;
    return !point || point.bureau_id !== bureau.id ? { pointId: STAFF_ADMIN_MESSAGES.pointRequired } : {};
  }
  const roleName = (role: string) => ROLE_LABELS[role as StaffRole] ?? role;

  return {
    findById: (id: number) => staff.findById(id),

    /** Ends the staff user's sign-in, for the audit log. */
    signedOut: (principal: StaffPrincipal, ip: string | null) => deps.audit.record(principal, 'staff.logout', { target: auditTarget.staff(principal.staffId), ip }),

    /**
     * The password step. The same answer ("登录失败！") for an unknown name, a wrong password, a disabled account and,
     * in production, a demo account. Success is only half a sign-in: the second factor (`verifySecondFactor` or
     * `confirmEnrolment`) makes the session; `staff.login` is audited then.
     */
    async authenticate(rawUsername: string, password: string, ip: string): Promise<StaffLoginOutcome> {
      const username = rawUsername.trim().slice(0, 40);
      const wait = await limits.blockedMinutes(sourceKey(username, ip));
      if (wait > 0) return { ok: false, reason: 'locked', minutes: wait };
      const row = username ? await staff.findByUsername(username) : undefined;
      const matches = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
      if (!row || !matches || !row.active || (row.demo && deps.production)) {
        const blocked = await limits.hit(sourceKey(username, ip), SOURCE_POLICY);
        return blocked > 0 ? { ok: false, reason: 'locked', minutes: blocked } : { ok: false, reason: 'failed' };
      }
      await limits.clear(sourceKey(username, ip));
      await deps.audit.record(principalOf(row), 'staff.login-password', { target: auditTarget.staff(row.id), ip });
      return { ok: true, staff: row };
    },

    /** Whether the account has a second factor yet (else it enrols at this sign-in). */
    hasSecondFactor: (row: StaffRow) => row.totp_secret !== null,
    /** A fresh secret for an enrolment; the route keeps it (encrypted) in the half-signed-in session until confirmed. */
    newEnrolmentSecret: () => newTotpSecret(),
    sealSecret: (secret: string) => protector.encryptText(secret),
    openSecret: (sealed: string) => protector.decryptText(sealed),

    /**
     * The demo's note on the 动态口令 page: the code a demo account's authenticator would show now. Null for any
     * other account and always in production.
     */
    demoCode(row: StaffRow): string | null {
      if (!isLiveDemo(row) || !row.totp_secret) return null;
      return totpCode(protector.decryptText(row.totp_secret), clock.now().getTime());
    },

    /**
     * The second step of a sign-in: the 6-digit code of the account's authenticator (±1 step), never one already
     * used (its step is claimed in one UPDATE). Five wrong codes lock the account's second step for 15 minutes.
     */
    async verifySecondFactor(staffId: number, rawCode: string, ip: string): Promise<SecondFactorOutcome> {
      const wait = await limits.blockedMinutes(secondFactorKey(staffId));
      if (wait > 0) return { ok: false, reason: 'locked', minutes: wait };
      const row = await staff.findById(staffId);
      if (!row || !row.active || !row.totp_secret) return { ok: false, reason: 'gone' };
      const code = normaliseTotpInput(rawCode);
      const step = code ? verifyTotp(protector.decryptText(row.totp_secret), code, clock.now().getTime(), isLiveDemo(row) ? null : row.totp_last_step) : null;
      const claimed = step !== null && (isLiveDemo(row) || (await staff.claimStep(row.id, step)));
      if (!claimed) {
        const blocked = await limits.hit(secondFactorKey(staffId), SOURCE_POLICY);
        return blocked > 0 ? { ok: false, reason: 'locked', minutes: blocked } : { ok: false, reason: 'wrong' };
      }
      await limits.clear(secondFactorKey(staffId));
      await signedIn(row, ip);
      return { ok: true, staff: row };
    },

    /** Enrolment at the first sign-in: the code from the new secret confirms it; the secret is stored encrypted. */
    async confirmEnrolment(staffId: number, secret: string, rawCode: string, ip: string): Promise<SecondFactorOutcome> {
      const wait = await limits.blockedMinutes(secondFactorKey(staffId));
      if (wait > 0) return { ok: false, reason: 'locked', minutes: wait };
      const row = await staff.findById(staffId);
      if (!row || !row.active || row.totp_secret) return { ok: false, reason: 'gone' };
      const code = normaliseTotpInput(rawCode);
      const step = code ? verifyTotp(secret, code, clock.now().getTime(), null) : null;
      if (step === null) {
        const blocked = await limits.hit(secondFactorKey(staffId), SOURCE_POLICY);
        return blocked > 0 ? { ok: false, reason: 'locked', minutes: blocked } : { ok: false, reason: 'wrong' };
      }
      await limits.clear(secondFactorKey(staffId));
      await deps.db.transaction(async (trx) => {
        await staff.setSecondFactor(row.id, protector.encryptText(secret), step, nowIso(), trx);
        await deps.audit.record(principalOf(row), 'staff.totp-enrolled', { target: auditTarget.staff(row.id), ip }, trx);
      });
      await signedIn(row, ip);
      return { ok: true, staff: row };
    },

    /** 重置动态口令 (the security admin): the account enrols again at its next sign-in; its sessions end. */
    async resetSecondFactor(manager: StaffPrincipal, id: number, ip: string | null): Promise<Result<StaffListRow>> {
      if (!managesSecondFactors(manager)) return fail({ _form: '只有安全管理员可以重置动态口令' });
      const target = await staff.findInScope(id, userAdminScope(manager));
      if (!target) return fail({ _form: '该工作人员账号不存在或不属于您管理的机构' });
      await deps.db.transaction(async (trx) => {
        await staff.clearSecondFactor(id, nowIso(), trx);
        await deps.audit.record(manager, 'staff.totp-reset', { target: auditTarget.staff(id), detail: target.username, ip }, trx);
      });
      return ok(target);
    },

    /**
     * Checks a new staff account: a unique user name, a role the actor may give, the bureau (and point, for an operator)
     * it works for — a bureau admin's own bureau only —, a strong password. The account and its audit row commit together.
     */
    async create(input: NewStaff, actor: Actor = SYSTEM_ACTOR, ip: string | null = null): Promise<Result<number>> {
      const errors: Record<string, string> = {};
      const manager = actor.kind === 'staff' ? actor : null;
      const bureauId = manager && manager.role === 'bureau_admin' ? manager.bureauId : input.bureauId;
      if (!USERNAME_PATTERN.test(input.username)) errors.username = USERNAME_PATTERN_TEXT;
      else if (await staff.findByUsername(input.username)) errors.username = '该用户名已存在';
      if (!input.name.trim() || [...input.name.trim()].length > 60) errors.name = '请填写姓名（不超过60个字）';
      const allowed = manager ? creatableRoles(manager) : [...STAFF_ROLES_LIST];
      if (!isStaffRole(input.role) || !allowed.includes(input.role)) errors.role = manager ? STAFF_ADMIN_MESSAGES.roleNotAllowed(rolesText(allowed)) : `角色须为：${Object.entries(ROLE_LABELS).filter(([r]) => r !== 'applicant').map(([r, l]) => `${r}（${l}）`).join('、')}`;
      const role = input.role as StaffRole;
      if (!errors.role) Object.assign(errors, await placeProblems(role, bureauId, input.pointId));
      if (passwordProblem(input.password)) errors.password = M.password.policy;
      else if (input.passwordConfirm !== undefined && input.passwordConfirm !== input.password) errors.passwordConfirm = M.password.mismatch;
      if (Object.keys(errors).length) return fail(errors);
      const passwordHash = await hashPassword(input.password);
      const id = await deps.db.transaction(async (trx) => {
        const newId = await staff.insert({
          username: input.username, name: input.name.trim(), role,
          bureau_id: isAdminClassRole(role) ? null : bureauId, point_id: role === 'operator' ? input.pointId : null,
          password_hash: passwordHash, created_at: nowIso(),
        }, trx);
        await deps.audit.record(actor, 'staff.create', { target: auditTarget.staff(newId), detail: { username: input.username, role, bureauId: isAdminClassRole(role) ? null : bureauId, pointId: role === 'operator' ? input.pointId : null }, ip }, trx);
        return newId;
      });
      return ok(id);
    },

    /** The accounts a manager may see (their bureau's, or all for a system admin). */
    listFor: (manager: StaffPrincipal): Promise<StaffListRow[]> => staff.list(userAdminScope(manager)),
    /** One account inside the manager's scope, or undefined (shown as 404). */
    findFor: (manager: StaffPrincipal, id: number): Promise<StaffListRow | undefined> => staff.findInScope(id, userAdminScope(manager)),
    assignableRoles,

    /** 姓名, 角色 and 确认点 of an account in the manager's scope; never leaves a bureau without an active admin. */
    async update(manager: StaffPrincipal, id: number, change: StaffChange, ip: string | null): Promise<Result<void>> {
      const target = await staff.findInScope(id, userAdminScope(manager));
      if (!target) return fail({ _form: '该工作人员账号不存在或不属于您管理的机构' });
      const errors: Record<string, string> = {};
      if (!change.name.trim() || [...change.name.trim()].length > 60) errors.name = '请填写姓名（不超过60个字）';
      const roleProblem = isStaffRole(change.role) ? roleChangeProblem(manager, target.role, change.role) : STAFF_ADMIN_MESSAGES.roleNotAllowed(rolesText(assignableRoles(manager)));
      if (roleProblem) errors.role = roleProblem;
      const role = change.role as StaffRole;
      if (!errors.role) Object.assign(errors, await placeProblems(role, target.bureau_id, change.pointId));
      if (Object.keys(errors).length) return fail(errors);
      const pointId = role === 'operator' ? change.pointId : null;
      return deps.db.transaction(async (trx) => {
        const problem = lastAdminProblem(target, { role, active: Boolean(target.active) }, await staff.activeManagers(trx));
        if (problem) return fail({ role: problem });
        const before = [`姓名：${target.name}`, `角色：${roleName(target.role)}`, `确认点：${target.point_name ?? '无'}`];
        const point = pointId ? await deps.places.findPoint(pointId) : undefined;
        const after = [`姓名：${change.name.trim()}`, `角色：${roleName(role)}`, `确认点：${point?.name ?? '无'}`];
        const changed = before.map((b, i) => (b === after[i] ? null : `${b} → ${after[i].split('：')[1]}`)).filter(Boolean);
        if (!changed.length) return ok(undefined);
        await staff.update(id, { name: change.name.trim(), role, point_id: pointId, updated_at: nowIso() }, trx);
        await deps.audit.record(manager, 'staff.update', { target: auditTarget.staff(id), detail: `${target.username}：${changed.join('；')}`, ip }, trx);
        return ok(undefined);
      });
    },

    /** 停用 / 启用: a disabled account cannot sign in and its sessions end; the last admin of a bureau stays. */
    async setActive(manager: StaffPrincipal, id: number, active: boolean, ip: string | null): Promise<Result<StaffListRow>> {
      if (!managesAccounts(manager)) return fail({ _form: '停用或启用账号由系统管理员或机构管理员办理' });
      const target = await staff.findInScope(id, userAdminScope(manager));
      if (!target) return fail({ _form: '该工作人员账号不存在或不属于您管理的机构' });
      if (!active && target.id === manager.staffId) return fail({ _form: STAFF_ADMIN_MESSAGES.self });
      if (Boolean(target.active) === active) return ok(target);
      return deps.db.transaction(async (trx) => {
        const problem = lastAdminProblem(target, { role: target.role, active }, await staff.activeManagers(trx));
        if (problem) return fail({ _form: problem });
        await staff.setActive(id, active, nowIso(), trx);
        await deps.audit.record(manager, active ? 'staff.enable' : 'staff.disable', { target: auditTarget.staff(id), detail: `${target.username}：${active ? '停用 → 启用' : '启用 → 停用'}`, ip }, trx);
        return ok(target);
      });
    },

    /** The manager sets a new password (with the strength rule); every session of the account ends. */
    async resetPasswordFor(manager: StaffPrincipal, id: number, password: string, confirm: string, ip: string | null): Promise<Result<StaffListRow>> {
      if (!managesAccounts(manager)) return fail({ _form: '重置密码由系统管理员或机构管理员办理' });
      const target = await staff.findInScope(id, userAdminScope(manager));
      if (!target) return fail({ _form: '该工作人员账号不存在或不属于您管理的机构' });
      if (passwordProblem(password)) return fail({ password: M.password.policy });
      if (confirm !== password) return fail({ passwordConfirm: M.password.mismatch });
      const hash = await hashPassword(password);
      await deps.db.transaction(async (trx) => {
        await staff.setPassword(id, hash, nowIso(), trx);
        await deps.audit.record(manager, 'staff.password-reset', { target: auditTarget.staff(id), detail: target.username, ip }, trx);
      });
      return ok(target);
    },

    /**
     * The first 审计管理员 or 安全管理员 of an install (npm run admin, on the server): refused once an active one exists,
     * since later ones are the security admin's to make on 工作人员账号.
     */
    async createFirstAdmin(role: 'audit_admin' | 'security_admin', username: string, name: string, password: string): Promise<Result<number>> {
      if ((await staff.activeManagers()).some((m) => m.role === role)) {
        return fail({ role: `已有启用的${ROLE_LABELS[role]}；更多的${ROLE_LABELS[role]}由安全管理员在“工作人员账号”页面建立` });
      }
      return this.create({ username, name, role, bureauId: null, pointId: null, password });
    },

    /** 重置动态口令 from the server (npm run admin): for the security admin who lost their own phone. Audited as the system's. */
    async resetSecondFactorByName(username: string): Promise<Result<void>> {
      const row = await staff.findByUsername(username);
      if (!row) return fail({ username: '没有这个用户名' });
      await deps.db.transaction(async (trx) => {
        await staff.clearSecondFactor(row.id, nowIso(), trx);
        await deps.audit.record(SYSTEM_ACTOR, 'staff.totp-reset', { target: auditTarget.staff(row.id), detail: username }, trx);
      });
      return ok(undefined);
    },

    /** A new password for a staff account; every session of it ends. */
    async resetPassword(username: string, password: string, actor: Actor = SYSTEM_ACTOR): Promise<Result<void>> {
      const row = await staff.findByUsername(username);
      if (!row) return fail({ username: '没有这个用户名' });
      if (passwordProblem(password)) return fail({ password: M.password.policy });
      const hash = await hashPassword(password);
      await deps.db.transaction(async (trx) => {
        await staff.setPassword(row.id, hash, nowIso(), trx);
        await deps.audit.record(actor, 'staff.password-reset', { target: auditTarget.staff(row.id) }, trx);
      });
      return ok(undefined);
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
