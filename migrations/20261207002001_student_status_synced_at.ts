import type { Knex } from 'knex';

/*
 * 002 §3.1.2 ④: 同步学籍 once only, yet 补充数据 may replace a synced 学籍 that is not what the applicant expected. `source`
 * says where the current 学籍 came from; `synced_at` remembers that a sync happened, so a 学籍 typed over a synced one
 * cannot be synced again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('student_statuses', (t) => {
    t.string('synced_at', 30);
  });
  await knex('student_statuses').where({ source: 'synced' }).update({ synced_at: knex.ref('created_at') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('student_statuses', (t) => {
    t.dropColumn('synced_at');
  });
}
