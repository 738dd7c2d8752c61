import type { Knex } from 'knex';

/*
 * Schema of the foundation: code lists, regions and bureaus, accounts and their checks, certificates
 * and registration history, the tables the wizard builds on, sessions and the outbox.
 * Times are ISO-8601 UTC strings and dates 'YYYY-MM-DD' strings: the same in SQLite and PostgreSQL,
 * sortable as text, and no driver converts them behind our back (see docs/adr/0002-times-as-text.md).
 */
const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('code_items', (t) => {
    t.increments('id');
    t.string('list_name', 40).notNullable();
    t.string('code', 20).notNullable();
    t.string('name', 100).notNullable();
    t.string('parent_code', 20);
    t.integer('sort').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['list_name', 'code']);
  });

  await knex.schema.createTable('regions', (t) => {
    t.string('code', 6).primary();
    t.string('name', 60).notNullable();
    t.string('parent_code', 6).index();
    t.string('level', 10).notNullable(); // province | city | county
  });

  await knex.schema.createTable('bureaus', (t) => {
    t.increments('id');
    t.string('region_code', 6).notNullable().references('regions.code');
    t.string('name', 100).notNullable();
    t.string('level', 10).notNullable(); // 县级 | 市级 | 省级
    t.string('contact_phone', 60);
    t.string('contact_address', 200);
    t.text('announcement');
    t.text('notes'); // 注意事项 shown at wizard step 5
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('plans', (t) => {
    t.increments('id');
    t.integer('bureau_id').notNullable().references('bureaus.id');
    t.integer('year').notNullable();
    t.integer('batch').notNullable().defaultTo(1);
    t.string('title', 100).notNullable();
    ts(t, 'online_start').notNullable();
    ts(t, 'online_end').notNullable();
    ts(t, 'confirm_start').notNullable();
    ts(t, 'confirm_end').notNullable();
    t.string('stages', 200).notNullable().defaultTo(''); // comma-separated 学段 codes covered
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('confirmation_points', (t) => {
    t.increments('id');
    t.integer('bureau_id').notNullable().references('bureaus.id');
    t.string('name', 100).notNullable();
    t.text('scope'); // 确认范围
    t.string('address', 200);
    t.string('phone', 60);
    ts(t, 'confirm_start');
    ts(t, 'confirm_end');
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('schools', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('school_type', 40);
    t.string('province_code', 6);
    t.boolean('user_added').notNullable().defaultTo(false);
    ts(t, 'created_at').notNullable();
    t.index(['name']);
  });

  await knex.schema.createTable('files', (t) => {
    t.increments('id');
    t.string('kind', 30).notNullable(); // photo | id-front | id-back | certificate
    t.string('mime', 40).notNullable();
    t.integer('size').notNullable();
    t.integer('width');
    t.integer('height');
    t.binary('data').notNullable();
    t.integer('account_id');
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('id_type', 2).notNullable(); // code of the 证件类型 list
    t.string('id_number', 30).notNullable();
    t.string('name', 60).notNullable();
    t.string('sex', 1); // 1 男, 2 女
    t.string('birth_date', 10);
    t.string('ethnicity_code', 4);
    t.string('id_validity', 4); // 5 | 10 | 20 | long
    t.string('id_valid_from', 10);
    t.string('id_valid_to', 10);
    t.string('email', 100).notNullable();
    t.string('mobile', 11).notNullable();
    t.string('password_hash', 200).notNullable();
    t.string('realname_status', 20).notNullable().defaultTo('unverified'); // unverified | verified | failed | pending_review
    ts(t, 'realname_verified_at');
    t.integer('session_epoch').notNullable().defaultTo(0); // bumped to end every session of the account
    ts(t, 'last_login_at');
    ts(t, 'previous_login_at');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.unique(['id_type', 'id_number']);
    t.index(['id_number']);
  });

  await knex.schema.createTable('login_throttle', (t) => {
    t.string('identifier', 60).primary(); // the 证件号码 typed, existing or not (no account enumeration)
    t.integer('failures').notNullable().defaultTo(0);
    ts(t, 'first_failed_at');
    ts(t, 'locked_until');
  });

  await knex.schema.createTable('realname_checks', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('name_tried', 60).notNullable();
    t.boolean('passed').notNullable();
    t.string('reason', 200);
    ts(t, 'created_at').notNullable();
    t.index(['account_id', 'created_at']);
  });

  await knex.schema.createTable('realname_reviews', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('name', 60).notNullable();
    t.string('status', 20).notNullable(); // pending | approved | rejected
    t.integer('front_file_id').references('files.id');
    t.integer('back_file_id').references('files.id');
    t.string('applicant_note', 500);
    t.string('reviewer_note', 500);
    ts(t, 'created_at').notNullable();
    ts(t, 'decided_at');
    t.index(['account_id', 'created_at']);
  });

  await knex.schema.createTable('certificates', (t) => {
    t.increments('id');
    t.string('cert_number', 20).notNullable().unique();
    t.string('holder_name', 60).notNullable();
    t.string('id_type', 2).notNullable();
    t.string('id_number', 30).notNullable().index();
    t.string('sex', 1);
    t.string('issue_date', 10).notNullable();
    t.string('province_code', 6);
    t.string('city_code', 6);
    t.string('qualification_code', 4).notNullable(); // 资格种类 1–7
    t.string('subject_code', 10);
    t.string('subject_name', 60);
    t.string('issuing_authority', 100).notNullable();
    t.string('source', 10).notNullable(); // synced | manual
    t.integer('account_id').references('accounts.id'); // who added a manual certificate
    t.string('verify_status', 20); // manual entries: pending | verified | rejected
    t.string('restriction', 10); // null | 撤销 | 丧失
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('registration_records', (t) => {
    t.increments('id');
    t.integer('certificate_id').notNullable().references('certificates.id');
    t.string('reg_type', 10).notNullable(); // 首次注册 | 定期注册
    t.string('conclusion', 20).notNullable(); // 注册合格 | 暂缓注册 | 注册不合格 | 不属于注册对象
    t.string('concluded_on', 10).notNullable();
    t.string('bureau_name', 100).notNullable();
    t.string('point_name', 100);
    t.string('school_name', 100);
    t.string('teaching_stage', 40);
    t.string('teaching_subject', 40);
    t.index(['certificate_id']);
  });

  await knex.schema.createTable('applications', (t) => {
    t.increments('id');
    t.string('application_no', 8).notNullable().unique(); // 报名号
    t.integer('account_id').notNullable().references('accounts.id');
    t.integer('certificate_id').references('certificates.id');
    t.integer('plan_id').notNullable().references('plans.id');
    t.integer('bureau_id').notNullable().references('bureaus.id');
    t.integer('point_id').references('confirmation_points.id');
    t.string('status', 20).notNullable();
    t.text('data').notNullable(); // step 3 answers as JSON
    t.integer('photo_file_id').references('files.id');
    t.integer('version').notNullable().defaultTo(1);
    ts(t, 'submitted_at').notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.unique(['account_id', 'plan_id']);
  });

  await knex.schema.createTable('drafts', (t) => {
    t.integer('account_id').primary().references('accounts.id');
    t.text('data').notNullable();
    ts(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('captchas', (t) => {
    t.string('id', 40).primary();
    t.string('answer', 10).notNullable();
    ts(t, 'expires_at').notNullable().index();
  });

  await knex.schema.createTable('sms_codes', (t) => {
    t.increments('id');
    t.string('mobile', 11).notNullable();
    t.string('purpose', 20).notNullable(); // register | reset | mobile | cert-query
    t.string('code_hash', 100).notNullable();
    t.string('ip', 60).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    ts(t, 'created_at').notNullable();
    ts(t, 'expires_at').notNullable();
    ts(t, 'used_at');
    t.index(['mobile', 'created_at']);
    t.index(['ip', 'created_at']);
  });

  await knex.schema.createTable('password_resets', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('token_hash', 100).notNullable().unique();
    ts(t, 'created_at').notNullable();
    ts(t, 'expires_at').notNullable();
    ts(t, 'used_at');
  });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('channel', 10).notNullable(); // sms | email
    t.string('recipient', 100).notNullable();
    t.string('subject', 200);
    t.text('body').notNullable();
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('staff_users', (t) => {
    t.increments('id');
    t.string('username', 40).notNullable().unique();
    t.string('name', 60).notNullable();
    t.string('role', 20).notNullable(); // operator | reviewer | bureau_admin | system_admin
    t.integer('bureau_id').references('bureaus.id');
    t.integer('point_id').references('confirmation_points.id');
    t.string('password_hash', 200).notNullable();
    ts(t, 'created_at').notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('actor_type', 10).notNullable(); // applicant | staff | system
    t.integer('actor_id');
    t.string('action', 60).notNullable();
    t.string('target', 100);
    t.text('detail');
    t.string('ip', 60);
    ts(t, 'created_at').notNullable();
    t.index(['created_at']);
  });

  // The session store's table (connect-session-knex's layout, created here so both databases get it).
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    t.json('sess').notNullable();
    t.timestamp('expired', { useTz: true }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'sessions', 'audit_log', 'staff_users', 'outbox', 'password_resets', 'sms_codes', 'captchas', 'drafts',
    'applications', 'registration_records', 'certificates', 'realname_reviews', 'realname_checks',
    'login_throttle', 'accounts', 'files', 'schools', 'confirmation_points', 'plans', 'bureaus', 'regions',
    'code_items',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
