import type { Knex } from 'knex';

/*
 * Settings that belong to a bureau, set on its admin page rather than in environment variables: the base retirement
 * ages and whether the 2025 gradual schedule applies (the registration rule reads them), and the sender names of its
 * SMS (the 【签名】) and e-mail. A bureau without a row uses the defaults (60 / 55, the schedule, the site's name).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('bureau_settings', (t) => {
    t.integer('bureau_id').primary().references('bureaus.id');
    t.integer('retirement_age_male').notNullable().defaultTo(60);
    t.integer('retirement_age_female').notNullable().defaultTo(55);
    t.boolean('gradual_retirement').notNullable().defaultTo(true);
    t.string('sms_signature', 20);
    t.string('mail_sender_name', 40);
    t.string('updated_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bureau_settings');
}
