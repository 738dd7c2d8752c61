/*
 * Issue 13, integrity: the audit log is a keyed hash chain, and `npm run admin -- verify-audit` names the first row
 * that breaks it. Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL (two connections appending at once there).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/knex';
import { runAdmin } from '../../src/cli/admin';
import { createContainer } from '../../src/container';
import { auditTarget } from '../../src/services/audit';
import { makeTestApp, TestContext } from '../helpers/app';

const DATA_KEYS = JSON.stringify({ current: 1, keys: { 1: Buffer.alloc(32, 9).toString('base64') } });
const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

let ctx: TestContext;
let dir: string;
let checkpoint: string;
beforeEach(async () => {
  ctx = await makeTestApp({ env: { DATA_KEYS } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-chain-'));
  checkpoint = path.join(dir, 'audit-checkpoint.json');
});
afterEach(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI as an IT person runs it, with the service's environment. */
async function verifyAudit(): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const env = { NODE_ENV: 'test', DATA_KEYS, SQLITE_PATH: ctx.config.sqlitePath, ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}) };
  const code = await runAdmin(['verify-audit', '--checkpoint', checkpoint], env, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

async function writeRows(n: number): Promise<{ id: number; seq: number }[]> {
  const audit = ctx.container.services.audit;
  for (let i = 1; i <= n; i += 1) {
    await audit.record({ kind: 'applicant', accountId: i }, 'account.login', { target: auditTarget.account(i), ip: `10.0.0.${i}`, detail: { n: i } });
  }
  return (await ctx.db('audit_log').orderBy('seq').select('id', 'seq')).map((r) => ({ id: Number(r.id), seq: Number(r.seq) }));
}

describe(`audit chain break detected (${engine})`, () => {
  test('an untouched chain passes; every row holds its place, the previous hash and its own', async () => {
    const rows = await writeRows(4);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const stored = await ctx.db('audit_log').orderBy('seq');
    expect(stored[0].prev_hash).toBe('');
    for (let i = 1; i < stored.length; i += 1) expect(stored[i].prev_hash).toBe(stored[i - 1].hash);
    expect(stored[3].hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(await ctx.db('audit_chain_head').first('seq', 'hash')).toEqual({ seq: 4, hash: stored[3].hash });
    const run = await verifyAudit();
    expect(run).toMatchObject({ code: 0 });
    expect(run.text).toContain('审计日志完整：共 4 条');
    expect(JSON.parse(fs.readFileSync(checkpoint, 'utf8'))).toMatchObject({ seq: 4, hash: stored[3].hash });
  });

  test('a field edited with SQL is named by its row; put back, the chain passes again', async () => {
    const rows = await writeRows(5);
    const third = rows[2];
    const original = await ctx.db('audit_log').where({ id: third.id }).first('ip');
    await ctx.db('audit_log').where({ id: third.id }).update({ ip: '203.0.113.66' });
    const run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toContain(`审计日志第 3 条（id ${third.id}）的内容与其签名不符`);
    // A recomputed plain hash does not help: the MAC's key is outside the database.
    await ctx.db('audit_log').where({ id: third.id }).update({ ip: original.ip });
    expect((await verifyAudit()).code).toBe(0);
  });

  test('a row deleted in the middle is named, as is the one after it', async () => {
    const rows = await writeRows(5);
    await ctx.db('audit_log').where({ id: rows[1].id }).del();
    const run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toContain(`审计日志第 2 条缺失（已被删除）：链在第 3 条（id ${rows[2].id}）之前断开`);
  });

  test('two rows swapped (their contents exchanged) break the chain at the first of them', async () => {
    const rows = await writeRows(4);
    const [a, b] = await Promise.all([rows[1], rows[2]].map((r) => ctx.db('audit_log').where({ id: r.id }).first('actor_id', 'target', 'detail', 'ip')));
    await ctx.db('audit_log').where({ id: rows[1].id }).update(b);
    await ctx.db('audit_log').where({ id: rows[2].id }).update(a);
    const run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toContain(`第 2 条（id ${rows[1].id}）的内容与其签名不符`);
  });

  test('the newest rows deleted: the head says so, and when it is moved back too, the checkpoint outside the database does', async () => {
    const rows = await writeRows(4);
    expect((await verifyAudit()).code).toBe(0); // checkpoint: 4
    await ctx.db('audit_log').where({ id: rows[3].id }).del();
    let run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toContain('审计日志末尾被删除：链头记录共 4 条，表中只到第 3 条');
    const third = await ctx.db('audit_log').where({ id: rows[2].id }).first('hash');
    await ctx.db('audit_chain_head').update({ seq: 3, hash: third.hash });
    run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toContain('审计日志末尾被删除：上次校验时已有 4 条，现在只到第 3 条');
  });

  test('a row inserted straight into the table has no place in the chain', async () => {
    await writeRows(2);
    await ctx.db('audit_log').insert({ actor_type: 'system', actor_id: null, action: 'staff.login', target: null, detail: null, ip: null, created_at: ctx.clock.now().toISOString() });
    const run = await verifyAudit();
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/审计日志 id \d+ 不在链中/);
  });

  test('rows from before the upgrade are chained once, by the first append, in id order', async () => {
    await writeRows(3);
    await ctx.db('audit_log').update({ seq: null, prev_hash: null, hash: null });
    await ctx.db('audit_chain_head').update({ seq: 0, hash: '', legacy_pending: true });
    await ctx.container.services.audit.record({ kind: 'system' }, 'instance.init');
    const rows = await ctx.db('audit_log').orderBy('id').select('seq', 'action');
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([[1, 'account.login'], [2, 'account.login'], [3, 'account.login'], [4, 'instance.init']]);
    expect((await verifyAudit()).code).toBe(0);
  });

  test('appends from two connections at once (two instances) make one unbroken chain', async () => {
    // PostgreSQL: the chain head's row lock orders them. SQLite: one process writes (several are not supported).
    const other = engine === 'postgres' ? createDb(ctx.config) : null;
    try {
      const second = other ? createContainer(other, ctx.config, ctx.clock).services.audit : ctx.container.services.audit;
      const first = ctx.container.services.audit;
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).record({ kind: 'applicant', accountId: i + 1 }, 'account.login', { target: auditTarget.account(i + 1) })));
      expect((await ctx.db('audit_log').orderBy('seq').select('seq')).map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await verifyAudit()).code).toBe(0);
    } finally {
      await other?.destroy();
    }
  });
});
