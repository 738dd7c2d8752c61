import type { Knex } from 'knex';

/*
 * Staff 动态口令 secrets are encrypted under the data keys (services/staff.ts); staff_users joins the protected tables
 * (security/personalData.ts) so a key rotation re-encrypts them before the old key goes — otherwise every enrolled
 * staff member would be locked out after a rotation. NULL rows are sealed by the start-up sweep.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.integer('key_version');
    t.index(['key_version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.dropIndex(['key_version']);
    t.dropColumn('key_version');
  });
}
