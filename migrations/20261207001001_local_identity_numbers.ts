import type { Knex } from 'knex';

/*
 * 002 §2.1 b–c: the holders of a 港澳台居民居住证, 港澳居民来往内地通行证 or 台湾居民来往大陆通行证 add their 港澳或台湾当地有效身份证件号码,
 * a 居住证 holder also the 通行证号码. Both are personal data at rest like the 证件号码: stored encrypted (text, as
 * ciphertext is longer than the number) and listed in security/personalData.ts, so the start-up sweep and key
 * rotation cover them. No blind index: nothing looks an account up by them. NULL until the holder fills them in
 * (existing accounts are asked at their next login).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.text('local_id_number');
    t.text('pass_number');
  });
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN (SQLite ≥ 3.35): Knex's SQLite dropColumn copies the table, which the foreign keys to accounts forbid.
  for (const column of ['local_id_number', 'pass_number']) await knex.raw('alter table ?? drop column ??', ['accounts', column]);
}
