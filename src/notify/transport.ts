import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Clock } from '../clock';
import type { OutboxRepo } from '../repositories/outbox';

/** How SMS and e-mail leave the system. Development and tests use the outbox; production SMTP + an HTTP SMS gateway. */
export interface Notifier {
  sms(mobile: string, text: string): Promise<void>;
  /** `fromName`: the sender's name shown to the reader (the bureau's setting); the address stays MAIL_FROM's. */
  email(to: string, subject: string, text: string, fromName?: string): Promise<void>;
}

export function createOutboxNotifier(outbox: OutboxRepo, clock: Clock): Notifier {
  const now = () => clock.now().toISOString();
  return {
    async sms(mobile, text) {
      await outbox.insert({ channel: 'sms', recipient: mobile, subject: null, body: text, created_at: now() });
    },
    async email(to, subject, text) {
      await outbox.insert({ channel: 'email', recipient: to, subject, body: text, created_at: now() });
    },
  };
}

export function createProductionNotifier(config: Config): Notifier {
  const mailer = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  return {
    async sms(mobile, text) {
      if (!config.smsGatewayUrl) throw new Error('SMS_GATEWAY_URL is not configured');
      // The gateway contract: POST JSON {mobile, text}; a bureau's gateway adapter can translate.
      const response = await fetch(config.smsGatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(config.smsGatewayToken ? { authorization: `Bearer ${config.smsGatewayToken}` } : {}) },
        body: JSON.stringify({ mobile, text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
    async email(to, subject, text, fromName) {
      if (!mailer) throw new Error('SMTP_URL is not configured');
      const address = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom.trim();
      await mailer.sendMail({ from: fromName ? { name: fromName, address } : config.mailFrom, to, subject, text });
    },
  };
}
