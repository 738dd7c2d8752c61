import path from 'node:path';
import { isIP } from 'node:net';
import { projectRoot } from './paths';
import { IpAllowList, parseIpAllowList } from './domain/ipAllowList';

/** Typed configuration read once from the environment. Secrets are required in production. */
export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  databaseUrl: string | null; // postgres://… when set; otherwise SQLite at sqlitePath
  sqlitePath: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  trustProxy: string[] | false; // addresses/subnets of the reverse proxies whose X-Forwarded-For is believed
  staffIpAllowList: IpAllowList | null; // STAFF_IP_ALLOWLIST: the only addresses staff pages answer (req.ip, so after TRUST_PROXY); null = any
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
  chromiumPath: string; // the system Chromium that prints the 申请表 PDF (never a downloaded browser)
  pdfPoolSize: number; // pages rendering PDFs at once (one browser per process)
  pdfTimeoutMs: number; // a PDF render longer than this gives up with 503 (the wait in line for a page is not counted)
  pdfQueueMax: number; // PDFs that may wait in line for a free page; one more answers 503 at once
  pdfRecycleAfter: number; // Chromium is replaced (without failing a render) after this many renders; 0 = never
  pdfRecycleBytes: number; // … or when its processes use more than this (PSS, read every 50 renders); 0 = never
  pdfCacheBytes: number; // 申请表 PDFs kept in memory for repeat downloads (least recently used out)
  headersTimeoutMs: number; // a client must finish sending its headers within this
  requestTimeoutMs: number; // … and its whole request (body included) within this
  keepAliveTimeoutMs: number; // an idle kept-alive connection is closed after this
  housekeepingIntervalMinutes: number; // how often housekeeping runs (retention, unreferenced uploads); 0 = never (the default in tests)
  /** Retention (个人信息处理告知): days after its plan's end a wizard draft is kept (RETENTION_DRAFT_DAYS, 1–3650). */
  retentionDraftDays: number;
  /** … and days an outbox row (copies of SMS and e-mail) is kept (RETENTION_OUTBOX_DAYS, 1–3650). */
  retentionOutboxDays: number;
  /** Who answers 人工审核 real-name requests: the system admin only, or also the bureau's reviewers (REALNAME_REVIEWER=bureau). */
  realnameReviewer: 'system_admin' | 'bureau';
  /** The master keys of personal data at rest (security/keyring.ts): DATA_KEYS (JSON) wins over the key file. */
  dataKeys: string | null;
  dataKeyFile: string;
}

export class ConfigError extends Error {}

/**
 * The whole site's name, neutral between its two businesses (the manuals' 中国教师资格网 names the site, not a
 * business): a business's pages add the business themselves (web/pageBusiness.ts).
 */
export const DEFAULT_SITE_NAME = '教师资格网上申报系统';

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`不是有效的整数: ${value}`);
  return n;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY lists the proxies (IP, CIDR, or loopback/linklocal/uniquelocal) whose X-Forwarded-For
 * is believed. A hop count such as `1` would believe whatever a client sent straight to the port
 * (a fresh rate-limit bucket per forged address), so it is refused rather than guessed at.
 */
export function parseTrustProxy(value: string | undefined): string[] | false {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === '0' || raw.toLowerCase() === 'false') return false;
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const ok = PROXY_NAMES.has(entry) || (extra === undefined && isIP(address) !== 0 &&
      (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128))));
    if (!ok) {
      throw new ConfigError(`TRUST_PROXY must list the reverse proxy's addresses (e.g. 127.0.0.1 or 10.0.0.2,10.0.0.3), not "${entry}"`);
    }
  }
  return entries;
}

/** STAFF_IP_ALLOWLIST: IPs and CIDR subnets, separated by commas or spaces; a wrong entry stops the start, named. */
export function staffIpAllowListOf(value: string | undefined): IpAllowList | null {
  const parsed = parseIpAllowList(value);
  if (!parsed.ok) throw new ConfigError(`STAFF_IP_ALLOWLIST must list IP addresses or CIDR subnets (e.g. 10.20.0.0/16,192.168.1.5), not "${parsed.entry}"`);
  return parsed.list;
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
  // Teachers cannot register without the SMS code, nor reset a password without SMS or mail: say at start what is
  // missing rather than at the first teacher's 获取验证码.
  if (production && transport === 'smtp') {
    for (const name of ['SMTP_URL', 'SMS_GATEWAY_URL'] as const) {
      if (!env[name]) throw new ConfigError(`${name} must be set in production with NOTIFY_TRANSPORT=smtp`);
    }
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    staffIpAllowList: staffIpAllowListOf(env.STAFF_IP_ALLOWLIST),
    captchaEnabled: !captchaOff,
    maxInFlight: int(env.MAX_IN_FLIGHT, 200),
    loginIpLimit: int(env.LOGIN_IP_LIMIT, 50),
    timeZone: env.APP_TIME_ZONE ?? 'Asia/Shanghai',
    baseUrl: (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    transport,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? `${DEFAULT_SITE_NAME} <noreply@localhost>`,
    smsGatewayUrl: env.SMS_GATEWAY_URL ?? null,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN ?? null,
    identityListPath: env.IDENTITY_LIST_PATH ?? null,
    siteName: env.SITE_NAME ?? DEFAULT_SITE_NAME,
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    pdfPoolSize: Math.max(1, int(env.PDF_POOL_SIZE, 2)),
    pdfTimeoutMs: Math.max(1000, int(env.PDF_TIMEOUT_MS, 15000)),
    pdfQueueMax: Math.max(0, int(env.PDF_QUEUE_MAX, 200)),
    pdfRecycleAfter: Math.max(0, int(env.PDF_RECYCLE_AFTER, 500)),
    pdfRecycleBytes: Math.max(0, int(env.PDF_RECYCLE_MB, 768)) * 2 ** 20,
    pdfCacheBytes: Math.max(0, int(env.PDF_CACHE_MB, 8)) * 2 ** 20,
    housekeepingIntervalMinutes: int(env.HOUSEKEEPING_INTERVAL_MINUTES, nodeEnv === 'test' ? 0 : 60),
    realnameReviewer: realnameReviewer(env.REALNAME_REVIEWER),
    retentionDraftDays: days(env, 'RETENTION_DRAFT_DAYS', 30),
    retentionOutboxDays: days(env, 'RETENTION_OUTBOX_DAYS', 180),
    dataKeys: env.DATA_KEYS ? env.DATA_KEYS : null,
    dataKeyFile: env.DATA_KEY_FILE || path.join(projectRoot, 'data', 'keys.json'),
    ...timeouts(env),
  };
}

/**
 * A retention period in days: 1 to 3650. 0 would delete a draft the moment its plan ends (or an SMS copy as it is
 * written), so it is refused like any other value that is not a whole number of days.
 */
function days(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new ConfigError(`${name} must be a whole number of days from 1 to 3650, not "${raw}"`);
  return n;
}

/** A typo must not silently hand the queue to someone else: only the two known values are accepted. */
function realnameReviewer(value: string | undefined): Config['realnameReviewer'] {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'system_admin') return 'system_admin';
  if (v === 'bureau') return 'bureau';
  throw new ConfigError(`REALNAME_REVIEWER must be system_admin or bureau, not "${value}"`);
}

/**
 * Socket time limits. Without them Node waits 300 s for a request that stops half-way, so a few idle
 * sockets could hold the instance. The request limit is generous for an 8 MB photo on a slow county
 * line; the header limit cannot exceed it (Node requires headersTimeout ≤ requestTimeout).
 */
function timeouts(env: NodeJS.ProcessEnv): Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'> {
  const requestTimeoutMs = Math.max(1000, int(env.REQUEST_TIMEOUT_MS, 120_000));
  return {
    requestTimeoutMs,
    headersTimeoutMs: Math.min(requestTimeoutMs, Math.max(1000, int(env.HEADERS_TIMEOUT_MS, 20_000))),
    keepAliveTimeoutMs: Math.max(1000, int(env.KEEP_ALIVE_TIMEOUT_MS, 5_000)),
  };
}
