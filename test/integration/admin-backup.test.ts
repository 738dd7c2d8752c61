import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runAdmin } from '../../src/cli/admin';
import { BACKUP_MESSAGES } from '../../src/db/backup';
import { makeTestApp, TestContext } from '../helpers/app';
import { applicationsAt } from '../helpers/staff';

/**
 * `npm run admin -- backup <file>` / `restore <file>` through the CLI's entry function on a real SQLite file: an online
 * backup while the app's connection is open, a restore that brings every application back, and the refusals.
 */
let ctx: TestContext;
let dir: string;
let lines: string[];
const run = (args: string[]) => {
  lines = [];
  return runAdmin(args, { NODE_ENV: 'test', SQLITE_PATH: ctx.config.sqlitePath }, (l) => lines.push(l));
};
beforeAll(async () => {
  // SQLite even when the suite runs on PostgreSQL (TEST_DATABASE_URL): this is the SQLite backup; PostgreSQL's is pg_dump.
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium', DATABASE_URL: '' } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-backup-'));
  await applicationsAt(ctx, 3, { from: 300 });
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a backup taken while the app runs restores every application', async () => {
  const before = await ctx.db('applications').orderBy('id');
  expect(before.length).toBeGreaterThanOrEqual(3);
  const file = path.join(dir, 'app-backup.sqlite');
  expect(await run(['backup', file])).toBe(0);
  expect(lines.join('\n')).toContain('已备份到');
  // Things change after the backup: an application is withdrawn by hand, another row added.
  await ctx.db('application_events').where({ application_id: before[0].id }).delete();
  await ctx.db('applications').where({ id: before[0].id }).delete();
  await ctx.db('bureaus').insert({ region_code: '110101', name: '后来加的机构', level: '县级', created_at: new Date().toISOString() });
  expect(await run(['restore', file])).toBe(0);
  expect(lines.join('\n')).toContain('请重新启动服务');
  expect(await ctx.db('applications').orderBy('id')).toEqual(before);
  expect(await ctx.db('bureaus').where({ name: '后来加的机构' }).first()).toBeUndefined();
});

test('backup never overwrites a file', async () => {
  const file = path.join(dir, 'taken.sqlite');
  fs.writeFileSync(file, 'keep me');
  expect(await run(['backup', file])).toBe(1);
  expect(lines).toEqual([`错误：${BACKUP_MESSAGES.exists(file)}`]);
  expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
});

test('restore refuses what is not a backup of this schema, and the database stays as it was', async () => {
  const count = async () => Number((await ctx.db('applications').count<{ n: number }[]>({ n: '*' }))[0].n);
  const before = await count();
  const text = path.join(dir, 'notes.txt');
  fs.writeFileSync(text, '这不是数据库'.repeat(200));
  const other = path.join(dir, 'other.sqlite');
  new Database(other).exec('create table t (x int); insert into t values (1);');
  const older = path.join(dir, 'older.sqlite');
  expect(await run(['backup', older])).toBe(0);
  const last = new Database(older);
  const { name } = last.prepare('select name from knex_migrations order by id desc limit 1').get() as { name: string };
  last.prepare('delete from knex_migrations where name = ?').run(name);
  last.close();
  const newer = path.join(dir, 'newer.sqlite');
  expect(await run(['backup', newer])).toBe(0);
  const ahead = new Database(newer);
  ahead.prepare("insert into knex_migrations (name, batch, migration_time) values ('29991231000000_future', 9, 0)").run();
  ahead.close();

  expect(await run(['restore', path.join(dir, 'missing.sqlite')])).toBe(1);
  expect(lines[0]).toContain('找不到备份文件');
  expect(await run(['restore', text])).toBe(1);
  expect(lines).toEqual([`错误：${BACKUP_MESSAGES.notSqlite(text)}`]);
  expect(await run(['restore', other])).toBe(1);
  expect(lines).toEqual([`错误：${BACKUP_MESSAGES.notOurs(other)}`]);
  expect(await run(['restore', older])).toBe(1);
  expect(lines).toEqual([`错误：${BACKUP_MESSAGES.older([name])}`]);
  expect(await run(['restore', newer])).toBe(1);
  expect(lines).toEqual([`错误：${BACKUP_MESSAGES.newer(['29991231000000_future'])}`]);
  expect(await count()).toBe(before);
});

test('with PostgreSQL the CLI points to pg_dump and pg_restore', async () => {
  lines = [];
  expect(await runAdmin(['backup', 'x.dump'], { NODE_ENV: 'test', DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db' }, (l) => lines.push(l))).toBe(2);
  expect(lines.join('\n')).toMatch(/pg_dump[\s\S]*pg_restore/);
});
