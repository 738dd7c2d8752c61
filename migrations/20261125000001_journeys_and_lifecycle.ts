import type { Knex } from 'knex';

/*
 * Room to grow: drafts are keyed by (account, journey) so a 教师资格认定 draft never overwrites a 定期注册 one;
 * applications carry their business and the fields staff filter, export and count on as columns (not only
 * inside the JSON snapshot), so those queries read the same on SQLite and PostgreSQL; teacher-added schools
 * remember who added them (a per-account limit).
 */
const QUERYABLE = [
  ['applicant_name', 60], ['putonghua', 4], ['education', 4], ['degree', 4], ['major', 10], ['graduation_school', 100],
  ['learning_form', 4], ['school_name', 100], ['school_nature', 4], ['school_location', 4], ['teacher_title', 4],
  ['post_type', 4], ['political', 4],
] as const;

/** Step-3 answer names, by column. */
const ANSWER_OF: Record<string, string> = {
  putonghua: 'putonghua', education: 'education', degree: 'degree', major: 'major', graduation_school: 'graduationSchool',
  learning_form: 'learningForm', school_name: 'schoolName', school_nature: 'schoolNature', school_location: 'schoolLocation',
  teacher_title: 'teacherTitle', post_type: 'postType', political: 'political',
};

/** Summary rows stored before rows had keys: their key from their label (the labels of that release). */
const KEY_OF_LABEL: Record<string, string> = {
  所在省: 'province', 所在市: 'city', 现任教学段: 'stage', 现任教学科: 'subject', 注册机构: 'bureau', 确认点: 'point',
  证书号码: 'certNumber', 申请资格种类: 'qualification', 任教学科: 'certSubject', 注册类型: 'regType',
  普通话证书信息: 'putonghua', 最高学历信息: 'education', 最高学历专业类别: 'majorCategory', 所学专业: 'major', 最高学位信息: 'degree',
  毕业学校: 'graduationSchool', 毕业时间: 'graduationDate', 学习形式: 'learningForm', 现任教学校: 'schoolName', 任教学校性质: 'schoolNature',
  任教学校所在地: 'schoolLocation', 开始参加工作时间: 'workStartDate', 教师职务: 'teacherTitle', 现任教聘用日期: 'employmentDate',
  户籍所在地: 'hukou', 岗位性质: 'postType', 政治面貌: 'political', 通讯邮编: 'postcode', 通讯地址: 'address',
};

interface StoredSummary { summary?: Array<{ rows: Array<{ key?: string; label: string }> }> }

/**
 * Run without Knex's own transaction: on SQLite, dropping a column rebuilds the table, which foreign keys
 * forbid while rows point at it, and `PRAGMA foreign_keys` has no effect inside a transaction. Each
 * direction opens its own transaction instead, with the pragma switched off around `down` on SQLite.
 */
export const config = { transaction: false };

export async function up(db: Knex): Promise<void> {
  await db.transaction((knex) => upIn(knex));
}

async function upIn(knex: Knex.Transaction): Promise<void> {
  await knex.schema.createTable('journey_drafts', (t) => {
    t.integer('account_id').notNullable().references('accounts.id');
    t.string('journey', 20).notNullable(); // registration | certification
    t.text('data').notNullable();
    t.string('updated_at', 32).notNullable();
    t.primary(['account_id', 'journey']);
  });
  const drafts = await knex('drafts').select('account_id', 'data', 'updated_at');
  for (const d of drafts) await knex('journey_drafts').insert({ ...d, journey: 'registration' });
  await knex.schema.dropTable('drafts');
  await knex.schema.renameTable('journey_drafts', 'drafts');

  await knex.schema.alterTable('applications', (t) => {
    t.string('business', 20).notNullable().defaultTo('registration');
    for (const [name, length] of QUERYABLE) t.string(name, length);
    t.index(['bureau_id', 'status']);
    t.index(['point_id', 'status']);
    t.index(['certificate_id']);
  });
  const rows = await knex('applications').select('id', 'account_id', 'data');
  for (const row of rows) {
    let details: Record<string, string> = {};
    let data: string = row.data;
    try {
      const parsed = JSON.parse(row.data) as StoredSummary & { answers?: { details?: Record<string, string> } };
      details = parsed.answers?.details ?? {};
      for (const section of parsed.summary ?? []) for (const r of section.rows) r.key ??= KEY_OF_LABEL[r.label] ?? r.label;
      data = JSON.stringify(parsed);
    } catch {
      // an unreadable snapshot keeps empty columns
    }
    const account = await knex('accounts').where({ id: row.account_id }).first('name');
    const patch: Record<string, string | null> = { applicant_name: account?.name ?? null, data };
    for (const [column, answer] of Object.entries(ANSWER_OF)) patch[column] = details[answer] ?? null;
    await knex('applications').where({ id: row.id }).update(patch);
  }

  await knex.schema.alterTable('schools', (t) => {
    t.integer('added_by').references('accounts.id');
  });
}

export async function down(db: Knex): Promise<void> {
  const sqlite = db.client.config.client !== 'pg';
  if (sqlite) await db.raw('PRAGMA foreign_keys = OFF');
  try {
    await db.transaction((knex) => downIn(knex));
  } finally {
    if (sqlite) await db.raw('PRAGMA foreign_keys = ON');
  }
}

async function downIn(knex: Knex.Transaction): Promise<void> {
  await knex.schema.alterTable('schools', (t) => t.dropColumn('added_by'));
  await knex.schema.alterTable('applications', (t) => {
    t.dropIndex(['bureau_id', 'status']);
    t.dropIndex(['point_id', 'status']);
    t.dropIndex(['certificate_id']);
    t.dropColumn('business');
    for (const [name] of QUERYABLE) t.dropColumn(name);
  });
  await knex.schema.createTable('old_drafts', (t) => {
    t.integer('account_id').primary().references('accounts.id');
    t.text('data').notNullable();
    t.string('updated_at', 32).notNullable();
  });
  const drafts = await knex('drafts').where({ journey: 'registration' }).select('account_id', 'data', 'updated_at');
  for (const d of drafts) await knex('old_drafts').insert(d);
  await knex.schema.dropTable('drafts');
  await knex.schema.renameTable('old_drafts', 'drafts');
}
