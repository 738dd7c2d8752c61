import type { Knex } from 'knex';
import { idOf } from './ids';

/** Graduation schools: the seeded list and the ones teachers add with 新增学校. */
export function createSchoolsRepo(db: Knex) {
  return {
    search: (text: string): Promise<{ id: number; name: string }[]> =>
      db('schools').where('name', 'like', `%${text}%`).orderBy('name').limit(20).select('id', 'name'),
    findByName: (name: string): Promise<{ id: number; name: string } | undefined> => db('schools').where({ name }).first('id', 'name'),
    async add(row: { name: string; schoolType: string; addedBy: number; createdAt: string }): Promise<number> {
      const [inserted] = await db('schools')
        .insert({ name: row.name, school_type: row.schoolType, user_added: true, added_by: row.addedBy, created_at: row.createdAt })
        .returning('id');
      return idOf(inserted);
    },
    async countAddedBy(accountId: number): Promise<number> {
      const [row] = await db('schools').where({ added_by: accountId }).count<{ n: number | string }[]>({ n: '*' });
      return Number(row.n);
    },
  };
}
export type SchoolsRepo = ReturnType<typeof createSchoolsRepo>;
