import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import knexFactory, { Knex } from 'knex';
import { loadConfig, Config } from '../../src/config';
import { FixedClock } from '../../src/clock';
import { createDb, migrateLatest } from '../../src/db/knex';
import { createContainer, Container } from '../../src/container';
import { createApp } from '../../src/app';
import { seedDemo, seedReferenceData } from '../../seeds';
import type { IdentityVerifier } from '../../src/services/realname';
import { PROTECTION_PURPOSES } from '../../src/security/dataProtector';
import type { AccountRow } from '../../src/repositories/accounts';

export const TEST_NOW = new Date('2026-11-23T02:00:00.000Z'); // 10:00 in Asia/Shanghai

export interface TestContext {
  app: ReturnType<typeof createApp>;
  container: Container;
  db: Knex;
  clock: FixedClock;
  config: Config;
  close(): Promise<void>;
}

/** A real SQLite file per test file, migrated and seeded, and the app built on it. */
export async function makeTestApp(opts: { env?: Record<string, string>; verifier?: IdentityVerifier; demo?: boolean; leavePlain?: boolean } = {}): Promise<TestContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-test-'));
  // TEST_DATABASE_URL=postgres://… runs the same tests on PostgreSQL, one fresh database per test app.
  const pg = process.env.TEST_DATABASE_URL ? await createPgDatabase(process.env.TEST_DATABASE_URL) : null;
  // Each test app has its own key file (made at first start, as in production), so a test may rotate its keys.
  const config = loadConfig({ NODE_ENV: 'test', CAPTCHA: 'off', SQLITE_PATH: path.join(dir, 'test.sqlite'), DATA_KEY_FILE: path.join(dir, 'keys.json'), ...(pg ? { DATABASE_URL: pg.url } : {}), ...opts.env });
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  if (opts.demo !== false) await seedDemo(db, TEST_NOW);
  const clock = new FixedClock(TEST_NOW);
  const container = createContainer(db, config, clock, { verifier: opts.verifier });
  // The seeds write plain rows: encrypted as the server does at start (and as tests that insert rows directly do).
  // `leavePlain`: tests of a migration older than encryption run it over rows as they were then.
  if (!opts.leavePlain) await container.services.protection.sealLegacyRows();
  const app = createApp(container);
  return {
    app, container, db, clock, config,
    async close() {
      await db.destroy();
      await pg?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPgDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tr_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = knexFactory({ client: 'pg', connection: adminUrl });
      await again.raw(`drop database if exists ${name} with (force)`);
      await again.destroy();
    },
  };
}

/** The hidden _csrf value of a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1];
}

export function captchaIdFrom(html: string): string | null {
  return /name="captchaId" value="([0-9a-f]+)"/.exec(html)?.[1] ?? null;
}

/** A browser without JavaScript: keeps cookies, reads the form's token, posts url-encoded fields. */
export class Browser {
  readonly agent: ReturnType<typeof request.agent>;
  constructor(app: TestContext['app']) {
    this.agent = request.agent(app);
  }
  get(url: string) {
    return this.agent.get(url);
  }
  /** GETs the page holding the form, then posts it with the page's CSRF token. */
  async submit(pageUrl: string, fields: Record<string, string>, postUrl = pageUrl) {
    const page = await this.agent.get(pageUrl);
    const token = csrfFrom(page.text);
    return this.agent.post(postUrl).type('form').send({ _csrf: token, ...fields });
  }
  async post(url: string, fields: Record<string, string>, fromPage: string) {
    return this.submit(fromPage, fields, url);
  }
}

export const DEMO = {
  liMing: { idNumber: '440781198503151236', password: 'Demo#2026' },
  huang: { idNumber: '440781197811204614', password: 'Demo#2026' },
  chenFang: { idNumber: '440781199007082424', password: 'Demo#2026' },
  zhangXiaowen: { idNumber: '440781200105150027', password: 'Demo#2026' }, // 教师资格认定's demo applicant
};

/** The answer of the captcha shown on a page (read from the captcha store), or nothing when captchas are off. */
export async function captchaAnswerFrom(ctx: TestContext, html: string): Promise<{ captchaId?: string; captcha?: string }> {
  const captchaId = captchaIdFrom(html);
  if (!captchaId) return {};
  // Captchas are stateless until answered: the service derives the answer from the id.
  return { captchaId, captcha: ctx.container.services.captcha.answer(captchaId) ?? '' };
}

/** Signs in through the login form (answering its captcha when captchas are on). */
export async function loginAs(ctx: TestContext, who: { idNumber: string; password: string }): Promise<Browser> {
  const browser = new Browser(ctx.app);
  const page = await browser.get('/login');
  const res = await browser.agent.post('/login').type('form')
    .send({ _csrf: csrfFrom(page.text), ...(await captchaAnswerFrom(ctx, page.text)), idNumber: who.idNumber, password: who.password });
  if (res.status !== 303) throw new Error(`login failed: ${res.status} ${res.text.slice(0, 500)}`);
  return browser;
}

/** The latest SMS sent to a number, from the outbox, and its 6-digit code. */
export async function lastSmsCode(ctx: TestContext, mobile: string): Promise<string> {
  const row = await ctx.container.repos.outbox.latestTo(mobile);
  const code = row ? /(\d{6})/.exec(row.body)?.[1] : undefined;
  if (!code) throw new Error(`no SMS code for ${mobile}`);
  return code;
}

/** A message as EJS writes it into the page (<%= %> escapes &, <, >, " and '). */
export function escaped(message: string): string {
  return message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/**
 * A `where` for the accounts (or certificates) row of an 证件号码: the number is stored encrypted, so tests that
 * read or set a row directly find it by its blind index, as the repositories do.
 */
export function byIdNumber(ctx: TestContext, idNumber: string): { id_number_index: string } {
  return { id_number_index: ctx.container.personal.index(PROTECTION_PURPOSES.idNumber, idNumber) };
}

/** An account as the repository reads it (证件号码 and 手机号码 opened), or a failed test. */
export async function accountRow(ctx: TestContext, id: number): Promise<AccountRow> {
  const row = await ctx.container.repos.accounts.findById(id);
  if (!row) throw new Error(`no account ${id}`);
  return row;
}

/** Rows in a table, as a number on both databases (PostgreSQL returns counts as strings). */
export async function countRows(ctx: TestContext, table: string): Promise<number> {
  const [row] = await ctx.db(table).count<{ n: number | string }[]>({ n: '*' });
  return Number(row.n);
}
