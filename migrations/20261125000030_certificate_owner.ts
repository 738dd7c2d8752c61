import type { Knex } from 'knex';

/*
 * certificates.account_id becomes the account a certificate belongs to (it held only the account that
 * added a manual certificate). A certificate was found by (证件号码, 姓名), so an approved change of name
 * through 实名认证 lost the applicant's certificates and their registration history. Certificates are now
 * linked to the account that matched them, and a rename keeps them; the holder_name stays what the
 * certificate says. This backfills the link wherever exactly one account matches today.
 */
const MATCH = 'from accounts a where a.id_number = certificates.id_number and a.name = certificates.holder_name';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `update certificates set account_id = (select min(a.id) ${MATCH}) where account_id is null and (select count(*) ${MATCH}) = 1`,
  );
  await knex.schema.alterTable('certificates', (t) => t.index(['account_id'], 'certificates_account_id_index'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('certificates', (t) => t.dropIndex(['account_id'], 'certificates_account_id_index'));
  // Before this migration only hand-entered certificates carried an account.
  await knex('certificates').where({ source: 'synced' }).update({ account_id: null });
}
