import { makeTestApp, TestContext, loginAs, DEMO, Browser, countRows, byIdNumber } from '../helpers/app';
import { BUREAU, cameraPhoto, demoIds, DETAILS, postDetails } from '../helpers/wizard';
import { FILE_REFERENCES } from '../../src/repositories/housekeeping';
import { isPostgres } from '../../src/db/knex';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const DAY = 24 * 3600_000;
const purge = () => ctx.container.services.housekeeping.purgeUnreferencedFiles();
const fileIds = async () => (await ctx.db('files').orderBy('id').select('id')).map((r) => Number(r.id));
const draftOf = async (idNumber: string) => {
  const account = await ctx.db('accounts').where(byIdNumber(ctx, idNumber)).first('id');
  const row = await ctx.db('drafts').where({ account_id: account.id }).first('data');
  return JSON.parse(row.data) as { pendingPhotoFileId?: number; answers: { details?: { photoFileId: number } } };
};

async function throughStep2(b: Browser) {
  const ids = await demoIds(ctx);
  expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
  return ids;
}

test('photos replaced on step 3 are removed after a day; the ones drafts and applications use stay', async () => {
  // 李明 uploads a photo with other fields missing, replaces it, then completes step 3 with a third one.
  const li = await loginAs(ctx, DEMO.liMing);
  const ids = await throughStep2(li);
  expect((await postDetails(li, { certificateId: ids.certificateId }, await cameraPhoto())).status).toBe(422);
  const first = (await draftOf(DEMO.liMing.idNumber)).pendingPhotoFileId as number;
  expect((await postDetails(li, { certificateId: ids.certificateId }, await cameraPhoto(1000, 1300))).status).toBe(422);
  const second = (await draftOf(DEMO.liMing.idNumber)).pendingPhotoFileId as number;
  expect((await postDetails(li, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto(800, 1100))).status).toBe(303);
  const answered = (await draftOf(DEMO.liMing.idNumber)).answers.details?.photoFileId as number;
  // 黄志强 leaves step 3 with only a photo uploaded (pending in his draft).
  const huang = await loginAs(ctx, DEMO.huang);
  await throughStep2(huang);
  await postDetails(huang, {}, await cameraPhoto());
  const pending = (await draftOf(DEMO.huang.idNumber)).pendingPhotoFileId as number;
  expect(new Set([first, second, answered, pending]).size).toBe(4);

  expect(await purge()).toBe(0); // nothing is a day old yet
  ctx.clock.advance(DAY + 60_000);
  expect(await purge()).toBe(2);
  const left = await fileIds();
  expect(left).not.toContain(first);
  expect(left).not.toContain(second);
  expect(left).toEqual(expect.arrayContaining([answered, pending]));
  expect(await purge()).toBe(0);

  // Submitted: the draft is gone, the application holds the photo.
  const again = await loginAs(ctx, DEMO.liMing);
  expect((await again.submit('/apply/step/4', {})).status).toBe(303);
  expect((await again.submit('/apply/step/5', {})).status).toBe(303);
  expect((await again.submit('/apply/step/6', { promise: 'agree' })).status).toBe(303);
  ctx.clock.advance(2 * DAY);
  expect(await purge()).toBe(0);
  const app = await ctx.db('applications').first('photo_file_id');
  expect(Number(app.photo_file_id)).toBe(answered);
  expect((await (await loginAs(ctx, DEMO.liMing)).get(`/apply/photo/${answered}`)).status).toBe(200);
});

test('files of certificates and real-name reviews stay; orphans go, a young one waits; an unreadable draft protects its owner', async () => {
  const now = ctx.clock.now().getTime();
  const at = (ms: number) => new Date(now - ms).toISOString();
  const accounts = await ctx.db('accounts').orderBy('id').select('id');
  const [li, huang, chen] = accounts.map((a) => Number(a.id));
  const file = async (accountId: number | null, createdAt: string) => {
    const [row] = await ctx.db('files').insert({ kind: 'photo', mime: 'image/jpeg', size: 3, data: Buffer.from('abc'), account_id: accountId, created_at: createdAt }).returning('id');
    return typeof row === 'number' ? row : Number((row as { id: number }).id);
  };
  const old = at(2 * DAY);
  const certPhoto = await file(li, old);
  const certExtra = await file(li, old);
  const front = await file(huang, old);
  const back = await file(huang, old);
  const orphan = await file(li, old);
  const ownerless = await file(null, old);
  const young = await file(li, at(DAY - 60_000));
  const chenOrphan = await file(chen, old);
  await ctx.db('certificates').insert({
    cert_number: '20024478131000555', holder_name: '李明', id_type: '1', id_number: DEMO.liMing.idNumber, issue_date: '2002-07-01',
    qualification_code: '3', issuing_authority: '台山市教育局', source: 'manual', account_id: li, verify_status: 'pending',
    photo_file_id: certPhoto, extra_photo_file_id: certExtra, created_at: old,
  });
  await ctx.db('realname_reviews').insert({ account_id: huang, name: '黄志强', status: 'pending', front_file_id: front, back_file_id: back, created_at: old });
  await ctx.db('drafts').insert({ account_id: chen, journey: 'registration', data: '{"answers":', updated_at: old });

  const before = await countRows(ctx, 'files');
  expect(await purge()).toBe(2);
  const left = await fileIds();
  expect(left).not.toContain(orphan);
  expect(left).not.toContain(ownerless);
  expect(left).toEqual(expect.arrayContaining([certPhoto, certExtra, front, back, young, chenOrphan]));
  expect(await countRows(ctx, 'files')).toBe(before - 2);
});

test('every column that points at files is known to housekeeping (a new one must be added to FILE_REFERENCES)', async () => {
  const columns: string[] = [];
  if (isPostgres(ctx.db)) {
    const rows = await ctx.db('information_schema.columns').where({ table_schema: 'public' }).andWhere('column_name', 'like', '%file_id').select('table_name', 'column_name');
    for (const r of rows) columns.push(`${r.table_name}.${r.column_name}`);
  } else {
    const tables = await ctx.db('sqlite_master').where({ type: 'table' }).select('name');
    for (const { name } of tables) {
      for (const col of (await ctx.db.raw(`pragma table_info("${name}")`)) as Array<{ name: string }>) {
        if (/file_id$/.test(col.name)) columns.push(`${name}.${col.name}`);
      }
    }
  }
  expect(columns.sort()).toEqual(FILE_REFERENCES.map(([t, c]) => `${t}.${c}`).sort());
});
