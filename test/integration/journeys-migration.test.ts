import { makeTestApp, TestContext, loginAs, DEMO, byIdNumber } from '../helpers/app';
import { fillUpToPromise } from '../helpers/wizard';
import { submittedApplication } from '../helpers/applications';
import { migrationSource } from '../../migrations';

const NAME = '20261125000001_journeys_and_lifecycle';
let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

test('drafts move to the 定期注册 journey; applications get their columns and keyed summary rows; down and up again', async () => {
  const { row } = await submittedApplication(ctx);
  const chen = await loginAs(ctx, DEMO.huang);
  await chen.submit('/apply/step/1', { agree: '1' });
  const huang = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).first('id');
  const draftBefore = await ctx.db('drafts').where({ account_id: huang.id }).first();

  await ctx.db.migrate.down({ migrationSource, name: NAME });
  expect(await ctx.db.schema.hasColumn('drafts', 'journey')).toBe(false);
  expect(await ctx.db.schema.hasColumn('applications', 'school_name')).toBe(false);
  // A row as the previous release wrote it: summary rows without keys.
  const old = JSON.parse(row.data);
  for (const section of old.summary) for (const r of section.rows) delete r.key;
  await ctx.db('applications').where({ id: row.id }).update({ data: JSON.stringify({ answers: old.answers, summary: old.summary }) });

  await ctx.db.migrate.up({ migrationSource, name: NAME });
  expect(await ctx.db('drafts').where({ account_id: huang.id }).first()).toMatchObject({ journey: 'registration', data: draftBefore.data });
  const after = await ctx.db('applications').where({ id: row.id }).first();
  expect(after).toMatchObject({ business: 'registration', applicant_name: '李明', school_name: '台山市台城第一初级中学', education: '21', teacher_title: 'M3' });
  const keys = JSON.parse(after.data).summary.flatMap((s: { rows: { key: string }[] }) => s.rows.map((r) => r.key));
  expect(keys).toEqual(expect.arrayContaining(['province', 'bureau', 'point', 'certNumber', 'regType', 'schoolName', 'address']));
});

test('a 认定 draft and a 定期注册 draft of one account live side by side', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  await fillUpToPromise(ctx, b);
  const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
  await ctx.container.services.drafts.save(account.id, 'certification', { answers: { agreement: { agreed: true } } });
  const registration = await ctx.container.services.drafts.find<Record<string, unknown>>(account.id, 'registration');
  expect(Object.keys(registration.answers)).toEqual(expect.arrayContaining(['agreement', 'bureau', 'details', 'review', 'notes']));
  expect((await ctx.container.services.drafts.find(account.id, 'certification')).answers).toEqual({ agreement: { agreed: true } });
  // Abandoning one journey leaves the other.
  await ctx.container.services.drafts.remove(account.id, 'certification');
  expect((await b.get('/apply')).headers.location).toBe('/apply/step/6');
});
