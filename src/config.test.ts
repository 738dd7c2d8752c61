import { ConfigError, loadConfig, parseTrustProxy } from './config';

describe('TRUST_PROXY', () => {
  test('off by default', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
  });
  test('addresses, subnets and the named ranges are taken as given', () => {
    expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseTrustProxy(' 10.0.0.2, 10.0.0.3 ,::1')).toEqual(['10.0.0.2', '10.0.0.3', '::1']);
    expect(parseTrustProxy('10.0.0.0/8,fd00::/8,loopback')).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
  });
  test.each(['1', '2', 'true', 'nginx', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/9'])('%s is refused', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(ConfigError);
  });
});

describe('socket timeouts', () => {
  test('sane defaults', () => {
    expect(loadConfig({})).toMatchObject({ headersTimeoutMs: 20_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000 });
  });
  test('configurable; the header limit never exceeds the request limit', () => {
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '9000', REQUEST_TIMEOUT_MS: '30000', KEEP_ALIVE_TIMEOUT_MS: '2000' }))
      .toMatchObject({ headersTimeoutMs: 9000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 2000 });
    expect(loadConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '30000' }).headersTimeoutMs).toBe(30_000);
  });
});

describe('REALNAME_REVIEWER', () => {
  test('the system admin by default; bureau hands the queue to the reviewers too; anything else refuses to start', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).realnameReviewer).toBe('system_admin');
    expect(loadConfig({ NODE_ENV: 'test', REALNAME_REVIEWER: 'bureau' }).realnameReviewer).toBe('bureau');
    expect(loadConfig({ NODE_ENV: 'test', REALNAME_REVIEWER: 'system_admin' }).realnameReviewer).toBe('system_admin');
    expect(() => loadConfig({ NODE_ENV: 'test', REALNAME_REVIEWER: 'reviewr' })).toThrow(ConfigError);
  });
});

describe('the PDF service', () => {
  test('a bounded line, recycling and a small cache by default; each configurable, 0 turning recycling off', () => {
    expect(loadConfig({})).toMatchObject({ pdfQueueMax: 200, pdfRecycleAfter: 500, pdfRecycleBytes: 768 * 2 ** 20, pdfCacheBytes: 8 * 2 ** 20 });
    expect(loadConfig({ PDF_QUEUE_MAX: '20', PDF_RECYCLE_AFTER: '0', PDF_RECYCLE_MB: '0', PDF_CACHE_MB: '4' }))
      .toMatchObject({ pdfQueueMax: 20, pdfRecycleAfter: 0, pdfRecycleBytes: 0, pdfCacheBytes: 4 * 2 ** 20 });
  });
});

describe('production notification settings', () => {
  const base = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), NOTIFY_TRANSPORT: 'smtp' };
  it('refuses to start without SMTP_URL or SMS_GATEWAY_URL, naming the missing one', () => {
    expect(() => loadConfig({ ...base, SMS_GATEWAY_URL: 'http://sms' })).toThrow(/SMTP_URL must be set/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail' })).toThrow(/SMS_GATEWAY_URL must be set/);
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail', SMS_GATEWAY_URL: 'http://sms' }).transport).toBe('smtp');
  });
});

describe('retention (RETENTION_DRAFT_DAYS, RETENTION_OUTBOX_DAYS)', () => {
  test('30 and 180 days by default; configurable; anything but 1–3650 whole days refuses to start', () => {
    expect(loadConfig({})).toMatchObject({ retentionDraftDays: 30, retentionOutboxDays: 180 });
    expect(loadConfig({ RETENTION_DRAFT_DAYS: '60', RETENTION_OUTBOX_DAYS: ' 365 ' })).toMatchObject({ retentionDraftDays: 60, retentionOutboxDays: 365 });
    for (const bad of ['0', '-1', '1.5', 'thirty', '3651']) {
      expect(() => loadConfig({ RETENTION_DRAFT_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RETENTION_OUTBOX_DAYS: bad })).toThrow(/RETENTION_OUTBOX_DAYS/);
    }
  });
});
