import type { Knex } from 'knex';

/*
 * 教师资格认定 applications live in `applications` beside 定期注册's (business = 'certification'): the same 报名号
 * counter, lifecycle events, messages, staff screens and scopes. What only a 认定 has gets its own columns
 * (journeys/certification/types.ts CertificationColumns): the 资格种类 applied for, the 考试形式, the signed 个人承诺书.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.string('qualification_code', 4);
    t.string('exam_form', 10);
    t.integer('signature_file_id').references('files.id');
    t.index(['business', 'bureau_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('applications', (t) => {
    t.dropIndex(['business', 'bureau_id', 'status']);
    t.dropColumn('qualification_code');
    t.dropColumn('exam_form');
    t.dropColumn('signature_file_id');
  });
}
