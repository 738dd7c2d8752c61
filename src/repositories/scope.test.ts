import knexFactory, { Knex } from 'knex';
import { applyScope } from './scope';
import { scopeOf, type Scope } from '../domain/principal';

/* A real SQLite in memory (one connection: each :memory: connection is its own database). */
let db: Knex;

beforeAll(async () => {
  db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  await db.schema.createTable('applications', (t) => {
    t.increments('id');
    t.string('application_no');
    t.integer('bureau_id').notNullable();
    t.integer('point_id');
    t.string('status');
  });
  // Also has a bureau_id: a join must say whose column the scope means.
  await db.schema.createTable('confirmation_points', (t) => {
    t.integer('id').primary();
    t.integer('bureau_id').notNullable();
    t.string('name');
  });
  await db('confirmation_points').insert([
    { id: 11, bureau_id: 1, name: '一中' },
    { id: 12, bureau_id: 1, name: '二中' },
    { id: 21, bureau_id: 2, name: '三中' },
  ]);
  await db('applications').insert([
    { application_no: 'a', bureau_id: 1, point_id: 11, status: '网报待确认' },
    { application_no: 'b', bureau_id: 1, point_id: 12, status: '网报待确认' },
    { application_no: 'c', bureau_id: 1, point_id: null, status: '待注册审批' },
    { application_no: 'd', bureau_id: 2, point_id: 21, status: '网报待确认' },
    // A point of bureau 1 recorded under bureau 2 (e.g. a half-done correction): not the operator's.
    { application_no: 'e', bureau_id: 2, point_id: 11, status: '机构选择有误' },
  ]);
});

afterAll(() => db.destroy());

const numbers = async (query: Knex.QueryBuilder) => (await query.select('application_no').orderBy('application_no')).map((r: { application_no: string }) => r.application_no);

describe('applyScope on a real SQLite', () => {
  test.each<[string, Scope, string[]]>([
    ['all', { kind: 'all' }, ['a', 'b', 'c', 'd', 'e']],
    ['one bureau', { kind: 'bureau', bureauId: 1 }, ['a', 'b', 'c']],
    ['another bureau', { kind: 'bureau', bureauId: 2 }, ['d', 'e']],
    ['one point (and its bureau)', { kind: 'point', bureauId: 1, pointId: 11 }, ['a']],
    ['a bureau with no rows', { kind: 'bureau', bureauId: 99 }, []],
    ['none', { kind: 'none' }, []],
  ])('%s', async (_what, scope, expected) => {
    expect(await numbers(applyScope(db('applications'), scope))).toEqual(expected);
  });

  test('works with a principal’s scope', async () => {
    const operator = scopeOf({ kind: 'staff', staffId: 1, role: 'operator', bureauId: 2, pointId: 21 });
    expect(await numbers(applyScope(db('applications'), operator))).toEqual(['d']);
    const applicant = scopeOf({ kind: 'applicant', accountId: 1 });
    expect(await numbers(applyScope(db('applications'), applicant))).toEqual([]);
  });

  test('combines with the caller’s conditions, before or after', async () => {
    const before = applyScope(db('applications').where({ status: '网报待确认' }), { kind: 'bureau', bureauId: 1 });
    expect(await numbers(before)).toEqual(['a', 'b']);
    const after = applyScope(db('applications'), { kind: 'bureau', bureauId: 1 }).andWhere({ status: '待注册审批' });
    expect(await numbers(after)).toEqual(['c']);
  });

  test('a grouped OR of the caller stays inside the scope', async () => {
    const query = applyScope(db('applications'), { kind: 'bureau', bureauId: 1 }).where((q) => {
      q.where({ application_no: 'a' }).orWhere({ application_no: 'd' });
    });
    expect(await numbers(query)).toEqual(['a']);
  });

  test('a join names the table whose columns are meant', async () => {
    const joined = () => db('applications').join('confirmation_points', 'confirmation_points.id', 'applications.point_id');
    expect(await numbers(applyScope(joined(), { kind: 'bureau', bureauId: 2 }, { table: 'applications' }))).toEqual(['d', 'e']);
    // Scoping on the point's own bureau gives a different answer for row e: the prefix matters.
    expect(await numbers(applyScope(joined(), { kind: 'bureau', bureauId: 2 }, { table: 'confirmation_points' }))).toEqual(['d']);
    expect(await numbers(applyScope(joined(), { kind: 'point', bureauId: 1, pointId: 11 }, { table: 'applications' }))).toEqual(['a']);
  });

  test('also scopes updates and counts, not only selects', async () => {
    const count = await applyScope(db('applications'), { kind: 'point', bureauId: 1, pointId: 12 }).count<{ n: number }[]>({ n: '*' });
    expect(Number(count[0].n)).toBe(1);
    const changed = await applyScope(db('applications').where({ status: '网报待确认' }), { kind: 'bureau', bureauId: 2 }).update({ status: '网报待确认' });
    expect(changed).toBe(1);
    expect(await applyScope(db('applications'), { kind: 'none' }).update({ status: 'x' })).toBe(0);
  });
});
