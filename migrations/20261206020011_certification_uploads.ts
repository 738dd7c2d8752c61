import type { Knex } from 'knex';

/*
 * 全程网办 uploads of a 教师资格认定 application (issue 14, seed 002 §3.2.5): one PDF per material the bureau lists,
 * stored encrypted in `files` like every other upload (the files repository seals it). `item` is the material's name
 * as the bureau listed it when the file came; a later change of the bureau's list leaves what was sent readable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certification_uploads', (t) => {
    t.increments('id');
    t.integer('application_id').notNullable().references('applications.id').onDelete('CASCADE');
    t.string('item', 100).notNullable();
    t.integer('file_id').notNullable().references('files.id');
    t.string('file_name', 120).notNullable();
    t.integer('size').notNullable();
    t.integer('pages').notNullable();
    t.string('created_at', 30).notNullable();
    t.unique(['application_id', 'item']);
    t.index(['file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certification_uploads');
}
