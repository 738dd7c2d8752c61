import type { Knex } from 'knex';
import { idOf } from './ids';
import { rows } from '../db/knex';

export interface SchoolRow { id: number; name: string; school_type: string | null; user_added: boolean; added_by: number | null; created_at: string }
const schoolRow = (r: SchoolRow): SchoolRow => ({ ...r, user_added: Boolean(r.user_added) });
/** Text for LIKE with its own % and _ (and the escape character) escaped; queries say `escape '\\'`. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Graduation schools: the seeded list and the ones teachers add with 新增学校. */
export function createSchoolsRepo(db: Knex) {
  return {
    search: (text: string): Promise<{ id: number; name: string }[]> =>
      db('schools').where('name', 'like', `%${text}%`).orderBy('name').limit(20).select('id', 'name'),
    // Looked up by every valid step 3 POST: a fixed statement rather than a built query (issue 8).
    findByName: async (name: string): Promise<{ id: number; name: string } | undefined> =>
      (await rows<{ id: number; name: string }>(db, 'select id, name from schools where name = ? limit 1', [name]))[0],
    async add(row: { name: string; schoolType: string; addedBy: number; createdAt: string }): Promise<number> {
      const [inserted] = await db('schools')
        .insert({ name: row.name, school_type: row.schoolType, user_added: true, added_by: row.addedBy, created_at: row.createdAt })
        .returning('id');
      return idOf(inserted);
    },
    // ---- 毕业学校维护 (staff) ----
    async page(filter: { q: string; userAdded: boolean; offset: number; limit: number }): Promise<{ rows: SchoolRow[]; total: number }> {
      const base = () => {
        const query = db('schools');
        if (filter.q) query.whereRaw("name like ? escape '\\'", [`%${likeEscaped(filter.q)}%`]);
        if (filter.userAdded) query.where({ user_added: true });
        return query;
      };
      const [count] = await base().count<{ n: number | string }[]>({ n: '*' });
      const rows = await base().orderBy([{ column: 'user_added', order: 'desc' }, { column: 'name' }, { column: 'id' }])
        .offset(filter.offset).limit(filter.limit).select('id', 'name', 'school_type', 'user_added', 'added_by', 'created_at');
      return { rows: rows.map(schoolRow), total: Number(count.n) };
    },
    find: async (id: number, trx?: Knex.Transaction): Promise<SchoolRow | undefined> => {
      const row = await (trx ?? db)('schools').where({ id }).first('id', 'name', 'school_type', 'user_added', 'added_by', 'created_at');
      return row ? schoolRow(row) : undefined;
    },
    othersNamed: async (name: string, exceptId: number, trx: Knex.Transaction): Promise<boolean> =>
      Boolean(await trx('schools').where({ name }).whereNot({ id: exceptId }).first('id')),
    /** How many applications name each of these schools as 毕业学校. */
    async usage(names: string[]): Promise<Map<string, number>> {
      if (!names.length) return new Map();
      const rows = await db('applications').whereIn('graduation_school', names).groupBy('graduation_school')
        .select({ name: 'graduation_school' }).count<{ name: string; n: number | string }[]>({ n: '*' });
      return new Map(rows.map((r) => [r.name, Number(r.n)]));
    },
    rename: (trx: Knex.Transaction, id: number, name: string) => trx('schools').where({ id }).update({ name }),
    remove: (trx: Knex.Transaction, id: number) => trx('schools').where({ id }).delete(),
    /**
     * Every reference to a school by its name moves to another name: applications (the column, the answers and
     * the summary row of the snapshot; the version goes up so a cached 申请表 is made again) and drafts.
     */
    async moveReferences(trx: Knex.Transaction, from: string, to: string): Promise<{ applications: string[]; drafts: number }> {
      const moveIn = (data: string): string | null => {
        try {
          const parsed = JSON.parse(data) as { answers?: { details?: { graduationSchool?: string } }; summary?: { rows: { key?: string; value: string }[] }[] };
          if (parsed.answers?.details?.graduationSchool !== from) return null;
          parsed.answers.details.graduationSchool = to;
          for (const section of parsed.summary ?? []) for (const row of section.rows) if (row.key === 'graduationSchool' && row.value === from) row.value = to;
          return JSON.stringify(parsed);
        } catch {
          return null; // an unreadable snapshot or draft is left as it is
        }
      };
      const applications = await trx('applications').where({ graduation_school: from }).select('id', 'application_no', 'data', 'version');
      for (const a of applications) {
        const data = moveIn(a.data) ?? a.data;
        await trx('applications').where({ id: a.id }).update({ graduation_school: to, data, version: Number(a.version) + 1 });
      }
      const drafts = await trx('drafts').whereRaw("data like ? escape '\\'", [`%${likeEscaped(JSON.stringify(from))}%`]).select('account_id', 'journey', 'data');
      let movedDrafts = 0;
      for (const d of drafts) {
        const data = moveIn(d.data);
        if (data === null) continue;
        await trx('drafts').where({ account_id: d.account_id, journey: d.journey }).update({ data });
        movedDrafts += 1;
      }
      return { applications: applications.map((a) => String(a.application_no)), drafts: movedDrafts };
    },
    async countAddedBy(accountId: number): Promise<number> {
      const [row] = await db('schools').where({ added_by: accountId }).count<{ n: number | string }[]>({ n: '*' });
      return Number(row.n);
    },
  };
}
export type SchoolsRepo = ReturnType<typeof createSchoolsRepo>;
