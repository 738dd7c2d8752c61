import type { Knex } from 'knex';

/*
 * 数据导出 reads a plan's applications in pages by id (where plan_id = ? and id > ? order by id limit n). Without an
 * index that serves both, SQLite took the (bureau_id, status) index and sorted every remaining row of the bureau for
 * each page, so a 100,000-row export cost quadratic time. (plan_id, id) answers each page in its own order; the
 * statistics' GROUP BYs on one plan use it too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.index(['plan_id', 'id'], 'applications_plan_id_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.dropIndex(['plan_id', 'id'], 'applications_plan_id_id_index');
  });
}
