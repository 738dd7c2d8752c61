import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { SecurityRepo } from '../repositories/security';
import type { ApplicationsRepo } from '../repositories/applications';
import { auditTarget, Actor, AuditAction, AuditService } from './audit';
import type { SmsCodeService } from './smsCodes';
import type { RateLimits } from './rateLimits';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwordHasher';
import { asksLocalIdNumber, asksPassNumber, carriesFacts, factsFromIdNumber, missingSupplements, normaliseIdNumber } from '../domain/identity';
import type { IdentityInput, RegistrationInput } from '../domain/accountForms';
import { locksIdentity } from '../domain/applicationStatus';
import { FieldErrors, fail, ok, Result } from '../domain/validation';
import { M } from '../messages';

/*
 * Failed logins are counted twice (docs in README, "登录保护"):
 * - per source (证件号码 + IP): 5 failures in 15 minutes refuse that source for that 证件号码 for
 *   15 minutes. A stranger's typing locks the stranger, not the teacher.
 * - per 证件号码, from every source: after 10 failures within 24 hours a right password is not enough
 *   any more; the login is finished with an SMS code sent to the account's own mobile. Guessing
 *   from many addresses therefore gets nowhere, and the owner is never shut out.
 */
const SOURCE_POLICY = { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 };
const ACCOUNT_POLICY = { limit: 10, windowMs: 24 * 3600_000, blockMs: 0 };
/** 账号注册: wrong 短信验证码 per IP in an hour before that IP must wait an hour. */
const REGISTER_POLICY = { limit: 20, windowMs: 3600_000, blockMs: 3600_000 };

// Limits on a 证件号码 are named by its blind index (accounts.limitKeyOf): the number itself is never stored in the clear.
const sourceKey = (idKey: string, ip: string) => `login-source:${idKey}|${ip}`;
const accountKey = (idKey: string) => `login-account:${idKey}`;
const registerKey = (ip: string) => `register:${ip}`;

export type LoginOutcome =
  | { ok: true; account: AccountRow; confirmBySms: boolean }
  | { ok: false; reason: 'failed' | 'locked'; minutes?: number };

export type RegisterOutcome = Result<number> | { ok: false; errors: FieldErrors; limited: true };

/** The applicant acting on their own account: every change here is made by the account it changes. */
const self = (accountId: number): Actor => ({ kind: 'applicant', accountId });

/**
 * Accounts: registration, login with lockout, identity, password and mobile changes. Each change and its
 * audit row commit in one transaction: a failed audit write fails the change.
 */
export function createAccountService(deps: {
  db: Knex; accounts: AccountsRepo; security: SecurityRepo; applications: ApplicationsRepo; audit: AuditService;
  sms: SmsCodeService; limits: RateLimits; clock: Clock;
}) {
  const { db, accounts, security, applications, sms, limits, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  const record = (accountId: number, action: AuditAction, ip: string | null, trx: Knex.Transaction) =>
    deps.audit.record(self(accountId), action, { target: auditTarget.account(accountId), ip }, trx);

  async function recordLogin(account: AccountRow, ip: string | null): Promise<void> {
    await limits.clear(accountKey(accounts.limitKeyOf(account.id_number)));
    await db.transaction(async (trx) => {
      await accounts.update(account.id, { previous_login_at: account.last_login_at, last_login_at: nowIso() }, trx);
      await record(account.id, 'account.login', ip, trx);
    });
  }

  return {
    findById: (id: number) => accounts.findById(id),

    /**
     * Creates the account once every field is valid. The SMS code (which only a person who answered the
     * captcha can have) is checked before anything is said about the 证件号码, and wrong codes count
     * against the IP: nobody learns which numbers are registered by posting dummy codes.
     */
    async register(input: RegistrationInput, ip: string): Promise<RegisterOutcome> {
      const waitMinutes = await limits.blockedMinutes(registerKey(ip));
      if (waitMinutes > 0) return { ok: false, errors: { _form: M.tooManyAttempts(waitMinutes) }, limited: true };
      if (!(await sms.verify(input.mobile, 'register', input.smsCode))) {
        const blocked = await limits.hit(registerKey(ip), REGISTER_POLICY);
        if (blocked > 0) return { ok: false, errors: { _form: M.tooManyAttempts(blocked) }, limited: true };
        return fail({ smsCode: M.sms.wrong });
      }
      if (await accounts.findByTypeAndNumber(input.idType, input.idNumber)) return fail({ idNumber: M.idNumber.registered });
      const facts = factsFromIdNumber(input.idType, input.idNumber);
      const now = nowIso();
      const passwordHash = await hashPassword(input.password); // before the transaction: scrypt is slow
      let duplicate = false;
      try {
        const id = await db.transaction(async (trx) => {
          const newId = await accounts.insert({
            id_type: input.idType, id_number: input.idNumber, name: input.name,
            sex: facts?.sex ?? null, birth_date: facts?.birthDate ?? null, ethnicity_code: null,
            id_validity: null, id_valid_from: null, id_valid_to: null,
            email: input.email, mobile: input.mobile, password_hash: passwordHash,
            created_at: now, updated_at: now,
          }, trx).catch((err: unknown) => {
            // Two submissions racing past the check above: the unique index decides (only this insert's error).
            duplicate = /unique|duplicate/i.test(String(err));
            throw err;
          });
          await record(newId, 'account.register', ip, trx);
          return newId;
        });
        return ok(id);
      } catch (err) {
        if (duplicate) return fail({ idNumber: M.idNumber.registered });
        throw err;
      }
    },

    /**
     * 证件号码 + 密码 from `ip`. Every failure looks the same (登录失败！), whether the account exists or not.
     * A source with 5 failures waits 15 minutes; an account that many sources failed on asks for an SMS code
     * after the right password (`confirmBySms`; finish with `confirmLogin`).
     */
    async authenticate(rawIdNumber: string, password: string, ip: string): Promise<LoginOutcome> {
      const identifier = normaliseIdNumber(rawIdNumber).slice(0, 60);
      const idKey = accounts.limitKeyOf(identifier);
      const waitMinutes = await limits.blockedMinutes(sourceKey(idKey, ip));
      if (waitMinutes > 0) return { ok: false, reason: 'locked', minutes: waitMinutes };
      const candidates = identifier ? await accounts.findByIdNumber(identifier) : [];
      let matched: AccountRow | undefined;
      for (const account of candidates) {
        if (await verifyPassword(password, account.password_hash)) matched = account;
      }
      if (candidates.length === 0) await verifyPassword(password, DUMMY_HASH);
      if (!matched) {
        await limits.hit(accountKey(idKey), ACCOUNT_POLICY);
        const blocked = await limits.hit(sourceKey(idKey, ip), SOURCE_POLICY);
        if (blocked > 0) return { ok: false, reason: 'locked', minutes: blocked };
        return { ok: false, reason: 'failed' };
      }
      await limits.clear(sourceKey(idKey, ip));
      if ((await limits.hits(accountKey(idKey), ACCOUNT_POLICY.windowMs)) >= ACCOUNT_POLICY.limit) {
        return { ok: true, account: matched, confirmBySms: true };
      }
      await recordLogin(matched, ip);
      return { ok: true, account: matched, confirmBySms: false };
    },

    /** The SMS step of a login the password alone could not finish; the right code ends the account's failure count. */
    async confirmLogin(account: AccountRow, code: string, ip: string | null): Promise<Result<void>> {
      if (!(await sms.verify(account.mobile, 'login', code))) return fail({ smsCode: M.sms.wrong });
      await recordLogin(account, ip);
      return ok(undefined);
    },

    /** 002 §2.1: 民族 for all; 性别/出生日期 where the number does not carry them; the 港澳台 numbers of 002 §2.1 b–c. */
    needsIdentityCompletion(account: AccountRow): boolean {
      return !account.ethnicity_code || (!carriesFacts(account.id_type) && (!account.sex || !account.birth_date))
        || missingSupplements(account).length > 0;
    },

    async identityLocked(accountId: number): Promise<boolean> {
      return (await applications.statusesOf(accountId)).some(locksIdentity);
    },

    /**
     * Saves the identity form. While an application is under review the identity is locked — except that an
     * account asked for a 港澳台 number it never had (an account older than 002 §2.1 b–c) may fill that blank in,
     * and only that: no application holds it, and otherwise the holder could not get past 补充个人身份信息.
     * Answers `supplementOnly` when that is all that was saved.
     */
    async updateIdentity(account: AccountRow, input: IdentityInput, ip: string | null): Promise<Result<{ supplementOnly: boolean }>> {
      const missing = missingSupplements(account);
      const supplements: Partial<AccountRow> = {};
      if (asksLocalIdNumber(account.id_type) && input.localIdNumber) supplements.local_id_number = input.localIdNumber;
      if (asksPassNumber(account.id_type) && input.passNumber) supplements.pass_number = input.passNumber;
      if (await this.identityLocked(account.id)) {
        if (!missing.length) return fail({ _form: M.identity.locked });
        const blanks: Partial<AccountRow> = { updated_at: nowIso() };
        for (const column of missing) if (supplements[column]) blanks[column] = supplements[column];
        await db.transaction(async (trx) => {
          await accounts.update(account.id, blanks, trx);
          await record(account.id, 'account.identity', ip, trx);
        });
        return ok({ supplementOnly: true });
      }
      const patch: Partial<AccountRow> = {
        ethnicity_code: input.ethnicityCode, id_validity: input.validity, id_valid_from: input.validFrom,
        id_valid_to: input.validTo, updated_at: nowIso(), ...supplements,
      };
      if (input.email) patch.email = input.email;
      if (!carriesFacts(account.id_type) && input.sex) {
        patch.sex = input.sex;
        patch.birth_date = input.birthDate;
      }
      await db.transaction(async (trx) => {
        await accounts.update(account.id, patch, trx);
        await record(account.id, 'account.identity', ip, trx);
      });
      return ok({ supplementOnly: false });
    },

    /** Checks the old password; the new one ends every other session (the caller keeps the current one). */
    async changePassword(account: AccountRow, oldPassword: string, newPassword: string, ip: string | null): Promise<Result<void>> {
      if (!(await verifyPassword(oldPassword, account.password_hash))) return fail({ oldPassword: M.password.oldWrong });
      if (oldPassword === newPassword) return fail({ password: M.password.sameAsOld });
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (trx) => {
        await accounts.update(account.id, { password_hash: passwordHash, updated_at: nowIso() }, trx);
        await accounts.bumpSessionEpoch(account.id, trx);
        await record(account.id, 'account.password', ip, trx);
      });
      return ok(undefined);
    },

    async changeMobile(account: AccountRow, oldMobile: string, newMobile: string, code: string, ip: string | null): Promise<Result<void>> {
      if (await this.identityLocked(account.id)) return fail({ _form: M.identity.locked });
      if (oldMobile !== account.mobile) return fail({ oldMobile: M.mobileOldWrong });
      if (newMobile === account.mobile) return fail({ newMobile: M.mobileSame });
      if (!(await sms.verify(newMobile, 'mobile', code))) return fail({ smsCode: M.sms.wrong });
      await db.transaction(async (trx) => {
        await accounts.update(account.id, { mobile: newMobile, updated_at: nowIso() }, trx);
        await record(account.id, 'account.mobile', ip, trx);
      });
      return ok(undefined);
    },

    /**
     * Sets a new password after a reset, ends every session and every open reset of the account. `alongside`
     * runs first in the same transaction (the reset's claim on its token, its audit row): answering false
     * abandons the reset with nothing written; throwing rolls it all back.
     */
    async resetPassword(account: AccountRow, newPassword: string, alongside: (trx: Knex.Transaction) => Promise<boolean>): Promise<boolean> {
      const passwordHash = await hashPassword(newPassword);
      const now = nowIso();
      const done = await db.transaction(async (trx) => {
        if (!(await alongside(trx))) return false;
        await accounts.update(account.id, { password_hash: passwordHash, updated_at: now }, trx);
        await accounts.bumpSessionEpoch(account.id, trx);
        await security.resets.invalidateFor(account.id, now, trx);
        return true;
      });
      // A new password proven by e-mail or SMS: earlier failures say nothing about it.
      if (done) await limits.clear(accountKey(accounts.limitKeyOf(account.id_number)));
      return done;
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
