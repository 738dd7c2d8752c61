import type { Knex } from 'knex';

/*
 * The bureau profile its 机构管理员 keeps (issue 10): 工作时间 beside the phone and address the bureau row already had,
 * and the materials the confirmation points check at the counter (one item a line; empty means the default list
 * of domain/materials.ts). 公告 and 注意事项 were columns from the start.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bureaus', (t) => {
    t.string('office_hours', 100);
    t.text('materials_checklist');
  });
}

/** Plain DROP COLUMN (PostgreSQL, and SQLite since 3.35): Knex's SQLite dropColumn copies the table, which foreign keys forbid. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table bureaus drop column office_hours');
  await knex.raw('alter table bureaus drop column materials_checklist');
}
