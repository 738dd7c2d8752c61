import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { runAdmin } from '../../src/cli/admin';
import { createDb } from '../../src/db/knex';
import { loadConfig } from '../../src/config';
import { createContainer } from '../../src/container';
import { FixedClock } from '../../src/clock';
import { INIT_MESSAGES } from '../../src/services/instance';
import { M } from '../../src/messages';
import { createPgDatabase } from '../helpers/app';
import { ENGINES, Engine } from '../helpers/db';

/**
 * `npm run admin -- init` through the CLI's entry function, on an empty production install (no demo seed): a real
 * SQLite file, and a PostgreSQL database when TEST_DATABASE_URL is set.
 */
const SECRET = 'a-production-session-secret-of-forty-chars!';
const GOOD = ['init', '--bureau-name', '台山市教育局', '--region', '440781', '--level', '县级', '--username', 'admin'];
const PASSWORD = 'Strong#2026';

async function emptyInstall(engine: Engine): Promise<{ env: NodeJS.ProcessEnv; close(): Promise<void> }> {
  const base = { NODE_ENV: 'production', SESSION_SECRET: SECRET, NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:9', SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' };
  if (engine === 'postgres') {
    const pg = await createPgDatabase(process.env.TEST_DATABASE_URL!);
    return { env: { ...base, DATABASE_URL: pg.url }, close: () => pg.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-init-'));
  return { env: { ...base, SQLITE_PATH: path.join(dir, 'app.sqlite') }, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function withDb<T>(env: NodeJS.ProcessEnv, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig(env));
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
const count = async (db: Knex, table: string) => Number((await db(table).count<{ n: number | string }[]>({ n: '*' }))[0].n);

describe.each(ENGINES)('admin init on an empty production install (%s)', (engine) => {
  let install: Awaited<ReturnType<typeof emptyInstall>>;
  let lines: string[];
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}, secret?: (q: string) => Promise<string | null>) => {
    lines = [];
    return runAdmin(args, { ...install.env, ...extra }, { out: (l) => lines.push(l), secret: secret ?? (async () => null) });
  };
  beforeAll(async () => {
    install = await emptyInstall(engine);
  });
  afterAll(async () => install.close());

  test('bad input is refused field by field and writes nothing', async () => {
    expect(await run(GOOD, { STAFF_PASSWORD: 'weakpass' })).toBe(1);
    expect(lines).toContain(`错误：${M.password.policy}`);
    expect(await run(['init', '--bureau-name', '台山市教育局', '--region', '999999', '--level', '县级', '--username', 'admin'], { STAFF_PASSWORD: PASSWORD })).toBe(1);
    expect(lines.join('\n')).toMatch(/999999.*不在行政区划代码表中/);
    expect(await run(['init', '--bureau-name', '江门市教育局', '--region', '440700', '--level', '县级', '--username', 'admin'], { STAFF_PASSWORD: PASSWORD })).toBe(1);
    expect(lines.join('\n')).toContain('440700（江门市）是市级行政区划，与机构级别“县级”不符');
    expect(await run(['init', '--region', '440781', '--level', '乡级', '--username', 'a b'], { STAFF_PASSWORD: PASSWORD })).toBe(1);
    expect(lines.join('\n')).toMatch(/注册机构名称[\s\S]*机构级别[\s\S]*用户名/);
    await withDb(install.env, async (db) => {
      expect(await count(db, 'bureaus')).toBe(0);
      expect(await count(db, 'staff_users')).toBe(0);
    });
  });

  test('without STAFF_PASSWORD and without a terminal it says how to give one; typed twice differently it refuses', async () => {
    expect(await run(GOOD)).toBe(2);
    expect(lines.join('\n')).toContain('STAFF_PASSWORD');
    const answers = ['Strong#2026', 'Other#2026'];
    expect(await run(GOOD, {}, async () => answers.shift() ?? null)).toBe(1);
    expect(lines).toContain('错误：两次输入的密码不一致');
    await withDb(install.env, async (db) => expect(await count(db, 'bureaus')).toBe(0));
  });

  test('a production install holds every county\'s region code after init', async () => {
    const typed = [PASSWORD, PASSWORD];
    expect(await run(GOOD, {}, async () => typed.shift() ?? null)).toBe(0);
    expect(lines.join('\n')).toContain('已创建注册机构 台山市教育局');
    await withDb(install.env, async (db) => {
      expect(await count(db, 'regions')).toBeGreaterThan(3000);
      expect(await db('regions').where({ code: '110101' }).first()).toMatchObject({ name: '东城区', parent_code: '110100', level: 'county' });
      expect(await db('regions').where({ code: '110100' }).first()).toMatchObject({ name: '北京市', parent_code: '110000', level: 'city' });
      const [bureau] = await db('bureaus');
      expect(bureau).toMatchObject({ name: '台山市教育局', region_code: '440781', level: '县级' });
      const [admin] = await db('staff_users');
      expect(admin).toMatchObject({ username: 'admin', role: 'system_admin', bureau_id: null, name: '系统管理员' });
      expect(admin.password_hash).not.toContain(PASSWORD);
      const audit = await db('audit_log').where({ action: 'instance.init' });
      expect(audit).toHaveLength(1);
      expect(audit[0].detail).not.toContain(PASSWORD);
      expect(await count(db, 'plans')).toBe(0);
      expect(await count(db, 'accounts')).toBe(0); // no demo in production
      // The administrator signs in with the chosen password.
      const container = createContainer(db, loadConfig(install.env), new FixedClock(new Date()));
      expect(await container.services.staff.authenticate('admin', PASSWORD, '127.0.0.1')).toMatchObject({ ok: true });
      await container.close();
    });
  });

  test('a second init is refused with a clear message and changes nothing', async () => {
    const before = await withDb(install.env, async (db) => [await count(db, 'bureaus'), await count(db, 'staff_users'), await count(db, 'audit_log')]);
    expect(await run(['init', '--bureau-name', '开平市教育局', '--region', '440783', '--level', '县级', '--username', 'admin2'], { STAFF_PASSWORD: PASSWORD })).toBe(1);
    expect(lines).toEqual([`错误：${INIT_MESSAGES.already}`]);
    const after = await withDb(install.env, async (db) => [await count(db, 'bureaus'), await count(db, 'staff_users'), await count(db, 'audit_log')]);
    expect(after).toEqual(before);
  });

  test('三权分立: the first 审计管理员 and 安全管理员 from the CLI, each with their own password; a second is refused; reset-second-factor', async () => {
    expect(await run(['create-audit-admin', 'auditor', '审计员'], { STAFF_PASSWORD: 'Audit#2026' })).toBe(0);
    expect(lines.join('\n')).toContain('已创建审计管理员 auditor');
    const typed = ['Secure#2026', 'Secure#2026'];
    expect(await run(['create-security-admin', 'guard', '安全员'], {}, async () => typed.shift() ?? null)).toBe(0);
    expect(await run(['create-audit-admin', 'auditor2', '审计员二'], { STAFF_PASSWORD: 'Audit#2026' })).toBe(1);
    expect(lines.join('\n')).toContain('已有启用的审计管理员');
    await withDb(install.env, async (db) => {
      expect(await db('staff_users').whereIn('username', ['auditor', 'guard']).orderBy('username').select('username', 'role', 'bureau_id', 'demo'))
        .toEqual([{ username: 'auditor', role: 'audit_admin', bureau_id: null, demo: expect.anything() }, { username: 'guard', role: 'security_admin', bureau_id: null, demo: expect.anything() }]);
      expect(Boolean((await db('staff_users').where({ username: 'guard' }).first()).demo)).toBe(false);
      await db('staff_users').where({ username: 'guard' }).update({ totp_secret: 'enc:v1:x', totp_last_step: 5 });
    });
    expect(await run(['reset-second-factor', 'guard'])).toBe(0);
    expect(await run(['reset-second-factor', 'nobody'])).toBe(1);
    await withDb(install.env, async (db) => {
      expect(await db('staff_users').where({ username: 'guard' }).first()).toMatchObject({ totp_secret: null, totp_last_step: null });
      expect(await db('audit_log').where({ action: 'staff.totp-reset', actor_type: 'system' })).toHaveLength(1);
    });
  });
});

test('an unknown command prints the usage with init, the first audit and security admins, backup and restore', async () => {
  const lines: string[] = [];
  expect(await runAdmin(['nonsense'], { NODE_ENV: 'test' }, (l) => lines.push(l))).toBe(2);
  expect(lines.join('\n')).toMatch(/init[\s\S]*create-audit-admin[\s\S]*create-security-admin[\s\S]*reset-second-factor[\s\S]*backup[\s\S]*restore/);
});
