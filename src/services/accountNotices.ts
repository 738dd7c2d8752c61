import type { AccountsRepo } from '../repositories/accounts';
import type { Notifier } from '../notify/transport';
import type { SenderNamesSource } from './bureauSettings';
import { describeError } from '../domain/logRedaction';

/**
 * Tells an applicant that something was decided, after the change has committed: an SMS to the account's mobile
 * and, when it has one, an e-mail. Only what happened, never reasons (an SMS is read on a lock screen); the details
 * are on the applicant's pages. A failed send is logged and never undoes the change.
 */
export function createAccountNotices(deps: { accounts: AccountsRepo; notifier: Notifier; senders: SenderNamesSource }) {
  return {
    async tell(accountId: number, text: string, subject: string, label: string): Promise<void> {
      try {
        const account = await deps.accounts.findById(accountId);
        if (!account) return;
        const senders = await deps.senders();
        const body = `【${senders.sms}】${text}`;
        const sends: Promise<void>[] = [];
        if (account.mobile) sends.push(deps.notifier.sms(account.mobile, body));
        if (account.email) sends.push(deps.notifier.email(account.email, `${senders.mail}-${subject}`, body, senders.mail));
        const failed = (await Promise.allSettled(sends)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        // A mail server's refusal names the address, a gateway may echo the number: redacted before it is logged.
        for (const f of failed) console.error(`[notify] ${label}: ${describeError(f.reason)}`);
      } catch (err) {
        console.error(`[notify] ${label}: ${describeError(err, true)}`);
      }
    },
  };
}
export type AccountNotices = ReturnType<typeof createAccountNotices>;
