import type { Knex } from 'knex';

/*
 * The businesses a 确认点 serves (issue 14: "确认点 may serve both"): comma-separated codes of domain/business.ts.
 * Every existing point served 定期注册, the only business so far; a bureau ticks 教师资格认定 where that counter takes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('confirmation_points', (t) => {
    t.string('businesses', 60).notNullable().defaultTo('registration');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('confirmation_points', (t) => {
    t.dropColumn('businesses');
  });
}
