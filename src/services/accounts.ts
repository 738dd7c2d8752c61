import type { Clock } from '../clock';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { SecurityRepo } from '../repositories/security';
import type { ApplicationsRepo } from '../repositories/applications';
import { auditTarget, AuditAction, AuditService } from './audit';
import type { SmsCodeService } from './smsCodes';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwordHasher';
import { carriesFacts, factsFromIdNumber, normaliseIdNumber } from '../domain/identity';
import type { IdentityInput, RegistrationInput } from '../domain/accountForms';
import { locksIdentity } from '../domain/applicationStatus';
import { fail, ok, Result } from '../domain/validation';
import { M } from '../messages';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;

export type LoginOutcome =
  | { ok: true; account: AccountRow }
  | { ok: false; reason: 'failed' | 'locked'; minutes?: number };

/** Accounts: registration, login with lockout, identity, password and mobile changes. */
export function createAccountService(deps: {
  accounts: AccountsRepo; security: SecurityRepo; applications: ApplicationsRepo; audit: AuditService;
  sms: SmsCodeService; clock: Clock;
}) {
  const { accounts, security, applications, sms, clock } = deps;
  const nowIso = () => clock.now().toISOString();

  return {
    findById: (id: number) => accounts.findById(id),

    /** Creates the account once every field is valid; the SMS code is checked last so other errors don't spend it. */
    async register(input: RegistrationInput): Promise<Result<number>> {
      if (await accounts.findByTypeAndNumber(input.idType, input.idNumber)) return fail({ idNumber: M.idNumber.registered });
      if (!(await sms.verify(input.mobile, 'register', input.smsCode))) return fail({ smsCode: M.sms.wrong });
      const facts = factsFromIdNumber(input.idType, input.idNumber);
      const now = nowIso();
      try {
        const id = await accounts.insert({
          id_type: input.idType, id_number: input.idNumber, name: input.name,
          sex: facts?.sex ?? null, birth_date: facts?.birthDate ?? null, ethnicity_code: null,
          id_validity: null, id_valid_from: null, id_valid_to: null,
          email: input.email, mobile: input.mobile, password_hash: await hashPassword(input.password),
          created_at: now, updated_at: now,
        });
        return ok(id);
      } catch (err) {
        // Two submissions racing past the check above: the unique index decides.
        if (/unique|duplicate/i.test(String(err))) return fail({ idNumber: M.idNumber.registered });
        throw err;
      }
    },

    /** 证件号码 + 密码. Five failures for one 证件号码 lock it for 15 minutes, whether the account exists or not. */
    async authenticate(rawIdNumber: string, password: string): Promise<LoginOutcome> {
      const identifier = normaliseIdNumber(rawIdNumber).slice(0, 60);
      const now = clock.now();
      const throttle = await security.throttle.find(identifier);
      if (throttle?.locked_until && throttle.locked_until > now.toISOString()) {
        return { ok: false, reason: 'locked', minutes: Math.ceil((Date.parse(throttle.locked_until) - now.getTime()) / 60000) };
      }
      const candidates = identifier ? await accounts.findByIdNumber(identifier) : [];
      let matched: AccountRow | undefined;
      for (const account of candidates) {
        if (await verifyPassword(password, account.password_hash)) matched = account;
      }
      if (candidates.length === 0) await verifyPassword(password, DUMMY_HASH);
      if (!matched) {
        const failures = (throttle && !throttle.locked_until ? throttle.failures : 0) + 1;
        const locked = failures >= LOCK_AFTER_FAILURES;
        await security.throttle.save({
          identifier, failures: locked ? 0 : failures, first_failed_at: throttle?.first_failed_at ?? now.toISOString(),
          locked_until: locked ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
        });
        if (locked) return { ok: false, reason: 'locked', minutes: LOCK_MS / 60000 };
        return { ok: false, reason: 'failed' };
      }
      if (throttle) await security.throttle.clear(identifier);
      await accounts.update(matched.id, { previous_login_at: matched.last_login_at, last_login_at: now.toISOString() });
      return { ok: true, account: matched };
    },

    needsIdentityCompletion(account: AccountRow): boolean {
      return !account.ethnicity_code || (!carriesFacts(account.id_type) && (!account.sex || !account.birth_date));
    },

    async identityLocked(accountId: number): Promise<boolean> {
      return (await applications.statusesOf(accountId)).some(locksIdentity);
    },

    async updateIdentity(account: AccountRow, input: IdentityInput): Promise<Result<void>> {
      if (await this.identityLocked(account.id)) return fail({ _form: M.identity.locked });
      const patch: Partial<AccountRow> = {
        ethnicity_code: input.ethnicityCode, id_validity: input.validity, id_valid_from: input.validFrom,
        id_valid_to: input.validTo, updated_at: nowIso(),
      };
      if (input.email) patch.email = input.email;
      if (!carriesFacts(account.id_type) && input.sex) {
        patch.sex = input.sex;
        patch.birth_date = input.birthDate;
      }
      await accounts.update(account.id, patch);
      return ok(undefined);
    },

    /** Checks the old password; the new one ends every other session (the caller keeps the current one). */
    async changePassword(account: AccountRow, oldPassword: string, newPassword: string): Promise<Result<void>> {
      if (!(await verifyPassword(oldPassword, account.password_hash))) return fail({ oldPassword: M.password.oldWrong });
      if (oldPassword === newPassword) return fail({ password: M.password.sameAsOld });
      await accounts.update(account.id, { password_hash: await hashPassword(newPassword), updated_at: nowIso() });
      await accounts.bumpSessionEpoch(account.id);
      return ok(undefined);
    },

    async changeMobile(account: AccountRow, oldMobile: string, newMobile: string, code: string): Promise<Result<void>> {
      if (await this.identityLocked(account.id)) return fail({ _form: M.identity.locked });
      if (oldMobile !== account.mobile) return fail({ oldMobile: M.mobileOldWrong });
      if (newMobile === account.mobile) return fail({ newMobile: M.mobileSame });
      if (!(await sms.verify(newMobile, 'mobile', code))) return fail({ smsCode: M.sms.wrong });
      await accounts.update(account.id, { mobile: newMobile, updated_at: nowIso() });
      return ok(undefined);
    },

    /** Sets a new password after a reset and ends every session of the account. */
    async resetPassword(accountId: number, newPassword: string): Promise<void> {
      await accounts.update(accountId, { password_hash: await hashPassword(newPassword), updated_at: nowIso() });
      await accounts.bumpSessionEpoch(accountId);
      await security.resets.invalidateFor(accountId, nowIso());
    },

    async audit(accountId: number, action: AuditAction, ip: string | null, detail?: string): Promise<void> {
      await deps.audit.record({ kind: 'applicant', accountId }, action, { target: auditTarget.account(accountId), detail: detail ?? null, ip });
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
