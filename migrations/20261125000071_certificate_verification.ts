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

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificates', (t) => {
    t.dropColumn('verify_note');
    t.dropColumn('verified_at');
  });
}
