import type { Knex } from 'knex';

/*
 * One table of counters for every database-held limit (so they hold across instances): failed logins
 * per (证件号码, source IP) and per 证件号码, wrong 短信验证码 at 账号注册 per IP. It replaces
 * login_throttle, whose one row per 证件号码 locked the account itself: anyone could lock a colleague out.
 * Rows are short-lived; nothing is carried over.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 200).primary(); // e.g. login-source:<证件号码>|<ip>, login-account:<证件号码>, register:<ip>
    t.integer('hits').notNullable().defaultTo(0);
    t.string('window_started_at', 32).notNullable();
    t.string('blocked_until', 32);
  });
  await knex.schema.dropTableIfExists('login_throttle');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.string('identifier', 60).primary();
    t.integer('failures').notNullable().defaultTo(0);
    t.string('first_failed_at', 32);
    t.string('locked_until', 32);
  });
  await knex.schema.dropTableIfExists('rate_limits');
}
