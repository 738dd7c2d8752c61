import type { Knex } from 'knex';

/*
 * Personal data at rest (issue 13): 证件号码 and 手机号码 are stored encrypted (AES-256-GCM, src/security/), so an
 * exact-match lookup goes through a blind index (an HMAC of the normalised value) stored beside them. Each table
 * with protected columns gets `key_version`: the key every protected value of the row is under, NULL for a row
 * written before this release (plaintext). The files' images get `key_version` too.
 *
 * This migration changes the schema only: migrations never see the keys (they live outside the database). The
 * rows already there are encrypted by the step the server runs after migrating (services/dataProtection.ts
 * `sealLegacyRows`, also run by `npm run seed` and `admin rotate-keys`), batch by batch, found by
 * `key_version IS NULL`.
 *
 * Rate-limit rows named by a plaintext 证件号码 (login-source:…, login-account:…) are dropped: counters of at most a
 * day, now named by the blind index.
 */
const INDEX = 40; // hex characters of a blind index

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    // Ciphertext is longer than the plain value; SQLite does not enforce varchar lengths.
    for (const [table, column] of [['accounts', 'id_number'], ['accounts', 'mobile'], ['certificates', 'id_number'], ['sms_codes', 'mobile'], ['outbox', 'recipient']]) {
      await knex.raw('alter table ?? alter column ?? type text', [table, column]);
    }
  }
  await knex.schema.alterTable('accounts', (t) => {
    t.dropUnique(['id_type', 'id_number']);
    t.dropIndex(['id_number']);
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.string('id_number_index', INDEX);
    t.string('mobile_index', INDEX);
    t.integer('key_version');
    // Unique per document type, as (id_type, id_number) was; legacy rows (NULL) do not collide until they are sealed.
    t.unique(['id_type', 'id_number_index']);
    t.index(['id_number_index']);
    t.index(['mobile_index']);
    t.index(['key_version']);
  });
  await knex.schema.alterTable('certificates', (t) => t.dropIndex(['id_number']));
  await knex.schema.alterTable('certificates', (t) => {
    t.string('id_number_index', INDEX);
    t.integer('key_version');
    t.index(['id_number_index']);
    t.index(['key_version']);
  });
  await knex.schema.alterTable('sms_codes', (t) => t.dropIndex(['mobile', 'created_at']));
  await knex.schema.alterTable('sms_codes', (t) => {
    t.string('mobile_index', INDEX);
    t.integer('key_version');
    t.index(['mobile_index', 'created_at']);
    t.index(['key_version']);
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.string('recipient_index', INDEX);
    t.integer('key_version');
    t.index(['recipient_index']);
    t.index(['key_version']);
  });
  // An index, so finding the images still to seal never reads the blobs themselves.
  await knex.schema.alterTable('files', (t) => {
    t.integer('key_version');
    t.index(['key_version']);
  });
  await knex('rate_limits').where('key', 'like', 'login-%').del();
}

/**
 * Drops the new columns and brings the old indexes back. The values stay encrypted: going back to a release before
 * this one needs a database restored from before the upgrade (README).
 */
export async function down(knex: Knex): Promise<void> {
  const drop = async (table: string, indexes: string[][], columns: string[], unique: string[][] = []) => {
    await knex.schema.alterTable(table, (t) => {
      for (const u of unique) t.dropUnique(u);
      for (const i of indexes) t.dropIndex(i);
    });
    // Plain DROP COLUMN (SQLite ≥ 3.35): Knex's SQLite dropColumn copies the table, which foreign keys forbid.
    for (const column of columns) await knex.raw('alter table ?? drop column ??', [table, column]);
  };
  await drop('files', [['key_version']], ['key_version']);
  await drop('outbox', [['recipient_index'], ['key_version']], ['recipient_index', 'key_version']);
  await drop('sms_codes', [['mobile_index', 'created_at'], ['key_version']], ['mobile_index', 'key_version']);
  await knex.schema.alterTable('sms_codes', (t) => t.index(['mobile', 'created_at']));
  await drop('certificates', [['id_number_index'], ['key_version']], ['id_number_index', 'key_version']);
  await knex.schema.alterTable('certificates', (t) => t.index(['id_number']));
  await drop('accounts', [['id_number_index'], ['mobile_index'], ['key_version']], ['id_number_index', 'mobile_index', 'key_version'], [['id_type', 'id_number_index']]);
  await knex.schema.alterTable('accounts', (t) => {
    t.unique(['id_type', 'id_number']);
    t.index(['id_number']);
  });
}
