/*
 * Issue 13: a concluded application carries a seal (MAC over the conclusion, its event and its 注册记录, key outside
 * the database). A tampered conclusion is shown to staff. Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, escaped } from '../helpers/app';
import { staffStatus, submittedApplication } from '../helpers/applications';
import { staffBrowser } from '../helpers/staff';
import { SEAL_MESSAGES } from '../../src/domain/conclusionSeal';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const WARNING = escaped(SEAL_MESSAGES.broken);

async function detailPage(no: string): Promise<string> {
  const reviewer = await staffBrowser(ctx, 'reviewer');
  const page = await reviewer.get(`/staff/applications/${no}`);
  expect(page.status).toBe(200);
  return page.text;
}

describe('a tampered conclusion is shown to staff', () => {
  test('sealed in the conclusion\'s transaction; an untouched conclusion shows no warning', async () => {
    const { row, no } = await submittedApplication(ctx);
    expect((await ctx.db('applications').where({ id: row.id }).first()).conclusion_seal).toBeNull();
    expect(await detailPage(no)).not.toContain(WARNING);
    await staffStatus(ctx, row.id, '暂缓注册');
    const concluded = await ctx.db('applications').where({ id: row.id }).first();
    expect(concluded.conclusion_seal).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(await ctx.db('registration_records').where({ application_id: row.id }).first()).toMatchObject({ conclusion: '暂缓注册' });
    expect(await detailPage(no)).not.toContain(WARNING);
  });

  test.each([
    ['the status', (id: number) => ctx.db('applications').where({ id }).update({ status: '注册合格' })],
    ['the reason of the conclusion', (id: number) => ctx.db('application_events').where({ application_id: id, to_status: '暂缓注册' }).update({ reason: '已补齐' })],
    ['the registration record it wrote', (id: number) => ctx.db('registration_records').where({ application_id: id }).update({ conclusion: '注册合格' })],
    ['the record deleted', (id: number) => ctx.db('registration_records').where({ application_id: id }).del()],
    ['the seal removed', (id: number) => ctx.db('applications').where({ id }).update({ conclusion_seal: null })],
    ['a conclusion taken back to 待注册审批', (id: number) => ctx.db('applications').where({ id }).update({ status: '待注册审批' })],
  ])('%s changed in the database: the application page warns', async (_what, tamper) => {
    const { row, no } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '暂缓注册');
    await tamper(row.id);
    const page = await detailPage(no);
    expect(page).toContain(`id="seal-problem">${WARNING}`);
  });

  test('不属于注册对象 (no registration record) is sealed and checked too', async () => {
    const { row, no } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '不属于注册对象');
    expect(await detailPage(no)).not.toContain(WARNING);
    await ctx.db('application_events').where({ application_id: row.id, to_status: '不属于注册对象' }).update({ actor_id: 999 });
    expect(await detailPage(no)).toContain(WARNING);
  });

  test('an application concluded before the upgrade is marked as unchecked, not as tampered', async () => {
    const { row, no } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '注册合格');
    await ctx.db('applications').where({ id: row.id }).update({ conclusion_seal: 'legacy' });
    const page = await detailPage(no);
    expect(page).not.toContain(WARNING);
    expect(page).toContain(escaped(SEAL_MESSAGES.legacy));
  });
});
