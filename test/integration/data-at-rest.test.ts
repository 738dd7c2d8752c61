import fs from 'node:fs';
import sharp from 'sharp';
import { staffStatus, submittedApplication } from '../helpers/applications';
import { makeTestApp, TestContext, Browser, DEMO, lastSmsCode, loginAs } from '../helpers/app';
import { agreeToPromise, completeDraft, idNumberFor } from '../helpers/applicants';
import { certificateFor, Teacher } from '../helpers/story';
import { staffBrowser } from '../helpers/staff';
import { createContainer } from '../../src/container';
import { runAdmin } from '../../src/cli/admin';
import { addKeyVersion, parseKeyring } from '../../src/security/keyring';
import { PROTECTED_TABLES } from '../../src/security/personalData';
import { ROTATE_MESSAGES } from '../../src/cli/rotateKeys';
import { isPostgres } from '../../src/db/knex';

/*
 * Issue 13, personal data at rest: 证件号码, 手机号码 and images are ciphertext in the database, exact lookups still
 * work through the blind index, keys rotate without losing anything, and an install upgraded from before has its
 * plain rows encrypted in place.
 */

/** A teacher whose 证件号码 ends in X (the index normalises its case). */
const N = Array.from({ length: 500 }, (_, n) => n).find((n) => idNumberFor(n).endsWith('X')) ?? 0;
const TEACHER: Teacher = { n: N, name: '林晓雯', mobile: '13612345678', email: 'linxw@example.com', password: 'Lin#20261' };
const ID = idNumberFor(N);

async function register(ctx: TestContext, idNumber: string, mobile: string) {
  const b = new Browser(ctx.app);
  const fields = { idType: '1', idNumber, name: TEACHER.name, password: TEACHER.password, password2: TEACHER.password, email: TEACHER.email, mobile, agree: '1' };
  await b.submit('/register', { ...fields, action: 'send-sms' });
  return b.submit('/register', { ...fields, smsCode: await lastSmsCode(ctx, mobile), action: 'register' });
}

/** Register (HTTP), real-name check, the bureau's certificate, a submitted application with its photo. */
async function fullJourney(ctx: TestContext): Promise<{ accountId: number; applicationNo: string }> {
  expect((await register(ctx, ID, TEACHER.mobile)).status).toBe(303);
  const [account] = await ctx.container.repos.accounts.findByIdNumber(ID);
  expect((await ctx.container.services.realname.check(account, TEACHER.name, '127.0.0.1')).ok).toBe(true);
  const certNumber = await certificateFor(ctx, TEACHER);
  const cert = await ctx.container.repos.certificates.findByNumber(certNumber);
  const verified = (await ctx.container.repos.accounts.findById(account.id))!;
  await completeDraft(ctx, verified, cert!.id);
  await agreeToPromise(ctx, verified);
  const application = await ctx.db('applications').where({ account_id: account.id }).first('application_no');
  return { accountId: account.id, applicationNo: application.application_no };
}

/** Every byte the database holds: the SQLite file and its WAL after a checkpoint; on PostgreSQL, every row of every table as text. */
async function everythingStored(ctx: TestContext): Promise<Buffer> {
  if (isPostgres(ctx.db)) {
    const tables = (await ctx.db('information_schema.tables').where({ table_schema: 'public' }).select('table_name')).map((t: { table_name: string }) => t.table_name);
    const parts: string[] = [];
    for (const table of tables) {
      const result = await ctx.db.raw('select t::text as row from ?? t', [table]);
      for (const r of result.rows as { row: string }[]) parts.push(r.row);
    }
    return Buffer.from(parts.join('\n'));
  }
  await ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  const file = ctx.config.sqlitePath;
  return Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]);
}

const adminEnv = (ctx: TestContext, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'test', SQLITE_PATH: ctx.config.sqlitePath, DATA_KEY_FILE: ctx.config.dataKeyFile,
  ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}), ...extra,
});

describe('personal data at rest', () => {
  let ctx: TestContext;
  let journey: { accountId: number; applicationNo: string };
  beforeAll(async () => {
    ctx = await makeTestApp();
    journey = await fullJourney(ctx);
  });
  afterAll(async () => ctx?.close());

  test('ciphertext in the database file', async () => {
    const stored = await everythingStored(ctx);
    expect(stored.includes(ID)).toBe(false);
    expect(stored.includes(ID.slice(0, 17))).toBe(false); // the digits, whatever the last character's case
    expect(stored.includes(TEACHER.mobile)).toBe(false);
    expect(stored.includes(DEMO.liMing.idNumber)).toBe(false); // the seeded rows were sealed at start too
    // The photo is stored encrypted: not even a JPEG marker at the start of any files row.
    for (const f of await ctx.db('files').select('data', 'key_version')) {
      expect(Buffer.from(f.data).subarray(0, 4).toString('latin1')).toBe('ENC1');
      expect(f.key_version).toBe(ctx.container.protector.currentVersion);
    }
    // Callers still read plaintext.
    const account = await ctx.container.repos.accounts.findById(journey.accountId);
    expect(account).toMatchObject({ id_number: ID, mobile: TEACHER.mobile });
  });

  test('lookup by ID still works', async () => {
    // Login by ID number, typed with a lower-case x.
    const b = await loginAs(ctx, { idNumber: ID.toLowerCase(), password: TEACHER.password });
    const me = await b.get('/me'); // signed in: the page, or first 补充个人身份信息 — never the login form
    expect(me.status === 200 || !/login/.test(me.headers.location ?? '')).toBe(true);
    expect(me.headers.location ?? '').not.toMatch(/login/);
    // Staff search by 证件号码 (exact match) finds the application and shows the number masked.
    const clerk = await staffBrowser(ctx, 'operator');
    const found = await clerk.get(`/staff/counter?idNumber=${ID}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain(journey.applicationNo);
    const none = await clerk.get(`/staff/counter?idNumber=${ID.slice(0, 17)}0`);
    expect(none.text).not.toContain(journey.applicationNo);
    // The same number cannot register twice.
    const again = await register(ctx, ID, '13612349999');
    expect(again.status).toBe(422);
    expect(again.text).toContain('该用户已注册');
    // The certificate is the account's (matched by owner through the index).
    const account = (await ctx.container.repos.accounts.findById(journey.accountId))!;
    expect(await ctx.container.services.certificates.ofAccount(account)).toHaveLength(1);
  });

  test('key rotation round-trip', async () => {
    // Keys from the environment: refused with what to do instead.
    const lines: string[] = [];
    expect(await runAdmin(['rotate-keys'], adminEnv(ctx, { DATA_KEYS: fs.readFileSync(ctx.config.dataKeyFile, 'utf8') }), (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain(ROTATE_MESSAGES.fromEnvironment);

    // A conclusion sealed and an audit chain signed under key 1 must still verify once key 1 is gone.
    const { row: concluded } = await submittedApplication(ctx);
    await staffStatus(ctx, concluded.id, '暂缓注册');
    expect((await ctx.db('applications').where({ id: concluded.id }).first()).conclusion_seal).toMatch(/^v1:/);

    const out: string[] = [];
    expect(await runAdmin(['rotate-keys'], adminEnv(ctx), (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toContain('审计日志');
    const verified: string[] = [];
    expect(await runAdmin(['verify-audit'], adminEnv(ctx), (l) => verified.push(l))).toBe(0);
    const resealed = await ctx.db('applications').where({ id: concluded.id }).first();
    expect(resealed.conclusion_seal).toMatch(/^v2:/);
    expect(await createContainer(ctx.db, ctx.config, ctx.clock).services.applications.staff.sealState(resealed)).toBe('valid');
    const keyring = parseKeyring(fs.readFileSync(ctx.config.dataKeyFile, 'utf8'), 'keys');
    expect(keyring.current).toBe(2);
    expect([...keyring.keys.keys()]).toEqual([2]); // the old key is retired
    expect(fs.statSync(ctx.config.dataKeyFile).mode & 0o777).toBe(0o600);
    for (const { table } of PROTECTED_TABLES) {
      expect(await ctx.db(table).whereNot('key_version', 2).orWhereNull('key_version').count<{ n: number | string }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(0);
    }
    const raw = await ctx.db('accounts').where({ id: journey.accountId }).first('id_number', 'mobile');
    expect(raw.id_number).toMatch(/^enc:v2:/);
    expect(raw.mobile).toMatch(/^enc:v2:/);

    // Staff second factors moved to the new key too (else every enrolled clerk is locked out once key 1 is gone).
    const secrets = await ctx.db('staff_users').whereNotNull('totp_secret').pluck('totp_secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(secret).toMatch(/^enc:v2:/);
    // A process started now (the new key file) reads and finds everything.
    const after = createContainer(ctx.db, ctx.config, ctx.clock);
    const [account] = await after.repos.accounts.findByIdNumber(ID);
    expect(account).toMatchObject({ id: journey.accountId, mobile: TEACHER.mobile });
    expect(await after.services.certificates.ofAccount(account)).toHaveLength(1);
    const application = await ctx.db('applications').where({ account_id: account.id }).first('photo_file_id');
    const photo = await after.repos.files.findForAccount(application.photo_file_id, account.id);
    expect((await sharp(photo!.data).metadata()).format).toBe('jpeg');
    expect((await after.repos.outbox.latestTo(TEACHER.mobile))?.body).toMatch(/\d{6}/);

    // A rotation that stopped after adding its key is finished by running the command again (no third key).
    addKeyVersion(ctx.config.dataKeyFile);
    const resumed: string[] = [];
    expect(await runAdmin(['rotate-keys'], adminEnv(ctx), (l) => resumed.push(l))).toBe(0);
    expect(resumed.join('\n')).toContain('上次的密钥轮换没有完成');
    expect([...parseKeyring(fs.readFileSync(ctx.config.dataKeyFile, 'utf8'), 'keys').keys.keys()]).toEqual([3]);
    const latest = createContainer(ctx.db, ctx.config, ctx.clock);
    expect((await latest.repos.accounts.findByIdNumber(ID))[0]?.id).toBe(journey.accountId);
  });
});

test('legacy plaintext rows are encrypted on upgrade, once', async () => {
  // The seed writes rows as a release before encryption did; the start-up step has not run yet.
  const ctx = await makeTestApp({ leavePlain: true });
  try {
    const before = await ctx.db('accounts').where({ id_number: DEMO.liMing.idNumber }).first();
    expect(before).toMatchObject({ key_version: null, id_number_index: null });
    const photo = await sharp({ create: { width: 30, height: 40, channels: 3, background: '#ccc' } }).jpeg().toBuffer();
    const [inserted] = await ctx.db('files').insert({ kind: 'photo', mime: 'image/jpeg', size: photo.length, width: 30, height: 40, data: photo, account_id: before.id, created_at: ctx.clock.now().toISOString() }).returning('id');
    const fileId = typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;

    const sealed = await ctx.container.services.protection.sealLegacyRows();
    expect(sealed.accounts).toBeGreaterThanOrEqual(3);
    expect(sealed.certificates).toBeGreaterThanOrEqual(3);
    expect(sealed.files).toBe(1);
    const after = await ctx.db('accounts').where({ id: before.id }).first();
    expect(after.id_number).toMatch(/^enc:v1:/);
    expect(after.key_version).toBe(1);
    expect(Buffer.from((await ctx.db('files').where({ id: fileId }).first()).data).subarray(0, 4).toString('latin1')).toBe('ENC1');
    expect((await ctx.container.repos.files.findForAccount(fileId, before.id))?.data.equals(photo)).toBe(true);
    // Found by the index now; login works.
    expect((await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber))[0]?.id).toBe(before.id);
    expect((await loginAs(ctx, DEMO.liMing)).agent).toBeDefined();
    // Idempotent: a second start has nothing to do, and nothing is encrypted twice.
    expect(Object.values(await ctx.container.services.protection.sealLegacyRows()).every((n) => n === 0)).toBe(true);
    expect((await ctx.db('accounts').where({ id: before.id }).first()).id_number).toBe(after.id_number);
  } finally {
    await ctx.close();
  }
});
