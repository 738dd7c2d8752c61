import path from 'node:path';
import { projectRoot } from './paths';

/** Typed configuration read once from the environment. Secrets are required in production. */
export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  databaseUrl: string | null; // postgres://… when set; otherwise SQLite at sqlitePath
  sqlitePath: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  captchaEnabled: boolean;
  maxInFlight: number; // 流量控制: requests beyond this get a fast 503
  loginIpLimit: number; // login attempts per IP per 15 minutes
  timeZone: string;
  baseUrl: string; // used in e-mailed links
  transport: 'outbox' | 'smtp';
  smtpUrl: string | null;
  mailFrom: string;
  smsGatewayUrl: string | null;
  smsGatewayToken: string | null;
  identityListPath: string | null; // optional CSV "证件号码,姓名" for the real-name verifier
  siteName: string;
  retirementAge: { male: number; female: number }; // legal retirement ages for the registration rule
  chromiumPath: string; // the system Chromium that prints the 申请表 PDF (never a downloaded browser)
  pdfPoolSize: number; // pages rendering PDFs at once (one browser per process)
  pdfTimeoutMs: number; // a PDF render (or the wait for a free page) longer than this gives up with 503
  housekeepingIntervalMinutes: number; // how often unreferenced uploads are purged; 0 = never (the default in tests)
}

export class ConfigError extends Error {}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`不是有效的整数: ${value}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = nodeEnv === 'production';
  const sessionSecret = env.SESSION_SECRET ?? '';
  if (production && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be set to at least 32 characters in production');
  }
  const captchaOff = (env.CAPTCHA ?? '').toLowerCase() === 'off';
  if (production && captchaOff) {
    throw new ConfigError('CAPTCHA=off is refused in production');
  }
  const transport = env.NOTIFY_TRANSPORT === 'smtp' ? 'smtp' : 'outbox';
  if (production && transport === 'outbox' && env.ALLOW_OUTBOX_IN_PRODUCTION !== '1') {
    throw new ConfigError('NOTIFY_TRANSPORT=smtp (with SMTP_URL and SMS_GATEWAY_URL) is required in production');
  }
  const port = int(env.PORT, 3000);
  return {
    env: nodeEnv,
    port,
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    sqlitePath: env.SQLITE_PATH ?? path.join(projectRoot, 'data', 'app.sqlite'),
    sessionSecret: sessionSecret || 'development-only-secret-change-me-please',
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 30),
    cookieSecure: env.COOKIE_SECURE === '1',
    trustProxy: env.TRUST_PROXY === '1',
    captchaEnabled: !captchaOff,
    maxInFlight: int(env.MAX_IN_FLIGHT, 200),
    loginIpLimit: int(env.LOGIN_IP_LIMIT, 50),
    timeZone: env.APP_TIME_ZONE ?? 'Asia/Shanghai',
    baseUrl: (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    transport,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? '教师资格定期注册 <noreply@localhost>',
    smsGatewayUrl: env.SMS_GATEWAY_URL ?? null,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN ?? null,
    identityListPath: env.IDENTITY_LIST_PATH ?? null,
    siteName: env.SITE_NAME ?? '中小学教师资格定期注册系统',
    retirementAge: { male: int(env.RETIREMENT_AGE_MALE, 60), female: int(env.RETIREMENT_AGE_FEMALE, 55) },
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    pdfPoolSize: Math.max(1, int(env.PDF_POOL_SIZE, 2)),
    pdfTimeoutMs: Math.max(1000, int(env.PDF_TIMEOUT_MS, 15000)),
    housekeepingIntervalMinutes: int(env.HOUSEKEEPING_INTERVAL_MINUTES, nodeEnv === 'test' ? 0 : 60),
  };
}
