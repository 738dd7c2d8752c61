import { makeTestApp, TestContext, DEMO } from '../helpers/app';
import { migrationSource } from '../../migrations';

const NAME = '20261125000030_certificate_owner';
let ctx: TestContext;
// The rows stay as the seed writes them (plain): this migration predates encryption and matches 证件号码 in SQL.
beforeAll(async () => { ctx = await makeTestApp({ leavePlain: true }); });
afterAll(async () => ctx?.close());

const owner = async (certNumber: string) => (await ctx.db('certificates').where({ cert_number: certNumber }).first('account_id')).account_id;
const accountOf = async (idNumber: string) => (await ctx.db('accounts').where({ id_number: idNumber, id_type: '1' }).first('id')).id;

test('links each certificate to the one account matching its holder, leaves ambiguous ones, and goes down again', async () => {
  // The demo county is seeded after the migrations: its synced certificates are not linked yet.
  await ctx.db.migrate.down({ migrationSource, name: NAME });
  expect(await owner('20094478131000123')).toBeNull();
  const now = ctx.clock.now().toISOString();
  // Two accounts with the same number and name (other document types): nobody's certificate to claim.
  const twin = { id_number: 'H1234567', name: '何双', email: 'h@example.com', mobile: '13800000001', password_hash: 'x', created_at: now, updated_at: now };
  await ctx.db('accounts').insert([{ ...twin, id_type: '3' }, { ...twin, id_type: '4' }]);
  await ctx.db('certificates').insert({
    cert_number: '19994478131000001', holder_name: '何双', id_type: '3', id_number: 'H1234567', issue_date: '1999-07-01',
    qualification_code: '3', issuing_authority: '台山市教育局', source: 'synced', created_at: now,
  });

  await ctx.db.migrate.up({ migrationSource, name: NAME });
  expect(await owner('20094478131000123')).toBe(await accountOf(DEMO.liMing.idNumber));
  expect(await owner('20154478141000456')).toBe(await accountOf(DEMO.liMing.idNumber));
  expect(await owner('20084478121000789')).toBe(await accountOf(DEMO.huang.idNumber));
  expect(await owner('19994478131000001')).toBeNull();

  await ctx.db.migrate.down({ migrationSource, name: NAME });
  expect(await owner('20094478131000123')).toBeNull();
  await ctx.db.migrate.latest({ migrationSource });
  expect(await owner('20084478121000789')).toBe(await accountOf(DEMO.huang.idNumber));
});
