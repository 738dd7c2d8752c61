import type { Knex } from 'knex';

/*
 * The answer to a hand-added (pre-2008) certificate: the reason given when it is rejected (the applicant reads
 * it in the personal centre) and when it was decided. Who decided is in the audit log.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificates', (t) => {
    t.string('verify_note', 200);
    t.string('verified_at', 32);
  });
}

/**
 * Plain ALTER TABLE … DROP COLUMN (PostgreSQL, and SQLite since 3.35): Knex's SQLite dropColumn copies the
 * table, which the foreign keys of registration_records and applications forbid.
 */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table certificates drop column verify_note');
  await knex.raw('alter table certificates drop column verified_at');
}
