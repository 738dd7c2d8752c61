import type { Knex } from 'knex';

/*
 * 网报计划 per business (issue 14): a bureau opens 教师资格认定 in spring and 定期注册 in autumn, each with its own
 * windows. Every existing plan is a 定期注册 plan (the only business so far).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plans', (t) => {
    t.string('business', 20).notNullable().defaultTo('registration');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('plans', (t) => {
    t.dropColumn('business');
  });
}
