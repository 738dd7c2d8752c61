import type { Knex } from 'knex';

/*
 * Staff accounts that can sign in: whether an account may still be used, the epoch that ends its sessions
 * when its password is reset, and when it last signed in.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('session_epoch').notNullable().defaultTo(0);
    t.string('updated_at', 32);
    t.string('last_login_at', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff_users', (t) => {
    t.dropColumn('active');
    t.dropColumn('session_epoch');
    t.dropColumn('updated_at');
    t.dropColumn('last_login_at');
  });
}
