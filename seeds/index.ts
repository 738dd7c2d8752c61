import type { Knex } from 'knex';
import { codeLists, graduationSchools, provinces } from './data/codeLists';
import { CITIES_AND_COUNTIES } from './data/regions';
import { hashPassword } from '../src/services/passwordHasher';
import { idOf } from '../src/repositories/ids';

/**
 * Seeds, idempotent: reference data first (code lists, regions), then the demo county (台山市) when
 * asked and not yet there. Run by `npm run db:seed` and by the start command.
 */
export async function seedReferenceData(db: Knex): Promise<void> {
  for (const [listName, items] of Object.entries(codeLists)) {
    const rows = items.map(([code, name, parent], i) => ({ list_name: listName, code, name, parent_code: parent ?? null, sort: i, active: true }));
    await db('code_items').insert(rows).onConflict(['list_name', 'code']).ignore();
  }
  await db('regions').insert(provinces.map(([code, name]) => ({ code, name, parent_code: null, level: 'province' }))).onConflict('code').ignore();
  // Every city and county (a bureau's region must be one of them): skipped when the table already holds them.
  const [{ n }] = await db('regions').count<{ n: number | string }[]>({ n: '*' });
  if (Number(n) < 1000) {
    const rows = regionRows();
    for (let i = 0; i < rows.length; i += 500) await db('regions').insert(rows.slice(i, i + 500)).onConflict('code').ignore();
  }
  if (!(await db('schools').first('id'))) {
    await db('schools').insert(graduationSchools.map(([name, type]) => ({ name, school_type: type, province_code: null, user_added: false, created_at: new Date().toISOString() })));
  }
}

/** GB/T 2260 cities (code ending 00) and counties, with their parents worked out from the code. */
export function regionRows(): { code: string; name: string; parent_code: string; level: string }[] {
  return CITIES_AND_COUNTIES.trim().split('\n').map((line) => {
    const code = line.slice(0, 6);
    const city = code.endsWith('00');
    return { code, name: line.slice(7), parent_code: city ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`, level: city ? 'city' : 'county' };
  });
}

export const DEMO_PASSWORD = 'Demo#2026';

export const DEMO_ACCOUNTS = [
  { idNumber: '440781198503151236', name: '李明', note: '已实名认证，身份信息完整，有证书和两次注册记录' },
  { idNumber: '440781197811204614', name: '黄志强', note: '已实名认证，2024年已注册合格（注册时间未到）' },
  { idNumber: '440781199007082424', name: '陈芳', note: '未实名认证，首次登录需补充民族等身份信息' },
  { idNumber: '440781200105150027', name: '张晓雯', note: '教师资格认定：已实名认证，有有效的小学语文考试合格证明和已核验的普通话证书（二级甲等）' },
] as const;

export const DEMO_STAFF_PASSWORD = 'Demo#2026!';
/**
 * Demo staff with fixed, public TOTP secrets (README lists them), so anyone trying the demo — and the automated
 * checks — can pass the 动态口令 step; the demo's 动态口令 page also shows the current code. Marked `demo`: a
 * production server refuses to start while any exists, and production refuses their sign-in.
 */
export const DEMO_STAFF = [
  { username: 'operator', name: '人事股确认员', role: 'operator', note: '确认点操作员（台山市教育局人事股）', totpSecret: 'DEMOOPERATORTAIS' },
  { username: 'reviewer', name: '注册审核员', role: 'reviewer', note: '注册机构审核员（台山市教育局）', totpSecret: 'DEMOREVIEWERTAIS' },
  { username: 'bureauadmin', name: '机构管理员', role: 'bureau_admin', note: '机构管理员（台山市教育局）', totpSecret: 'DEMOBUREAUADMINX' },
  { username: 'sysadmin', name: '系统管理员', role: 'system_admin', note: '系统管理员', totpSecret: 'DEMOSYSTEMADMINX' },
  { username: 'auditadmin', name: '审计管理员', role: 'audit_admin', note: '审计管理员', totpSecret: 'DEMOAUDITADMINXX' },
  { username: 'securityadmin', name: '安全管理员', role: 'security_admin', note: '安全管理员', totpSecret: 'DEMOSECURITYADMN' },
] as const;
export const demoTotpSecretOf = (username: string): string | undefined => DEMO_STAFF.find((s) => s.username === username)?.totpSecret;

const day = 24 * 3600 * 1000;

export async function seedDemo(db: Knex, now: Date): Promise<boolean> {
  if (await db('bureaus').first('id')) return false;
  const iso = now.toISOString();
  // Windows run from 00:00 of their first day to 23:59 of their last, China time (UTC+8), as bureaus publish them.
  const chinaMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3600_000 + (now.getUTCHours() >= 16 ? day : 0);
  const from = (days: number) => new Date(chinaMidnight + days * day).toISOString();
  const until = (days: number) => new Date(chinaMidnight + (days + 1) * day - 60_000).toISOString();
  await db.transaction(async (trx) => {
    const [bureau] = await trx('bureaus').insert({
      region_code: '440781', name: '台山市教育局', level: '县级', contact_phone: '0750-5522000', contact_address: '台山市台城环市北路',
      announcement: '台山市2026年度中小学教师资格定期注册工作安排：请在网报时间内完成网上申报，打印《教师资格定期注册申请表》一式两份，到所选确认点提交材料。',
      notes: null, created_at: iso,
    }).returning('id');
    const bureauId = idOf(bureau);
    await trx('plans').insert({
      bureau_id: bureauId, year: now.getUTCFullYear(), batch: 1, title: `${now.getUTCFullYear()}年度定期注册`,
      online_start: from(-30), online_end: until(60), confirm_start: from(-25), confirm_end: until(75), stages: '1,2,3,4,5', created_at: iso,
    });
    // 教师资格认定 of 幼儿园, 小学 and 初中 (a county bureau's 资格种类), open now beside 定期注册; the points serve both.
    await trx('plans').insert({
      bureau_id: bureauId, business: 'certification', year: now.getUTCFullYear(), batch: 1, title: `${now.getUTCFullYear()}年教师资格认定`,
      // It began before the 定期注册 plan, so staff screens that open on the latest plan still open on 定期注册's.
      online_start: from(-40), online_end: until(40), confirm_start: from(-35), confirm_end: until(55), stages: '1,2,3', created_at: iso,
    });
    const both = 'registration,certification';
    await trx('confirmation_points').insert([
      { bureau_id: bureauId, name: '台山市教育局人事股', scope: '市直属学校、台城街道各中小学及幼儿园', address: '台山市台城环市北路教育局3楼', phone: '0750-5522001', active: true, businesses: both },
      { bureau_id: bureauId, name: '台山市第一中学确认点', scope: '斗山、都斛、赤溪、广海、海宴、汶村镇各学校', address: '台山市第一中学行政楼', phone: '0750-5522002', active: true, businesses: both },
      { bureau_id: bureauId, name: '台山市培英职业技术学校确认点', scope: '中等职业学校及四九、白沙、三合、水步、大江镇各学校', address: '台山市培英职业技术学校', phone: '0750-5522003', active: true, businesses: both },
    ]);
    // Neighbouring bureaus show the seeds' three messages: no plan, window closed, no confirmation points.
    await trx('bureaus').insert({ region_code: '440703', name: '江门市蓬江区教育局', level: '县级', contact_phone: '0750-3500000', created_at: iso });
    const [xinhui] = await trx('bureaus').insert({ region_code: '440705', name: '江门市新会区教育局', level: '县级', contact_phone: '0750-6600000', created_at: iso }).returning('id');
    await trx('plans').insert({
      bureau_id: idOf(xinhui), year: now.getUTCFullYear(), batch: 1, title: '上半年定期注册',
      online_start: from(-200), online_end: until(-170), confirm_start: from(-195), confirm_end: until(-160), stages: '1,2,3,4,5', created_at: iso,
    });
    const [kaiping] = await trx('bureaus').insert({ region_code: '440783', name: '开平市教育局', level: '县级', contact_phone: '0750-2200000', created_at: iso }).returning('id');
    await trx('plans').insert({
      bureau_id: idOf(kaiping), year: now.getUTCFullYear(), batch: 1, title: '定期注册',
      online_start: from(-10), online_end: until(30), confirm_start: from(-5), confirm_end: until(40), stages: '1,2,3,4,5', created_at: iso,
    });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const account = (idNumber: string, name: string, sex: string, birth: string, extra: Record<string, unknown>) => ({
      id_type: '1', id_number: idNumber, name, sex, birth_date: birth, email: `demo${idNumber.slice(-4)}@example.com`,
      mobile: `1390750${idNumber.slice(-4)}`, password_hash: passwordHash, created_at: iso, updated_at: iso, ...extra,
    });
    const verified = { ethnicity_code: '01', id_validity: '20', id_valid_from: '2015-06-01', id_valid_to: '2035-06-01', realname_status: 'verified', realname_verified_at: iso };
    await trx('accounts').insert([
      account('440781198503151236', '李明', '1', '1985-03-15', verified),
      account('440781197811204614', '黄志强', '1', '1978-11-20', verified),
      account('440781199007082424', '陈芳', '2', '1990-07-08', { realname_status: 'unverified' }),
      account('440781200105150027', '张晓雯', '2', '2001-05-15', verified),
    ]);
    // 张晓雯's 认定 data as the bureau would import it (考试合格证明) and as she would have verified it (普通话); the ID
    // number is written plain here and sealed with its blind index by sealLegacyRows, as every seeded row is.
    await trx('qualification_proofs').insert({
      kind: 'exam', proof_number: '2026244070001234', holder_name: '张晓雯', id_type: '1', id_number_enc: '440781200105150027', id_number_index: '',
      qualification_code: '2', subject_code: 'C03', subject_name: '语文', issued_on: from(-120).slice(0, 10), valid_until: from(3 * 365).slice(0, 10), imported_at: iso,
    });
    const [zhang] = await trx('accounts').where({ id_number: '440781200105150027' }).select('id');
    await trx('putonghua_certificates').insert({
      account_id: idOf(zhang), cert_number: '4407812022000456', level: '二级甲等', score: '88.5', tested_on: '2022-11-12', issuer: '广东省语言文字工作委员会', verify_status: 'verified', created_at: iso,
    });
    const cert = async (row: Record<string, unknown>) => {
      const [inserted] = await trx('certificates').insert({ id_type: '1', source: 'synced', province_code: '440000', city_code: '440700', created_at: iso, ...row }).returning('id');
      return idOf(inserted);
    };
    const liMing = await cert({ cert_number: '20094478131000123', holder_name: '李明', id_number: '440781198503151236', sex: '1', issue_date: '2009-07-01', qualification_code: '3', subject_code: 'C04', subject_name: '数学', issuing_authority: '台山市教育局' });
    await cert({ cert_number: '20154478141000456', holder_name: '李明', id_number: '440781198503151236', sex: '1', issue_date: '2015-06-20', qualification_code: '4', subject_code: 'B04', subject_name: '数学', issuing_authority: '江门市教育局' });
    const huang = await cert({ cert_number: '20084478121000789', holder_name: '黄志强', id_number: '440781197811204614', sex: '1', issue_date: '2008-09-10', qualification_code: '2', subject_code: 'C03', subject_name: '语文', issuing_authority: '台山市教育局' });
    await trx('registration_records').insert([
      { certificate_id: liMing, reg_type: '首次注册', conclusion: '注册合格', concluded_on: '2014-06-30', bureau_name: '台山市教育局', point_name: '台山市教育局人事股', school_name: '台山市台城第一初级中学', teaching_stage: '初级中学', teaching_subject: '数学' },
      { certificate_id: liMing, reg_type: '定期注册', conclusion: '注册合格', concluded_on: '2019-12-31', bureau_name: '台山市教育局', point_name: '台山市教育局人事股', school_name: '台山市台城第一初级中学', teaching_stage: '初级中学', teaching_subject: '数学' },
      { certificate_id: huang, reg_type: '定期注册', conclusion: '注册合格', concluded_on: '2024-12-31', bureau_name: '台山市教育局', point_name: '台山市第一中学确认点', school_name: '台山市斗山镇中心小学', teaching_stage: '小学', teaching_subject: '语文' },
    ]);
    // Demo staff of the 台山 bureau (and its first point), and the three admin-class roles (no bureau): never seeded in
    // production. Their TOTP secrets are public (README), so they are stored as they are rather than encrypted.
    const firstPoint = await trx('confirmation_points').where({ bureau_id: bureauId }).orderBy('id').first('id');
    const staffHash = await hashPassword(DEMO_STAFF_PASSWORD);
    const adminClass = (role: string) => role === 'system_admin' || role === 'audit_admin' || role === 'security_admin';
    await trx('staff_users').insert(DEMO_STAFF.map((s) => ({
      username: s.username, name: s.name, role: s.role, bureau_id: adminClass(s.role) ? null : bureauId,
      point_id: s.role === 'operator' ? firstPoint.id : null, password_hash: staffHash, created_at: iso,
      totp_secret: s.totpSecret, demo: true,
    })));
  });
  return true;
}
