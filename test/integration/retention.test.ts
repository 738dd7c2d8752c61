/*
 * Issue 13 retention (services/housekeeping.ts): drafts of plans that ended more than RETENTION_DRAFT_DAYS ago (drafts
 * without a plan: untouched that long) and outbox rows older than RETENTION_OUTBOX_DAYS are deleted, in batches, on
 * SQLite and (TEST_DATABASE_URL) PostgreSQL; what is still of use stays, and a removed draft's photo follows.
 */
import { makeTestApp, TestContext, loginAs, DEMO, countRows, TEST_NOW, byIdNumber } from '../helpers/app';
import { cameraPhoto, demoIds, DETAILS, postDetails, BUREAU } from '../helpers/wizard';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp({ env: { RETENTION_DRAFT_DAYS: '30', RETENTION_OUTBOX_DAYS: '180' } }); });
afterEach(async () => ctx?.close());

const DAY = 24 * 3600_000;
const iso = (msAgo: number) => new Date(TEST_NOW.getTime() - msAgo).toISOString();
const accountId = async (idNumber: string) => Number((await ctx.db('accounts').where(byIdNumber(ctx, idNumber)).first('id')).id);
const inserted = (row: unknown) => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

async function endedPlan(daysAgo: number): Promise<number> {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const [row] = await ctx.db('plans').insert({
    bureau_id: bureau.id, year: 2025, batch: 9, title: `已结束的计划 ${daysAgo}`, online_start: iso((daysAgo + 60) * DAY), online_end: iso((daysAgo + 30) * DAY),
    confirm_start: iso((daysAgo + 30) * DAY), confirm_end: iso(daysAgo * DAY), stages: '', created_at: iso(400 * DAY),
  }).returning('id');
  return inserted(row);
}
const draft = (account: number, journey: string, data: unknown, updatedAt = TEST_NOW.toISOString()) =>
  ctx.db('drafts').insert({ account_id: account, journey, data: JSON.stringify(data), updated_at: updatedAt });

test('drafts of plans over for more than 30 days go, with their photos; drafts of open or recently ended plans stay', async () => {
  // 李明's draft of the open plan, through the wizard (step 3 with a photo).
  const li = await loginAs(ctx, DEMO.liMing);
  const ids = await demoIds(ctx);
  await li.submit('/apply/step/1', { agree: '1' });
  await li.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  expect((await postDetails(li, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto())).status).toBe(303);

  const longOver = await endedPlan(45);
  const justOver = await endedPlan(10);
  const huang = await accountId(DEMO.huang.idNumber);
  const chen = await accountId(DEMO.chenFang.idNumber);
  // 黄's draft of a plan over 45 days ago holds a photo (uploaded two days ago: past the files' one-day grace).
  const [file] = await ctx.db('files').insert({ kind: 'photo', mime: 'image/jpeg', size: 3, data: Buffer.from('abc'), account_id: huang, created_at: iso(2 * DAY) }).returning('id');
  const photo = inserted(file);
  await draft(huang, 'registration', { answers: { bureau: { planId: longOver } }, pendingPhotoFileId: photo });
  await draft(chen, 'registration', { answers: { bureau: { planId: justOver } } }); // 10 days: kept
  await draft(chen, 'other', { answers: { agreement: { agreed: true } } }, iso(40 * DAY)); // no plan, untouched 40 days: goes
  await draft(huang, 'other', { answers: {} }, iso(20 * DAY)); // no plan, 20 days: kept
  await draft(huang, 'broken', '{not json', iso(31 * DAY)); // unreadable, 31 days: goes

  const counts = await ctx.container.services.housekeeping.run();
  expect(counts).toMatchObject({ drafts: 3 });
  const left = (await ctx.db('drafts').orderBy(['account_id', 'journey']).select('account_id', 'journey')).map((d) => `${Number(d.account_id)}:${d.journey}`);
  expect(left.sort()).toEqual([`${await accountId(DEMO.liMing.idNumber)}:registration`, `${chen}:registration`, `${huang}:other`].sort());
  expect(await ctx.db('files').where({ id: photo }).first()).toBeUndefined(); // freed by the draft, purged in the same run
  // 李明 carries on where he was.
  expect((await li.get('/apply/step/4')).status).toBe(200);
});

test('in batches: 1,203 drafts without a plan and 2,500 old outbox rows, the recent ones kept', async () => {
  const huang = await accountId(DEMO.huang.idNumber);
  const old = iso(31 * DAY);
  const drafts = Array.from({ length: 1203 }, (_, i) => ({ account_id: huang, journey: `j${String(i).padStart(4, '0')}`, data: '{}', updated_at: i < 1200 ? old : TEST_NOW.toISOString() }));
  for (let i = 0; i < drafts.length; i += 200) await ctx.db('drafts').insert(drafts.slice(i, i + 200));
  const outboxBefore = await countRows(ctx, 'outbox');
  const rows = Array.from({ length: 2505 }, (_, i) => ({ channel: 'sms', recipient: '13800000000', body: `验证码 ${i}`, created_at: i < 2500 ? iso(181 * DAY) : iso(179 * DAY) }));
  for (let i = 0; i < rows.length; i += 200) await ctx.db('outbox').insert(rows.slice(i, i + 200));

  expect(await ctx.container.services.housekeeping.removeExpiredDrafts()).toBe(1200);
  expect(await ctx.container.services.housekeeping.removeOldOutbox()).toBe(2500);
  expect(await countRows(ctx, 'drafts')).toBe(3);
  expect(await countRows(ctx, 'outbox')).toBe(outboxBefore + 5);
  // Nothing left to do: a second run removes nothing.
  expect(await ctx.container.services.housekeeping.run()).toEqual({ drafts: 0, outbox: 0, files: 0 });
});
