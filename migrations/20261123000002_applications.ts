import type { Knex } from 'knex';

/*
 * The registration business: application events (the audit trail of every status change and edit),
 * messages (留言), a never-reused counter for 报名号, and what the wizard and manual certificates need.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('application_events', (t) => {
    t.increments('id');
    t.integer('application_id').notNullable().references('applications.id');
    t.string('actor_type', 10).notNullable(); // applicant | staff | system
    t.integer('actor_id');
    t.string('action', 30).notNullable(); // submit | edit | status
    t.string('from_status', 20);
    t.string('to_status', 20);
    t.text('reason');
    t.text('missing_materials');
    t.string('created_at', 32).notNullable();
    t.index(['application_id']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.increments('id');
    t.integer('application_id').notNullable().references('applications.id');
    t.string('author', 100).notNullable(); // the point's or bureau's name
    t.text('body').notNullable();
    t.string('created_at', 32).notNullable();
    t.string('read_at', 32);
    t.index(['application_id']);
  });

  // 报名号 = two-digit year + a six-digit sequence of that year; the counter only goes up, so a number is never reused.
  await knex.schema.createTable('counters', (t) => {
    t.string('name', 40).primary();
    t.integer('value').notNullable();
  });

  await knex.schema.alterTable('certificates', (t) => {
    t.integer('photo_file_id').references('files.id');
    t.integer('extra_photo_file_id').references('files.id');
  });

  await knex.schema.alterTable('applications', (t) => {
    t.string('teaching_stage', 4);
    t.string('teaching_subject', 10);
    t.string('reg_type', 10);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.dropColumn('teaching_stage');
    t.dropColumn('teaching_subject');
    t.dropColumn('reg_type');
  });
  await knex.schema.alterTable('certificates', (t) => {
    t.dropColumn('photo_file_id');
    t.dropColumn('extra_photo_file_id');
  });
  await knex.schema.dropTableIfExists('counters');
  await knex.schema.dropTableIfExists('messages');
  await knex.schema.dropTableIfExists('application_events');
}
