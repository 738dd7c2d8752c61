/*
 * The database of a season benchmark, prepared before the server starts: migrations, reference data, the demo
 * county (台山市教育局 with an open plan and three confirmation points), then N teachers of 台山 inserted in bulk,
 * in transactions — each a verified real-name account with its identity completed (no first-login page) and one
 * 初级中学 数学 certificate due for registration now (as 李明's is in seeds/index.ts).
 */
import { gb11643CheckChar } from '../src/domain/identity';
import { hashPassword } from '../src/services/passwordHasher';
import { migrateLatest, Db } from '../src/db/knex';
import { seedDemo, seedReferenceData } from '../seeds';

export const SEASON_PASSWORD = 'Season#2026';

/** 440781 (台山市), born 1975-01-01 + (i mod 7000) days, sequence 700 + ⌊i / 7000⌋: unique up to 210,000 teachers. */
export function teacherIdNumber(i: number): string {
  const birth = new Date(Date.UTC(1975, 0, 1) + (i % 7000) * 24 * 3600_000).toISOString().slice(0, 10);
  const first17 = `440781${birth.replace(/-/g, '')}${700 + Math.floor(i / 7000)}`;
  return first17 + gb11643CheckChar(first17);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰';
const teacherName = (i: number) =>
  SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + (i % 3 === 0 ? '' : GIVEN[(i * 7) % GIVEN.length]);

export interface SeasonIds { bureauId: number; pointId: number }

/** Staff of the season: 确认点操作员 of the teachers' point and 注册机构审核员 of 台山市教育局 (season-op-1…, season-rev-1…). */
export const SEASON_STAFF_PASSWORD = 'Season#Staff2026';
export const SEASON_STAFF_TOTP_SECRET = 'BENCHSEASONSTAFF';
export const seasonOperator = (k: number) => `season-op-${k + 1}`;
export const seasonReviewer = (k: number) => `season-rev-${k + 1}`;

const CHUNK = 500; // rows per INSERT: well under SQLite's bound-variable limit

export async function prepareSeason(db: Db, teachers: number, now: Date, staff = { operators: 0, reviewers: 0 }): Promise<SeasonIds> {
  await migrateLatest(db);
  await seedReferenceData(db);
  await seedDemo(db, now);
  const iso = now.toISOString();
  // One scrypt hash for everyone: the server still runs a full scrypt verification at each login.
  const passwordHash = await hashPassword(SEASON_PASSWORD);
  for (let start = 0; start < teachers; start += CHUNK) {
    const range = Array.from({ length: Math.min(CHUNK, teachers - start) }, (_, k) => start + k);
    await db.transaction(async (trx) => {
      const people = range.map((i) => {
        const idNumber = teacherIdNumber(i);
        const sex = Number(idNumber[16]) % 2 === 1 ? '1' : '2';
        return { i, idNumber, name: teacherName(i), sex, birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` };
      });
      await trx('accounts').insert(people.map((p) => ({
        id_type: '1', id_number: p.idNumber, name: p.name, sex: p.sex, birth_date: p.birth, email: `teacher${p.i}@example.com`,
        mobile: `138${String(p.i).padStart(8, '0')}`, password_hash: passwordHash, created_at: iso, updated_at: iso,
        ethnicity_code: '01', id_validity: '20', id_valid_from: '2015-06-01', id_valid_to: '2035-06-01',
        realname_status: 'verified', realname_verified_at: iso,
      })));
      // Half hold a certificate registered twice (定期注册 due: last 注册合格 more than 54 months ago), half a newer one never registered (首次注册).
      await trx('certificates').insert(people.map((p) => ({
        cert_number: `2010447813${String(p.i).padStart(7, '0')}`, holder_name: p.name, id_type: '1', id_number: p.idNumber, sex: p.sex,
        issue_date: p.i % 2 === 0 ? '2010-07-01' : '2021-07-01', province_code: '440000', city_code: '440700', qualification_code: '3',
        subject_code: 'C04', subject_name: '数学', issuing_authority: '台山市教育局', source: 'synced', created_at: iso,
      })));
      const registered = people.filter((p) => p.i % 2 === 0).map((p) => `2010447813${String(p.i).padStart(7, '0')}`);
      const certs: { id: number }[] = registered.length ? await trx('certificates').whereIn('cert_number', registered).select('id') : [];
      const record = { bureau_name: '台山市教育局', point_name: '台山市教育局人事股', school_name: '台山市台城第一初级中学', teaching_stage: '初级中学', teaching_subject: '数学', conclusion: '注册合格' };
      const rows = certs.flatMap((c) => [
        { certificate_id: c.id, reg_type: '首次注册', concluded_on: '2015-12-31', ...record },
        { certificate_id: c.id, reg_type: '定期注册', concluded_on: '2020-12-31', ...record },
      ]);
      for (let k = 0; k < rows.length; k += CHUNK) await trx('registration_records').insert(rows.slice(k, k + CHUNK));
    });
  }
  const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  // Staff rows as a bureau's own (not demo: the season server runs in production, which refuses demo staff): the login
  // does a full scrypt verification, and the driver computes the 动态口令 from this secret (sealed at server start).
  const staffHash = await hashPassword(SEASON_STAFF_PASSWORD);
  const staffRows = [
    ...Array.from({ length: staff.operators }, (_, k) => ({ username: seasonOperator(k), name: `确认员${k + 1}`, role: 'operator', bureau_id: bureau.id, point_id: point.id })),
    ...Array.from({ length: staff.reviewers }, (_, k) => ({ username: seasonReviewer(k), name: `审核员${k + 1}`, role: 'reviewer', bureau_id: bureau.id, point_id: null })),
  ];
  if (staffRows.length) await db('staff_users').insert(staffRows.map((r) => ({ ...r, password_hash: staffHash, created_at: iso, totp_secret: SEASON_STAFF_TOTP_SECRET, demo: false })));
  return { bureauId: Number(bureau.id), pointId: Number(point.id) };
}
