import crypto from 'node:crypto';
import type { Clock } from '../clock';
import type { SecurityRepo } from '../repositories/security';
import type { Notifier } from '../notify/transport';
import type { SenderNamesSource } from './bureauSettings';
import type { DataProtector } from '../security/dataProtector';
import { M } from '../messages';
import { describeError } from '../domain/logRedaction';

export type SmsPurpose = 'register' | 'reset' | 'mobile' | 'cert-query' | 'login';

const VALID_MS = 5 * 60 * 1000;
const COOL_DOWN_MS = 60 * 1000;
const HOURLY_LIMIT = 5;
const MAX_ATTEMPTS = 5;
const SMS_CODE_PURPOSE = 'sms_code';

const PURPOSE_TEXT: Record<SmsPurpose, string> = {
  register: '账号注册',
  reset: '重置密码',
  mobile: '修改手机号码',
  'cert-query': '证书查询',
  login: '登录',
};

export type SendOutcome = { sent: true } | { sent: false; message: string };

/** 短信验证码: 6 digits, valid 5 minutes, 60 s cool-down, at most 5 an hour per number and per IP. */
/**
 * The code is kept as a keyed MAC of (purpose, mobile, code): a plain hash would let whoever reads the table try every
 * code and mobile offline, and the mobile is personal data (stored encrypted by the repository).
 */
export function createSmsCodeService(security: SecurityRepo, notifier: Notifier, clock: Clock, senders: SenderNamesSource, macs: Pick<DataProtector, 'mac' | 'verifyMac'>) {
  const digestOf = (purpose: SmsPurpose, mobile: string, code: string) => `${purpose}:${mobile}:${code}`;
  return {
    async send(mobile: string, purpose: SmsPurpose, ip: string): Promise<SendOutcome> {
      const now = clock.now();
      const last = await security.sms.latestFor(mobile, purpose);
      if (last) {
        const wait = Date.parse(last.created_at) + COOL_DOWN_MS - now.getTime();
        if (wait > 0) return { sent: false, message: M.sms.coolDown(Math.ceil(wait / 1000)) };
      }
      const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
      if ((await security.sms.countSince('mobile', mobile, hourAgo)) >= HOURLY_LIMIT ||
          (await security.sms.countSince('ip', ip, hourAgo)) >= HOURLY_LIMIT) {
        return { sent: false, message: M.sms.hourly };
      }
      const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
      await security.sms.insert({
        mobile, purpose, ip, code_hash: macs.mac(SMS_CODE_PURPOSE, digestOf(purpose, mobile, code)),
        created_at: now.toISOString(), expires_at: new Date(now.getTime() + VALID_MS).toISOString(),
      });
      try {
        await notifier.sms(mobile, `【${(await senders()).sms}】您的${PURPOSE_TEXT[purpose]}验证码是${code}，5分钟内有效。如非本人操作，请忽略本短信。`);
      } catch (err) {
        // The gateway is down or refuses: the person is told so by the field, the operator reads why in the log. The
        // code's row stays (it counts against the limits, and a late delivery still works).
        console.error(`[sms] ${purpose} to ${mobile.slice(0, 3)}****${mobile.slice(-4)} failed: ${describeError(err)}`);
        return { sent: false, message: M.sms.sendFailed };
      }
      return { sent: true };
    },
    /** True once for the right code of the latest unexpired message; five wrong tries spend it. */
    async verify(mobile: string, purpose: SmsPurpose, code: string): Promise<boolean> {
      const row = await security.sms.latestFor(mobile, purpose);
      const now = clock.now().toISOString();
      if (!row || row.used_at || row.expires_at < now || row.attempts >= MAX_ATTEMPTS) return false;
      if (!macs.verifyMac(SMS_CODE_PURPOSE, digestOf(purpose, mobile, code), row.code_hash)) {
        await security.sms.addAttempt(row.id);
        return false;
      }
      return (await security.sms.markUsed(row.id, now)) === 1;
    },
  };
}
export type SmsCodeService = ReturnType<typeof createSmsCodeService>;
