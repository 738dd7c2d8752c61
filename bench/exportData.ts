/*
 * Many submitted applications inserted in bulk, for the export benchmark and the export tests: each an account (a
 * 台山 teacher) and an application of the given plan with a full snapshot (the summary rows step 4 shows, the
 * applicant's particulars and the certificate's facts, as journeys/registration/summary.ts stores them), spread over
 * the plan's points, statuses, 学段/学科 and the days of its online window; concluded ones carry the events that
 * moved them (材料齐全, then the conclusion with its reason), 确认未通过 ones the missing materials.
 */
import type { Knex } from 'knex';
import { teacherIdNumber } from './seasonData';

const CHUNK = 400; // rows per INSERT: under SQLite's bound-variable limit for the widest table here

const STAGES: [string, string, [string, string][]][] = [
  ['1', '幼儿园', [['D', '幼儿园']]],
  ['2', '小学', [['C03', '语文'], ['C04', '数学'], ['C05', '外语'], ['C13', '体育']]],
  ['3', '初级中学', [['C03', '语文'], ['C04', '数学'], ['C10', '物理'], ['C11', '化学']]],
  ['4', '高级中学', [['B02', '语文'], ['B04', '数学'], ['B06', '物理']]],
];
/** Statuses in rotation, with what moved each there (the conclusions' reasons as reviewers write them). */
const STATUSES: { status: string; events: { action: string; from: string; to: string; reason: string | null; missing: string | null }[] }[] = [
  { status: '网报待确认', events: [] },
  { status: '待注册审批', events: [{ action: 'confirmComplete', from: '网报待确认', to: '待注册审批', reason: null, missing: null }] },
  { status: '注册合格', events: [{ action: 'confirmComplete', from: '网报待确认', to: '待注册审批', reason: null, missing: null }, { action: 'approve', from: '待注册审批', to: '注册合格', reason: '材料齐全，同意注册', missing: null }] },
  { status: '确认未通过', events: [{ action: 'confirmIncomplete', from: '网报待确认', to: '确认未通过', reason: null, missing: '年度考核证明、培训学时证明' }] },
  { status: '注册合格', events: [{ action: 'confirmComplete', from: '网报待确认', to: '待注册审批', reason: null, missing: null }, { action: 'approve', from: '待注册审批', to: '注册合格', reason: null, missing: null }] },
  { status: '暂缓注册', events: [{ action: 'confirmComplete', from: '网报待确认', to: '待注册审批', reason: null, missing: null }, { action: 'defer', from: '待注册审批', to: '暂缓注册', reason: '年度考核证明不全', missing: null }] },
  { status: '机构选择有误', events: [{ action: 'wrongBureau', from: '网报待确认', to: '机构选择有误', reason: '请选择任教学校所在地的注册机构', missing: null }] },
  { status: '不属于注册对象', events: [{ action: 'notEligible', from: '网报待确认', to: '不属于注册对象', reason: '非在职在岗教师', missing: null }] },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰';
const nameOf = (i: number) => SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7) % GIVEN.length];

export interface BulkOptions {
  bureauId: number; bureauName: string; planId: number; points: { id: number; name: string }[];
  /** The online window the submissions fall in (ISO instants). */
  from: string; to: string;
  /** Offset of the first teacher (so two calls never reuse an ID number or 报名号). */
  first?: number;
}

/** Inserts `count` applications (and their accounts and events); returns the ids of the applications, in order. */
export async function insertApplications(db: Knex, count: number, opts: BulkOptions): Promise<number[]> {
  const first = opts.first ?? 0;
  const start = Date.parse(opts.from);
  const span = Math.max(1, Date.parse(opts.to) - start);
  const ids: number[] = [];
  for (let base = first; base < first + count; base += CHUNK) {
    const range = Array.from({ length: Math.min(CHUNK, first + count - base) }, (_, k) => base + k);
    await db.transaction(async (trx) => {
      const people = range.map((i) => ({ i, idNumber: teacherIdNumber(i + 100_000), name: nameOf(i) }));
      const now = new Date(start).toISOString();
      await trx('accounts').insert(people.map((p) => ({
        id_type: '1', id_number: p.idNumber, name: p.name, sex: Number(p.idNumber[16]) % 2 === 1 ? '1' : '2',
        birth_date: `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`, email: `t${p.i}@example.com`,
        mobile: `139${String(p.i).padStart(8, '0')}`, password_hash: 'x', ethnicity_code: '01', realname_status: 'verified', created_at: now, updated_at: now,
      })));
      const accounts: { id: number; id_number: string }[] = await trx('accounts').whereIn('id_number', people.map((p) => p.idNumber)).select('id', 'id_number');
      const accountOf = new Map(accounts.map((a) => [a.id_number, a.id]));
      const rows = people.map((p) => {
        const [stageCode, stageName, subjects] = STAGES[p.i % STAGES.length];
        const [subjectCode, subjectName] = subjects[Math.floor(p.i / STAGES.length) % subjects.length];
        const point = opts.points[p.i % opts.points.length];
        const status = STATUSES[Math.floor(p.i / 3) % STATUSES.length].status;
        const submitted = new Date(start + Math.floor(((p.i * 7919) % 10007) / 10007 * span)).toISOString();
        const regType = p.i % 2 ? '首次注册' : '定期注册';
        const details = {
          putonghua: '二级甲等', education: '大学本科', majorCategory: '教育学', major: '小学教育', degree: '学士', graduationSchool: '华南师范大学',
          graduationDate: '2008-07-01', learningForm: '全日制', schoolName: `台山市第${(p.i % 40) + 1}小学`, schoolNature: '公办', schoolLocation: '县镇',
          workStartDate: '2008-09-01', teacherTitle: '一级教师', employmentDate: '2020-09-01', hukou: '广东省台山市台城街道', postType: '在编在岗',
          political: p.i % 4 ? '群众' : '中共党员', postcode: '529200', address: `广东省台山市台城街道环市路${p.i % 300}号`,
        };
        const row = (key: string, label: string, value: string) => ({ key, label, value });
        const summary = [
          { title: '注册信息', step: 'bureau', rows: [row('province', '所在省', '广东省'), row('city', '所在市', '江门市'), row('stage', '现任教学段', stageName), row('subject', '现任教学科', subjectName), row('bureau', '注册机构', opts.bureauName), row('point', '确认点', point.name)] },
          { title: '教师资格证书信息', step: 'details', rows: [row('certNumber', '证书号码', `2010447813${String(p.i).padStart(7, '0')}`), row('qualification', '申请资格种类', '初级中学教师资格'), row('certSubject', '任教学科', subjectName), row('regType', '注册类型', regType)] },
          { title: '注册信息', step: 'details', rows: Object.entries(details).map(([k, v]) => row(k, k, v)) },
        ];
        const data = {
          answers: {}, summary,
          applicant: { name: p.name, sex: Number(p.idNumber[16]) % 2 === 1 ? '1' : '2', birthDate: `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`, ethnicityCode: '01', idType: '1' },
          certificate: { issueDate: '2010-07-01', issuingAuthority: '台山市教育局', passedCount: p.i % 3, lastDate: p.i % 3 ? '2021-12-31' : '', lastConclusion: p.i % 3 ? '注册合格' : '' },
        };
        return {
          application_no: String(80_000_000 + p.i), account_id: accountOf.get(p.idNumber) as number, plan_id: opts.planId, bureau_id: opts.bureauId, point_id: point.id,
          status, data: JSON.stringify(data), version: 1, submitted_at: submitted, created_at: submitted, updated_at: submitted, business: 'registration',
          teaching_stage: stageCode, teaching_subject: subjectCode, reg_type: regType, applicant_name: p.name,
        };
      });
      await trx('applications').insert(rows);
      const inserted: { id: number; application_no: string }[] = await trx('applications').whereIn('application_no', rows.map((r) => r.application_no)).orderBy('id').select('id', 'application_no');
      const byNo = new Map(inserted.map((r) => [r.application_no, r.id]));
      const events = rows.flatMap((r, k) => {
        const i = range[k];
        const id = byNo.get(r.application_no) as number;
        const at = (h: number) => new Date(Date.parse(r.submitted_at) + h * 3600_000).toISOString();
        return [
          { application_id: id, actor_type: 'applicant', actor_id: r.account_id, action: 'submit', from_status: null, to_status: '网报待确认', reason: null, missing_materials: null, created_at: r.submitted_at },
          ...STATUSES[Math.floor(i / 3) % STATUSES.length].events.map((e, n) => ({
            application_id: id, actor_type: 'staff', actor_id: null, action: e.action, from_status: e.from, to_status: e.to, reason: e.reason, missing_materials: e.missing, created_at: at(24 * (n + 1)),
          })),
        ];
      });
      for (let k = 0; k < events.length; k += CHUNK) await trx('application_events').insert(events.slice(k, k + CHUNK));
      ids.push(...inserted.map((r) => r.id));
    });
  }
  return ids;
}
