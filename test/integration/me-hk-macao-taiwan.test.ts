import fs from 'node:fs';
import { makeTestApp, TestContext, loginAs, DEMO, escaped, accountRow, byIdNumber } from '../helpers/app';
import { PLAIN, agreeToPromise, completeDraft, newApplicant } from '../helpers/applicants';
import { staffStatus } from '../helpers/applications';
import { gb11643CheckChar } from '../../src/domain/identity';
import { createContainer } from '../../src/container';
import { runAdmin } from '../../src/cli/admin';
import { isPostgres } from '../../src/db/knex';
import { M } from '../../src/messages';
import { migrationSource } from '../../migrations';

/*
 * 002 §2.1 b–c: the holders of a 港澳居民来往内地通行证 / 台湾居民来往大陆通行证 give their 港澳或台湾当地有效身份证件号码 at
 * first login, a 港澳台居民居住证 holder also the 通行证号码; accounts made before this are asked at their next login.
 * The numbers are ciphertext at rest, masked on screen, and not asked of 身份证 holders.
 */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());
beforeEach(() => ctx.clock.advance(24 * 3600_000));

const HK_PERMIT = ((first17: string) => first17 + gb11643CheckChar(first17))('81000019880808123'); // 香港, born 1988-08-08, male
const LOCAL_LABEL = '港澳或台湾当地有效身份证件号码';
const PASS_LABEL = '通行证号码';
const COMPLETED = { ethnicityCode: '01', validity: '10', validFrom: '2020-03-02' };

/**
 * An account of another document type as it stood before 002 §2.1 b–c: 民族, sex and birth date given, no local
 * numbers. Written plain, as an upgraded install's rows were, and sealed by the start-up step.
 */
async function existingHolder(idType: '2' | '3', idNumber: string, name: string, mobile: string): Promise<number> {
  const [li] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
  const { id: _id, ...row } = await ctx.db('accounts').where({ id: li.id }).first();
  await ctx.db('accounts').insert({
    ...row, id_type: idType, id_number: idNumber, name, mobile, email: `${mobile}@example.com`, sex: '1', birth_date: '1988-08-08',
    ethnicity_code: '01', session_epoch: 0, last_login_at: null, previous_login_at: null, ...PLAIN.accounts,
  });
  await ctx.container.services.protection.sealLegacyRows();
  return (await ctx.db('accounts').where(byIdNumber(ctx, idNumber)).first('id')).id;
}

describe('a 港澳居民来往内地通行证 holder', () => {
  let id: number;
  beforeAll(async () => { id = await existingHolder('3', 'H12345678', '陈大文', '13800000301'); });

  test('is asked for the local ID number at the next login; refusals keep every value; the number is saved encrypted', async () => {
    const b = await loginAs(ctx, { idNumber: 'H12345678', password: DEMO.liMing.password });
    const me = await b.get('/me');
    expect(me.status).toBe(303);
    expect(me.headers.location).toBe('/me/complete');
    const form = await b.get('/me/complete');
    expect(form.text).toContain(LOCAL_LABEL);
    expect(form.text).not.toContain(`>${PASS_LABEL}<`);

    const empty = await b.submit('/me/complete', { ...COMPLETED, sex: '1', birthDate: '1988-08-08' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('href="#field-localIdNumber"'); // the error summary
    expect(empty.text).toContain(`id="error-localIdNumber">请填写${LOCAL_LABEL}`);

    const bad = await b.submit('/me/complete', { ...COMPLETED, validFrom: '2099-01-01', sex: '1', birthDate: '1988-08-08', localIdNumber: 'K654321(3' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(escaped(M.identity.localIdNumber));
    expect(bad.text).toContain(M.identity.validFromFuture);
    expect(bad.text).toContain('value="K654321(3"');
    expect(bad.text).toContain('value="2099-01-01"');
    // The summary lists the errors in the form's order: the local number before the validity dates.
    expect(bad.text.indexOf('href="#field-localIdNumber"')).toBeLessThan(bad.text.indexOf('href="#field-validFrom"'));

    const ok = await b.submit('/me/complete', { ...COMPLETED, sex: '1', birthDate: '1988-08-08', localIdNumber: ' k654321（3） ' });
    expect(ok.status).toBe(303);
    expect((await accountRow(ctx, id)).local_id_number).toBe('K654321(3)');
    const stored = await ctx.db('accounts').where({ id }).first('local_id_number', 'pass_number');
    expect(stored.local_id_number).toMatch(/^enc:/);
    expect(stored.local_id_number).not.toContain('K654321');
    expect(stored.pass_number).toBeNull();

    const centre = await b.get('/me');
    expect(centre.status).toBe(200);
    expect(centre.text).toContain(LOCAL_LABEL);
    expect(centre.text).toContain('K6******3)');
    expect(centre.text).not.toContain('K654321(3)');
  });

  test('修改个人身份信息 shows the stored number masked only; an empty field keeps it, a new one replaces it', async () => {
    const b = await loginAs(ctx, { idNumber: 'H12345678', password: DEMO.liMing.password });
    const page = await b.get('/me/identity');
    expect(page.status).toBe(200);
    expect(page.text).toContain(LOCAL_LABEL);
    expect(page.text).toContain('已填写 K6******3)');
    expect(page.text).not.toContain('K654321(3)');
    const keep = { ...COMPLETED, sex: '1', birthDate: '1988-08-08', email: 'chan@example.com' };
    expect((await b.submit('/me/identity', keep)).status).toBe(303);
    expect((await accountRow(ctx, id)).local_id_number).toBe('K654321(3)');
    const bad = await b.submit('/me/identity', { ...keep, localIdNumber: '<script>' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(escaped(M.identity.localIdNumber));
    expect(bad.text).not.toContain('<script>');
    expect((await b.submit('/me/identity', { ...keep, localIdNumber: '1234567(8)' })).status).toBe(303);
    expect((await accountRow(ctx, id)).local_id_number).toBe('1234567(8)');
  });
});

describe('a 港澳台居民居住证 holder', () => {
  let id: number;
  beforeAll(async () => { id = await existingHolder('2', HK_PERMIT, '李小龙', '13800000302'); });

  test('needs both numbers; the 通行证 is the 港澳 one for a 香港 居住证', async () => {
    const b = await loginAs(ctx, { idNumber: HK_PERMIT, password: DEMO.liMing.password });
    expect((await b.get('/me/certificates')).headers.location).toBe('/me/complete');
    const form = await b.get('/me/complete');
    expect(form.text).toContain(LOCAL_LABEL);
    expect(form.text).toContain(`>${PASS_LABEL}<`);

    const none = await b.submit('/me/complete', COMPLETED);
    expect(none.status).toBe(422);
    expect(none.text).toContain(`请填写${LOCAL_LABEL}`);
    expect(none.text).toContain(`请填写${PASS_LABEL}`);

    const taiwanPass = await b.submit('/me/complete', { ...COMPLETED, localIdNumber: 'K654321(3)', passNumber: '12345678' });
    expect(taiwanPass.status).toBe(422);
    expect(taiwanPass.text).toContain(M.identity.passNumberHkMacao);
    expect(taiwanPass.text).toContain('value="K654321(3)"');
    expect(taiwanPass.text).toContain('value="12345678"');
    expect((await accountRow(ctx, id)).local_id_number).toBeNull(); // nothing saved from a refused form

    expect((await b.submit('/me/complete', { ...COMPLETED, localIdNumber: 'K654321(3)', passNumber: 'h12345678' })).status).toBe(303);
    const row = await accountRow(ctx, id);
    expect(row).toMatchObject({ local_id_number: 'K654321(3)', pass_number: 'H12345678' });
    const centre = await b.get('/me');
    expect(centre.status).toBe(200);
    expect(centre.text).toContain('H1*****78');
    expect(centre.text).not.toContain('H12345678');
  });
});

describe('a 居民身份证 holder', () => {
  test('is asked neither number, and a posted one is ignored', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const page = await b.get('/me/identity');
    expect(page.text).not.toContain(LOCAL_LABEL);
    expect(page.text).not.toContain(`>${PASS_LABEL}<`);
    const res = await b.submit('/me/identity', { ...COMPLETED, email: 'liming@example.com', localIdNumber: 'K654321(3)', passNumber: 'H12345678' });
    expect(res.status).toBe(303);
    const [li] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
    expect(li).toMatchObject({ local_id_number: null, pass_number: null });
  });
});

test('while an application is under review, the holder may still fill in the missing number, and only that', async () => {
  const applicant = await newApplicant(ctx, 62);
  await completeDraft(ctx, applicant.account, applicant.certificateId);
  await agreeToPromise(ctx, applicant.account);
  const application = await ctx.db('applications').where({ account_id: applicant.account.id }).first();
  await staffStatus(ctx, application.id, '待注册审批');
  // The account as one of a 通行证 holder from before 002 §2.1 b–c (the number's shape does not matter to the lock).
  await ctx.db('accounts').where({ id: applicant.account.id }).update({ id_type: '3' });
  const b = await loginAs(ctx, { idNumber: applicant.idNumber, password: applicant.password });
  expect((await b.get('/me')).headers.location).toBe('/me/complete');
  const form = await b.get('/me/complete');
  expect(form.text).toContain('本次只保存新补充的证件号码');
  const res = await b.submit('/me/complete', { ethnicityCode: '02', validity: '20', validFrom: '2015-06-01', sex: '2', birthDate: '1985-03-15', localIdNumber: 'A7654321' });
  expect(res.status).toBe(303);
  const row = await accountRow(ctx, applicant.account.id);
  expect(row).toMatchObject({ local_id_number: 'A7654321', ethnicity_code: '01', sex: applicant.account.sex });
  const centre = await b.get('/me');
  expect(centre.status).toBe(200);
  expect(centre.text).toContain(escaped(M.identity.supplementSaved));
  // Filled in, the identity is locked again as a whole.
  const again = await b.submit('/me/identity', { ethnicityCode: '02', validity: '20', validFrom: '2015-06-01', sex: '2', birthDate: '1985-03-15', email: 'x@example.com', localIdNumber: 'B1234567' });
  expect(again.status).toBe(409);
  expect((await accountRow(ctx, applicant.account.id)).local_id_number).toBe('A7654321');
});

test('key rotation re-encrypts the numbers under the new key, and nothing stored holds them in the clear', async () => {
  const id = await existingHolder('2', ((f: string) => f + gb11643CheckChar(f))('83000019880808123'), '林志明', '13800000303');
  await ctx.container.repos.accounts.update(id, { local_id_number: 'A123456789', pass_number: '87654321' });
  const env = {
    NODE_ENV: 'test', SQLITE_PATH: ctx.config.sqlitePath, DATA_KEY_FILE: ctx.config.dataKeyFile,
    ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}),
  };
  expect(await runAdmin(['rotate-keys'], env, () => undefined)).toBe(0);
  const raw = await ctx.db('accounts').where({ id }).first('local_id_number', 'pass_number', 'key_version');
  expect(raw.local_id_number).toMatch(/^enc:v2:/);
  expect(raw.pass_number).toMatch(/^enc:v2:/);
  expect(raw.key_version).toBe(2);
  const after = createContainer(ctx.db, ctx.config, ctx.clock);
  expect(await after.repos.accounts.findById(id)).toMatchObject({ local_id_number: 'A123456789', pass_number: '87654321' });
  // Every byte of the database: neither number, nor the first one from the other tests, in the clear.
  let stored: string;
  if (isPostgres(ctx.db)) {
    const result = await ctx.db.raw('select t::text as row from accounts t');
    stored = (result.rows as { row: string }[]).map((r) => r.row).join('\n');
  } else {
    await ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    stored = fs.readFileSync(ctx.config.sqlitePath).toString('latin1');
  }
  for (const plain of ['A123456789', '87654321', 'K654321(3)', 'H12345678', 'A7654321']) expect(stored.includes(plain)).toBe(false);
});

test('the migration goes down and up again on this database', async () => {
  const name = '20261207001001_local_identity_numbers';
  await ctx.db.migrate.down({ migrationSource, name });
  expect(await ctx.db.schema.hasColumn('accounts', 'local_id_number')).toBe(false);
  expect(await ctx.db.schema.hasColumn('accounts', 'pass_number')).toBe(false);
  await ctx.db.migrate.up({ migrationSource, name });
  expect(await ctx.db.schema.hasColumn('accounts', 'local_id_number')).toBe(true);
  expect(await ctx.db.schema.hasColumn('accounts', 'pass_number')).toBe(true);
});
