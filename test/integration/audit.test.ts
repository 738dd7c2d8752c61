import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { FixedClock } from '../../src/clock';
import { ACTIONS } from '../../src/domain/applicationStatus';
import { createAuditRepo, type AuditRow } from '../../src/repositories/audit';
import { AUDIT_ACTIONS, LIFECYCLE_AUDIT_ACTIONS, SYSTEM_ACTOR, auditTarget, createAuditService, type AuditAction, type AuditService } from '../../src/services/audit';
import { projectRoot } from '../../src/paths';
import { ENGINES, makeTestDb } from '../helpers/db';
import { createDataProtector } from '../../src/security/dataProtector';

const NOW = new Date('2026-11-25T02:00:00.000Z');

describe.each(ENGINES)('the audit service on %s', (engine) => {
  let db: Knex;
  let close: () => Promise<void>;
  let audit: AuditService;

  beforeAll(async () => {
    ({ db, close } = await makeTestDb(engine));
    audit = createAuditService({ audit: createAuditRepo(db), clock: new FixedClock(NOW), protector: createDataProtector({ current: 1, keys: new Map([[1, Buffer.alloc(32, 7)]]) }) });
  });
  afterAll(() => close());
  beforeEach(async () => {
    await db('audit_log').del();
    await db('outbox').del();
  });

  const rows = (): Promise<AuditRow[]> => db<AuditRow>('audit_log').orderBy('id').select('*');

  test('an applicant’s action: who, what, on what, from where, when', async () => {
    await audit.record({ kind: 'applicant', accountId: 42 }, 'account.password', { target: auditTarget.account(42), ip: '203.0.113.9' });
    expect(await rows()).toEqual([expect.objectContaining({
      actor_type: 'applicant', actor_id: 42, action: 'account.password', target: 'account:42', detail: null, ip: '203.0.113.9', created_at: NOW.toISOString(),
    })]);
  });

  test('a staff user is recorded by staff id; a transition’s detail is kept as JSON', async () => {
    const reviewer = { kind: 'staff', staffId: 7, role: 'reviewer', bureauId: 3, pointId: null } as const;
    await audit.record(reviewer, LIFECYCLE_AUDIT_ACTIONS.defer, {
      target: auditTarget.application('26000001'), detail: { from: '待注册审批', to: '暂缓注册', reason: '未完成360学时培训', missing: ['年度考核证明'] }, ip: '::1',
    });
    const [row] = await rows();
    expect(row).toMatchObject({ actor_type: 'staff', actor_id: 7, action: 'application.defer', target: 'application:26000001', ip: '::1' });
    expect(JSON.parse(row.detail as string)).toEqual({ from: '待注册审批', to: '暂缓注册', reason: '未完成360学时培训', missing: ['年度考核证明'] });
  });

  test('the system has no id; an entry may be empty', async () => {
    await audit.record(SYSTEM_ACTOR, 'realname.review-decided');
    expect(await rows()).toEqual([expect.objectContaining({ actor_type: 'system', actor_id: null, target: null, detail: null, ip: null })]);
  });

  test('with the change’s transaction, both commit together', async () => {
    await db.transaction(async (trx) => {
      await trx('outbox').insert({ channel: 'sms', recipient: '13800000000', subject: null, body: '事件', created_at: NOW.toISOString() });
      await audit.record({ kind: 'applicant', accountId: 1 }, 'account.mobile', { target: auditTarget.account(1) }, trx);
    });
    expect(Number((await db('outbox').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  test('with the change’s transaction, both roll back together', async () => {
    await expect(db.transaction(async (trx) => {
      await audit.record({ kind: 'staff', staffId: 2, role: 'operator', bureauId: 1, pointId: 1 }, 'application.confirm-complete', { target: auditTarget.application('26000002') }, trx);
      await trx('outbox').insert({ channel: 'sms', recipient: '13800000000', subject: null, body: '事件', created_at: NOW.toISOString() });
      throw new Error('the change failed after both writes');
    })).rejects.toThrow('the change failed');
    expect(await rows()).toEqual([]);
    expect(Number((await db('outbox').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(0);
  });

  test('a failing audit write fails the change too (nothing half-recorded)', async () => {
    await expect(db.transaction(async (trx) => {
      await trx('outbox').insert({ channel: 'sms', recipient: '13800000000', subject: null, body: '事件', created_at: NOW.toISOString() });
      await audit.record({ kind: 'applicant', accountId: 1 }, 'application.bogus' as AuditAction, {}, trx);
    })).rejects.toThrow('unknown audit action: application.bogus');
    expect(await rows()).toEqual([]);
    expect(Number((await db('outbox').count<{ n: number }[]>({ n: '*' }))[0].n)).toBe(0);
  });

  test('too-long target and ip text is cut to the columns (PostgreSQL enforces them)', async () => {
    await audit.record({ kind: 'applicant', accountId: 1 }, 'certificate.manual-add', { target: 'x'.repeat(150), ip: '1'.repeat(80), detail: '长'.repeat(5000) });
    const [row] = await rows();
    expect(row.target).toHaveLength(100);
    expect(row.ip).toHaveLength(60);
    expect(row.detail).toHaveLength(5000); // text: no limit
  });

  test('list: newest first, filtered', async () => {
    await audit.record({ kind: 'applicant', accountId: 1 }, 'account.login', { target: auditTarget.account(1) });
    await audit.record({ kind: 'applicant', accountId: 2 }, 'account.login', { target: auditTarget.account(2) });
    await audit.record({ kind: 'staff', staffId: 5, role: 'operator', bureauId: 1, pointId: 1 }, 'staff.login');
    expect((await audit.list()).map((r) => r.action)).toEqual(['staff.login', 'account.login', 'account.login']);
    expect((await audit.list({ actorType: 'applicant', actorId: 2 })).map((r) => r.target)).toEqual(['account:2']);
    expect((await audit.list({ action: 'account.login', limit: 1 })).map((r) => r.target)).toEqual(['account:2']);
    expect(await audit.list({ target: 'account:1' })).toHaveLength(1);
    expect(await audit.list({ since: '2027-01-01T00:00:00.000Z' })).toEqual([]);
  });
});

describe('the audit actions', () => {
  test('every action fits audit_log.action (60 characters)', () => {
    for (const action of AUDIT_ACTIONS) expect(action.length).toBeLessThanOrEqual(60);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  test('every lifecycle action has its own audit action', () => {
    expect(Object.keys(LIFECYCLE_AUDIT_ACTIONS).sort()).toEqual([...ACTIONS].sort());
    expect(new Set(Object.values(LIFECYCLE_AUDIT_ACTIONS)).size).toBe(ACTIONS.length);
  });

  test('every action the routes and services audit today is a known one', () => {
    const used = new Set<string>();
    for (const dir of ['src/web/routes', 'src/web/routes/applicant', 'src/services'].map((d) => path.join(projectRoot, d))) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
        const source = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const call of source.matchAll(/\b(?:audit|record)\(([^;]*)/g)) {
          for (const [, name] of call[1].matchAll(/'([a-z]+(?:\.[a-z-]+)+)'/g)) used.add(name);
        }
      }
    }
    expect(used.size).toBeGreaterThanOrEqual(12);
    for (const action of used) expect(AUDIT_ACTIONS).toContain(action);
  });
});
