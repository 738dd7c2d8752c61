import type { Knex } from 'knex';

/*
 * Issue 13, integrity: the audit log becomes a hash chain, and concluded applications carry a seal.
 *
 * audit_log: `seq` (1, 2, 3 … with no gap, given under the chain head's lock; ids may skip on PostgreSQL), the
 * previous row's `hash` in `prev_hash` and the row's own keyed hash (services/audit.ts). audit_chain_head is one row:
 * the last seq and hash. Every append reads and updates it inside the writing transaction (SELECT … FOR UPDATE on
 * PostgreSQL), which is what serialises appends across instances.
 *
 * The keys are outside the database, so this migration cannot hash: rows already in audit_log are left unchained and
 * `legacy_pending` is set; the first append (or `admin verify-audit`) chains them once, in id order, under the lock.
 *
 * applications.conclusion_seal: the MAC over the concluded data (services/applications.ts, domain/conclusionSeal.ts);
 * registration_records.application_id: which application wrote a record, so the seal can cover it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.integer('seq').unique();
    t.string('prev_hash', 80);
    t.string('hash', 80);
  });
  await knex.schema.createTable('audit_chain_head', (t) => {
    t.integer('id').primary(); // always 1
    t.integer('seq').notNullable();
    t.string('hash', 80).notNullable();
    t.boolean('legacy_pending').notNullable();
  });
  const [{ n }] = await knex('audit_log').count<{ n: number | string }[]>({ n: '*' });
  await knex('audit_chain_head').insert({ id: 1, seq: 0, hash: '', legacy_pending: Number(n) > 0 });

  await knex.schema.alterTable('applications', (t) => {
    t.string('conclusion_seal', 80);
  });
  // Concluded before seals existed: marked, and shown to staff as "cannot be checked" rather than as tampered.
  await knex('applications').whereIn('status', ['注册合格', '暂缓注册', '注册不合格', '不属于注册对象']).update({ conclusion_seal: 'legacy' });
  await knex.schema.alterTable('registration_records', (t) => {
    t.integer('application_id'); // no foreign key: SQLite would copy the table to add one
    t.index(['application_id']);
  });
}

/** Plain DROP COLUMN (PostgreSQL, and SQLite since 3.35): Knex's SQLite dropColumn copies the table, which foreign keys forbid. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_chain_head');
  await knex.schema.alterTable('audit_log', (t) => t.dropUnique(['seq']));
  for (const column of ['seq', 'prev_hash', 'hash']) await knex.raw(`alter table audit_log drop column ${column}`);
  await knex.schema.alterTable('registration_records', (t) => t.dropIndex(['application_id']));
  await knex.raw('alter table registration_records drop column application_id');
  await knex.raw('alter table applications drop column conclusion_seal');
}
