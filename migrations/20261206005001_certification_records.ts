import type { Knex } from 'knex';

/*
 * 教师资格认定's personal centre (seed 002 §2.2) and the bureau data it is checked against.
 *
 * Imported by the bureau (数据导入): qualification_proofs (考试合格证明 and 师范生教师职业能力证书, told apart by
 * `kind`), putonghua_results (普通话水平测试 data, looked up by 证书编号 at 核验) and student_status_list (学籍 of
 * 应届 students, read by the 学籍 verifier). Kept by the applicant: putonghua_certificates, student_statuses,
 * education_certificates (学历证书), degree_certificates (学位证书), other_certificates (其他证书, with an image).
 *
 * ID numbers in the imported tables are stored encrypted (`id_number_enc`, security/dataProtector.ts) with a blind
 * index (`id_number_index`) to find a person's rows; the applicant's own rows hang on the account and hold none.
 */
const applicantRow = (t: Knex.CreateTableBuilder) => {
  t.increments('id');
  t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
  t.string('created_at', 32).notNullable();
  t.index(['account_id']);
};
const protectedId = (t: Knex.CreateTableBuilder) => {
  t.string('holder_name', 30).notNullable();
  t.string('id_type', 2).notNullable().defaultTo('1');
  t.text('id_number_enc').notNullable();
  t.string('id_number_index', 64).notNullable();
  t.index(['id_number_index']);
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('qualification_proofs', (t) => {
    t.increments('id');
    t.string('kind', 10).notNullable(); // 'exam' 考试合格证明 | 'ability' 师范生教师职业能力证书
    t.string('proof_number', 30).notNullable();
    protectedId(t);
    t.string('qualification_code', 4).notNullable();
    t.string('subject_code', 8);
    t.string('subject_name', 60);
    t.string('school_name', 100);
    t.string('issued_on', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('imported_at', 32).notNullable();
    t.unique(['kind', 'proof_number']);
  });
  await knex.schema.createTable('putonghua_results', (t) => {
    t.increments('id');
    t.string('cert_number', 30).notNullable().unique();
    protectedId(t);
    t.string('level', 10).notNullable();
    t.string('score', 8).notNullable();
    t.string('tested_on', 10).notNullable();
    t.string('issuer', 100);
    t.string('imported_at', 32).notNullable();
  });
  await knex.schema.createTable('student_status_list', (t) => {
    t.increments('id');
    protectedId(t);
    t.string('school_name', 100).notNullable();
    t.string('major', 100).notNullable();
    t.string('level', 20).notNullable();
    t.string('study_form', 20);
    t.string('student_number', 30);
    t.string('enrolled_on', 10).notNullable();
    t.string('expected_graduation', 10).notNullable();
    t.string('status', 20).notNullable();
    t.string('imported_at', 32).notNullable();
    t.unique(['id_number_index', 'school_name']);
  });
  await knex.schema.createTable('putonghua_certificates', (t) => {
    applicantRow(t);
    t.string('cert_number', 30).notNullable();
    t.string('level', 10).notNullable();
    t.string('score', 8).notNullable();
    t.string('tested_on', 10).notNullable();
    t.string('issuer', 100);
    t.string('verify_status', 10).notNullable(); // 'verified' 已核验 (核验) | 'unverified' 未核验 (录入)
    t.unique(['account_id', 'cert_number']);
  });
  await knex.schema.createTable('student_statuses', (t) => {
    applicantRow(t);
    t.string('source', 10).notNullable(); // 'synced' 同步学籍 | 'manual' 补充数据
    t.string('school_name', 100).notNullable();
    t.string('major', 100).notNullable();
    t.string('level', 20).notNullable();
    t.string('study_form', 20);
    t.string('student_number', 30);
    t.string('enrolled_on', 10).notNullable();
    t.string('expected_graduation', 10).notNullable();
    t.string('status', 20).notNullable();
    t.unique(['account_id']);
  });
  await knex.schema.createTable('education_certificates', (t) => {
    applicantRow(t);
    t.string('education_code', 4).notNullable();
    t.string('school_name', 100).notNullable();
    t.string('major', 100).notNullable();
    t.string('study_form', 20).notNullable();
    t.string('graduated_on', 10).notNullable();
    t.string('diploma_number', 30).notNullable();
  });
  await knex.schema.createTable('degree_certificates', (t) => {
    applicantRow(t);
    t.string('degree', 10).notNullable();
    t.string('school_name', 100).notNullable();
    t.string('major', 100).notNullable();
    t.string('awarded_on', 10).notNullable();
    t.string('degree_number', 30).notNullable();
  });
  await knex.schema.createTable('other_certificates', (t) => {
    applicantRow(t);
    t.string('cert_name', 60).notNullable();
    t.string('cert_number', 40).notNullable();
    t.string('level', 30);
    t.string('issuer', 100).notNullable();
    t.string('issued_on', 10).notNullable();
    t.integer('photo_file_id').notNullable().references('id').inTable('files');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['other_certificates', 'degree_certificates', 'education_certificates', 'student_statuses', 'putonghua_certificates', 'student_status_list', 'putonghua_results', 'qualification_proofs']) {
    await knex.schema.dropTableIfExists(table);
  }
}
