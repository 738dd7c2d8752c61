import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { SecurityRepo } from '../repositories/security';
import type { Notifier } from '../notify/transport';
import type { SenderNamesSource } from './bureauSettings';
import type { AccountService } from './accounts';
import type { SmsCodeService } from './smsCodes';
import { auditTarget, Actor, AuditService } from './audit';
import { sha256 } from './passwordHasher';
import { fail, ok, Result } from '../domain/validation';
import { M } from '../messages';

const TOKEN_TTL_MS = 24 * 3600 * 1000;

/**
 * 忘记密码: 证件类型 + 证件号码 + 姓名, then an e-mailed single-use link (24 h) or an SMS code. A reset, its
 * claim on the token and its audit row (by the account's owner, who proved it) commit in one transaction.
 */
export function createPasswordResetService(deps: {
  accounts: AccountsRepo; security: SecurityRepo; accountService: AccountService; sms: SmsCodeService; audit: AuditService;
  notifier: Notifier; clock: Clock; baseUrl: string; senders: SenderNamesSource;
}) {
  const { accounts, security, clock } = deps;
  const owner = (account: AccountRow): Actor => ({ kind: 'applicant', accountId: account.id });
  return {
    async findAccount(idType: string, idNumber: string, name: string): Promise<AccountRow | null> {
      const account = await accounts.findByTypeAndNumber(idType, idNumber);
      return account && account.name === name ? account : null;
    },

    async sendEmailLink(account: AccountRow): Promise<void> {
      const token = crypto.randomBytes(32).toString('base64url');
      const now = clock.now();
      await security.resets.insert({
        account_id: account.id, token_hash: sha256(token),
        created_at: now.toISOString(), expires_at: new Date(now.getTime() + TOKEN_TTL_MS).toISOString(),
      });
      const link = `${deps.baseUrl}/password/reset/${token}`;
      const { mail } = await deps.senders();
      await deps.notifier.email(account.email, `${mail}-找回密码`,
        `您好：\n您用于本次密码重置的邮箱地址链接：${link} ，请点击链接地址，进行后续操作。（链接地址24小时内有效，且只能使用一次。）\n如非本人操作，请忽略本邮件。`, mail);
    },

    async tokenAccountId(token: string): Promise<number | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const row = await security.resets.findByHash(sha256(token));
      if (!row || row.used_at || row.expires_at < clock.now().toISOString()) return null;
      return row.account_id;
    },

    async resetWithToken(token: string, newPassword: string, ip: string | null): Promise<Result<number>> {
      const row = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await security.resets.findByHash(sha256(token)) : undefined;
      const now = clock.now().toISOString();
      if (!row || row.used_at || row.expires_at < now) return fail({ _form: M.forgot.tokenInvalid });
      const account = await accounts.findById(row.account_id);
      if (!account) return fail({ _form: M.forgot.tokenInvalid });
      const done = await deps.accountService.resetPassword(account, newPassword, async (trx) => {
        // Only the first of two simultaneous submissions marks it; the second is refused.
        if ((await security.resets.markUsed(row.id, now, trx)) !== 1) return false;
        await deps.audit.record(owner(account), 'account.password-reset.email', { target: auditTarget.account(account.id), ip }, trx);
        return true;
      });
      return done ? ok(account.id) : fail({ _form: M.forgot.tokenInvalid });
    },

    async resetWithSms(account: AccountRow, code: string, newPassword: string, ip: string | null): Promise<Result<void>> {
      if (!(await deps.sms.verify(account.mobile, 'reset', code))) return fail({ smsCode: M.sms.wrong });
      await deps.accountService.resetPassword(account, newPassword, async (trx) => {
        await deps.audit.record(owner(account), 'account.password-reset.sms', { target: auditTarget.account(account.id), ip }, trx);
        return true;
      });
      return ok(undefined);
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
