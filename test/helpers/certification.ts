import sharp from 'sharp';
import { DEMO, TestContext } from './app';
import type { CertificationAnswers, CertificationColumns, CertificationSnapshot } from '../../src/journeys/certification/types';

type CertificationIdentity = NonNullable<CertificationAnswers['identity']>;
import type { ApplicationRow } from '../../src/repositories/applications';

/**
 * 教师资格认定 fixtures for tests written before (or beside) the wizard: a 认定 plan of the demo bureau (台山) open now,
 * its points serving 认定 too, and a submitted 认定 application made through the applications service with a snapshot
 * of the contract's shape (journeys/certification/types.ts). The wizard's own tests walk the steps instead.
 */
export async function certificationPlan(ctx: TestContext): Promise<{ bureauId: number; planId: number; pointIds: number[] }> {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const bureauId = Number(bureau.id);
  const pointIds = (await ctx.db('confirmation_points').where({ bureau_id: bureauId }).orderBy('id').pluck('id')).map(Number);
  await ctx.db('confirmation_points').whereIn('id', pointIds).update({ businesses: 'registration,certification' });
  const existing = await ctx.db('plans').where({ bureau_id: bureauId, business: 'certification' }).first('id');
  if (existing) return { bureauId, planId: Number(existing.id), pointIds };
  const now = ctx.clock.now().getTime();
  const day = 24 * 3600_000;
  const [row] = await ctx.db('plans').insert({
    bureau_id: bureauId, business: 'certification', year: new Date(now).getUTCFullYear(), batch: 1, title: '2026年下半年教师资格认定',
    online_start: new Date(now - 10 * day).toISOString(), online_end: new Date(now + 30 * day).toISOString(),
    confirm_start: new Date(now - 5 * day).toISOString(), confirm_end: new Date(now + 45 * day).toISOString(),
    stages: '1,2,3', created_at: new Date(now).toISOString(),
  }).returning('id');
  return { bureauId, planId: Number(typeof row === 'object' ? row.id : row), pointIds };
}

/** A real JPEG photo and a real PNG signature, stored as the wizard stores uploads (encrypted by the files repository). */
async function files(ctx: TestContext, accountId: number) {
  const photo = await sharp({ create: { width: 295, height: 413, channels: 3, background: '#eef2f7' } }).jpeg({ quality: 85 }).toBuffer();
  const signature = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 70 C60 10 90 90 140 40 S 230 80 290 30" stroke="#111" stroke-width="4" fill="none"/></svg>')).png().toBuffer();
  const now = ctx.clock.now().toISOString();
  const insert = (data: Buffer, kind: string, mime: string, width: number, height: number) =>
    ctx.container.repos.files.insert({ kind, mime, size: data.length, width, height, data, account_id: accountId, created_at: now });
  return { photoFileId: await insert(photo, 'photo', 'image/jpeg', 295, 413), signatureFileId: await insert(signature, 'signature', 'image/png', 300, 100) };
}

/**
 * Submits a 认定 application (小学 语文, 国家统一考试) for a demo account; `over` changes columns or the snapshot, or only
 * the step-2 answer (`identity`: e.g. a real 普通话 certificate of the account, so that 修改 can rebuild the snapshot).
 */
export async function submittedCertification(ctx: TestContext, who = DEMO.chenFang, over: { snapshot?: Partial<CertificationSnapshot>; columns?: Partial<CertificationColumns>; identity?: Partial<CertificationIdentity> } = {}): Promise<{ row: ApplicationRow; no: string; accountId: number; planId: number }> {
  const { bureauId, planId, pointIds } = await certificationPlan(ctx);
  const [account] = await ctx.container.repos.accounts.findByIdNumber(who.idNumber);
  if (!account) throw new Error(`no demo account ${who.idNumber}`);
  const { photoFileId, signatureFileId } = await files(ctx, account.id);
  const resume = [{ from: '2019-09', to: '', employer: '无', occupation: '学生', title: '无' }];
  const snapshot: CertificationSnapshot = {
    business: 'certification',
    answers: {
      agreement: { agreed: true, authorised: true },
      identity: { examForm: 'exam', proofId: null, putonghuaId: 0, student: false, studentStatusId: null, ...over.identity },
      bureau: { provinceCode: '440000', cityCode: '440700', address: '广东省台山市台城街道环市北路1号', qualificationCode: '2', bureauId, planId, pointId: pointIds[0] },
      details: { qualificationCode: '2', subjectCode: 'C03', photoFileId, signatureFileId, signatureSource: 'pad', delivery: 'self', resume },
      review: { confirmed: true }, notes: { read: true },
    },
    summary: [
      { title: '个人身份信息', step: 'identity', rows: [{ key: 'name', label: '姓名', value: account.name }, { key: 'examForm', label: '考试形式', value: '国家统一考试' }, { key: 'putonghua', label: '普通话水平', value: '二级甲等（88.5分，已核验）' }] },
      { title: '认定机构', step: 'bureau', rows: [{ key: 'bureau', label: '认定机构', value: '台山市教育局' }, { key: 'point', label: '确认点', value: '台山市教育局人事股' }, { key: 'address', label: '认定所在地', value: '广东省台山市台城街道环市北路1号' }] },
      { title: '认定信息', step: 'details', rows: [{ key: 'qualification', label: '资格种类', value: '小学教师资格' }, { key: 'subject', label: '任教学科', value: '语文' }, { key: 'delivery', label: '证书领取方式', value: '自取' }] },
    ],
    applicant: { name: account.name, sex: account.sex, birthDate: account.birth_date, ethnicityCode: account.ethnicity_code, idType: account.id_type },
    examProof: { kind: 'exam', proofNumber: '202624400001234', qualificationCode: '2', subjectCode: 'C03', subjectName: '语文', validUntil: '2029-06-30' },
    putonghua: { certNumber: '4407812019000123', level: '二级甲等', score: '88.5', testedOn: '2019-05-18', issuer: '广东省语言文字工作委员会', verifyStatus: 'verified' },
    student: null,
    education: { educationCode: '20', schoolName: '岭南师范学院', major: '汉语言文学', graduatedOn: '2023-06-30', diplomaNumber: '105791202305001234' },
    degree: null,
    delivery: { method: 'self', address: null, postcode: null, recipient: null, phone: null },
    resume,
    ...over.snapshot,
  };
  const columns: CertificationColumns = {
    business: 'certification', plan_id: planId, bureau_id: bureauId, point_id: pointIds[0], teaching_stage: '2', teaching_subject: 'C03',
    qualification_code: '2', exam_form: 'exam', photo_file_id: photoFileId, signature_file_id: signatureFileId, applicant_name: account.name, ...over.columns,
  };
  const result = await ctx.container.services.applications.submit({
    account, journey: 'certification', columns: { ...emptyRegistrationColumns, ...columns }, data: JSON.stringify(snapshot), ip: null,
  });
  if (!result.ok) throw new Error(`certification submit: ${JSON.stringify(result.errors)}`);
  return { row: result.value, no: result.value.application_no, accountId: account.id, planId };
}

/** The 定期注册-only columns, empty on a 认定 row. */
const emptyRegistrationColumns = {
  certificate_id: null, reg_type: null, putonghua: null, education: null, degree: null, major: null, graduation_school: null, learning_form: null,
  school_name: null, school_nature: null, school_location: null, teacher_title: null, post_type: null, political: null,
};

/**
 * A submitted 认定 application (非统考) of a demo account that 修改 can rebuild: its step-2 answer names a real, verified
 * 普通话 certificate of the account, inserted here.
 */
export async function editableCertification(ctx: TestContext, who: typeof DEMO.huang, putonghuaCertNumber = '4407812019000123') {
  const [account] = await ctx.container.repos.accounts.findByIdNumber(who.idNumber);
  if (!account) throw new Error(`no demo account ${who.idNumber}`);
  const [inserted] = await ctx.db('putonghua_certificates').insert({
    account_id: account.id, cert_number: putonghuaCertNumber, level: '二级甲等', score: '88.5', tested_on: '2019-05-18', issuer: '广东省语言文字工作委员会', verify_status: 'verified', created_at: ctx.clock.now().toISOString(),
  }).returning('id');
  const putonghuaId = Number(typeof inserted === 'object' ? inserted.id : inserted);
  return submittedCertification(ctx, who, { identity: { examForm: 'nonExam', putonghuaId }, columns: { exam_form: 'nonExam' } });
}
