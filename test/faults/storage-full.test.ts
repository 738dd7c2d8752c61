import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeTestApp, TestContext, loginAs, DEMO, Browser, countRows } from '../helpers/app';
// A read-only database (SQLITE_READONLY, PostgreSQL 25006) gets its own 503 message the same way (src/db/faults.ts and
// its unit test); a read-only remount of the tmpfs is refused while the database file is open, so it is not driven here.
import { applicantsWithDrafts } from './helpers';
import { M } from '../../src/messages';

/**
 * The database cannot grow: SQLite on a tiny tmpfs that the test fills up (when it may mount one — CI runs as root;
 * otherwise SQLite's own page limit, PRAGMA max_page_count, makes the file "full": that only refuses writes needing
 * a new page, and a near-empty table's page still has room for one 提交, so the checks that need a refusal are
 * skipped there and the log says so). The pages say so in Chinese (503), reading still
 * works, nothing is half-written, and once space returns the same process saves again. SQLite only: a full disk
 * under PostgreSQL is the database server's (its SQLSTATE 53100 maps to the same page, src/db/faults.ts).
 */
const mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-full-'));
let mounted = false;
try {
  if (process.env.FAULTS_NO_MOUNT === '1') throw new Error('the page limit asked for');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountDir], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false; // not root, or no mount in this container: the page limit stands in for the disk
}
const filler = path.join(mountDir, 'filler');
const sqliteOnly = process.env.TEST_DATABASE_URL ? describe.skip : describe;

let ctx: TestContext;
beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) return;
  ctx = await makeTestApp({ env: { SQLITE_PATH: path.join(mountDir, 'app.sqlite'), DATABASE_URL: '' } });
});
afterAll(async () => {
  await ctx?.close();
  if (mounted) execFileSync('umount', ['-l', mountDir]);
  fs.rmSync(mountDir, { recursive: true, force: true });
});

/** No more room: the WAL is emptied into the file and truncated, then the disk is filled (or the page count capped). */
async function fillUp() {
  await ctx.db.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  if (mounted) {
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
    } catch { /* dd stops when the disk is full: that is the point */ }
  } else {
    await ctx.db.raw('VACUUM'); // no free pages left inside the file either
    const [{ page_count: pages }] = await ctx.db.raw('PRAGMA page_count');
    await ctx.db.raw(`PRAGMA max_page_count = ${pages}`);
  }
}
async function makeRoom() {
  if (mounted) fs.rmSync(filler, { force: true });
  else await ctx.db.raw('PRAGMA max_page_count = 1073741823');
}

sqliteOnly(`a full database (${mounted ? 'SQLite on a filled tmpfs' : 'SQLite max_page_count'})`, () => {
  test('writes get the 503 page in Chinese, reads go on, nothing half-written; when space returns it works again without a restart', async () => {
    const [teacher] = await applicantsWithDrafts(ctx, 1);
    const b = await loginAs(ctx, teacher);
    await b.get('/apply/step/6');
    const before = { applications: await countRows(ctx, 'applications'), events: await countRows(ctx, 'application_events'), audit: await countRows(ctx, 'audit_log') };
    const draftBefore = (await ctx.db('drafts').where({ account_id: teacher.account.id }).first()).data;

    await fillUp();
    try {
      // 提交: refused with the page that says why; the draft is as it was, no application, no event, no audit row.
      const submit = await b.submit('/apply/step/6', { promise: 'agree' });
      if (!mounted && submit.status === 303) {
        console.log('[storage] no tmpfs and the 提交 fitted in a page already allocated: nothing to refuse');
        return;
      }
      expect(submit.status).toBe(503);
      expect(submit.text).toContain(M.storageFull);
      expect(submit.text).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(submit.headers['retry-after']).toBe('60');
      // A sign-in (a new session row) says the same; reading pages still works.
      const login = await new Browser(ctx.app).submit('/login', { idNumber: DEMO.huang.idNumber, password: DEMO.huang.password });
      expect(login.status).toBe(503);
      expect(login.text).toContain(M.storageFull);
      expect((await b.get('/applications')).status).toBe(200);
      expect((await new Browser(ctx.app).get('/login')).status).toBe(200);
      expect((await new Browser(ctx.app).get('/healthz')).status).toBe(200);
    } finally {
      await makeRoom();
    }
    expect({ applications: await countRows(ctx, 'applications'), events: await countRows(ctx, 'application_events'), audit: await countRows(ctx, 'audit_log') }).toEqual(before);
    expect((await ctx.db('drafts').where({ account_id: teacher.account.id }).first()).data).toBe(draftBefore);
    expect((await ctx.db.raw('PRAGMA integrity_check'))[0]).toEqual({ integrity_check: 'ok' });

    // Space is back: the same app, no restart, saves again.
    const again = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(again.status).toBe(303);
    expect(await countRows(ctx, 'applications')).toBe(before.applications + 1);
    expect((await loginAs(ctx, DEMO.huang))).toBeTruthy();
  });
});
