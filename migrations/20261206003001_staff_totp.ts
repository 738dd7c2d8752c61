import type { Knex } from 'knex';

/*
 * Issue 13, staff login: every staff account has a TOTP second factor. The secret is stored encrypted by the
 * data protector (keys outside the database); `totp_last_step` is the last 30-second step a code was accepted
 * for, so the same code cannot be used twice. `demo` marks the accounts the demo seed made: only they may show
 * their current code on the demo's 动态口令 page, and a production server refuses to start while any exists.
 * The two new roles (audit_admin, security_admin) fit the existing role column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.text('totp_secret').nullable();
    t.integer('totp_last_step').nullable();
    t.boolean('demo').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.dropColumn('totp_secret');
    t.dropColumn('totp_last_step');
    t.dropColumn('demo');
  });
}
