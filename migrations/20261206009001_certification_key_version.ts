import type { Knex } from 'knex';

/*
 * The 认定 tables that hold imported ID numbers (qualification_proofs, putonghua_results, student_status_list) join
 * the protected tables (security/personalData.ts), so a key rotation re-encrypts and re-indexes them too. Their
 * values are already encrypted; rows from before this column (NULL) are opened and sealed again by the start-up
 * sweep, which leaves them under the current key.
 */
const TABLES = ['qualification_proofs', 'putonghua_results', 'student_status_list'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('key_version');
      t.index(['key_version']);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(['key_version']);
      t.dropColumn('key_version');
    });
  }
}
