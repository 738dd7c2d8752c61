import type { Knex } from 'knex';

/*
 * A bureau's settings for 教师资格认定 (issue 14, seed 002 §3.1.2 步骤六/八 and §3.2.5): 全程网办 on/off and the
 * materials it asks for, the 认定 注意事项 and counter checklist (null: the defaults of domain/certification/
 * bureauSettings.ts), and how many copies of the 认定申请表 are printed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bureaus', (t) => {
    t.boolean('online_processing').notNullable().defaultTo(false);
    t.text('online_materials');
    t.text('certification_notes');
    t.text('certification_checklist');
    t.integer('certification_form_copies').notNullable().defaultTo(2);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bureaus', (t) => {
    t.dropColumn('online_processing');
    t.dropColumn('online_materials');
    t.dropColumn('certification_notes');
    t.dropColumn('certification_checklist');
    t.dropColumn('certification_form_copies');
  });
}
