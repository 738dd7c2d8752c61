import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, DEMO, loginAs, csrfFrom, escaped } from '../helpers/app';
import { cameraPhoto, fillUpToPromise } from '../helpers/wizard';
import { CERTIFICATION_MESSAGES as MSG } from '../../src/domain/certification/notices';
import { SIGNATURE_MESSAGES } from '../../src/services/signatureImage';
import { RESUME_MESSAGES } from '../../src/domain/certification/resume';
import type { CertificationSnapshot } from '../../src/journeys/certification/types';

/**
 * 教师资格认定's wizard over HTTP without JavaScript (seed 002 §3.1.2): each step's bad input (messages by the field, values
 * kept, uploads refused by content), the two businesses' drafts side by side, and 提交 → a row with the contract's snapshot.
 */
let ctx: TestContext;
let zhang: Browser;
let ids: { bureauId: string; pointId: string; proofId: number; putonghuaId: number };

beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  zhang = await loginAs(ctx, DEMO.zhangXiaowen);
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const proof = await ctx.db('qualification_proofs').first('id');
  const putonghua = await ctx.db('putonghua_certificates').first('id');
  ids = { bureauId: String(bureau.id), pointId: String(point.id), proofId: Number(proof.id), putonghuaId: Number(putonghua.id) };
});
afterAll(async () => { await ctx?.close(); });

const BUREAU = () => ({ address: '广东省台山市台城街道环市北路1号', provinceCode: '440000', cityCode: '440700', qualificationCode: '2', bureauId: ids.bureauId, pointId: ids.pointId });
const signaturePng = () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#fff"/><path d="M20 200 C120 20 200 280 320 100 S 480 260 580 60" stroke="#111" stroke-width="8" fill="none"/></svg>')).png().toBuffer();
const DETAILS = { subjectCode: 'C03', delivery: 'self', resumeRows: '3', resume_0_from: '2019-09', resume_0_to: '', resume_0_employer: '无', resume_0_occupation: '学生', resume_0_title: '无' };

async function postStep4(b: Browser, fields: Record<string, string>, files: { photo?: Buffer; signaturePhoto?: Buffer } = {}) {
  const page = await b.get('/certify/step/4');
  let req = b.agent.post('/certify/step/4').field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (files.photo) req = req.attach('photo', files.photo, 'photo.jpg');
  if (files.signaturePhoto) req = req.attach('signaturePhoto', files.signaturePhoto, 'promise.png');
  return req;
}

test('the platform offers 教师资格认定 with 须知 and 报名', async () => {
  const page = (await zhang.get('/platform')).text;
  expect(page).toContain('href="/certify/notice"');
  expect(page).toContain('href="/certify"');
  expect((await zhang.get('/certify/notice')).status).toBe(200);
  expect((await zhang.get('/certify')).headers.location).toBe('/certify/step/1');
});

test('步骤一: both boxes are required, each with its message; what was ticked stays ticked', async () => {
  const res = await zhang.submit('/certify/step/1', { agree: '1' });
  expect(res.status).toBe(422);
  expect(res.text).toContain(escaped(MSG.authorise));
  expect(res.text).not.toContain(escaped(MSG.agree));
  expect(res.text).toMatch(/id="field-agree" name="agree" value="1" checked/);
  expect((await zhang.submit('/certify/step/1', { agree: '1', authorise: '1' })).headers.location).toBe('/certify/step/2');
});

test('步骤二: 考试形式, 普通话 and 是否在校生 are checked; an expired or foreign proof and 免试 without a 能力证书 are refused', async () => {
  let res = await zhang.submit('/certify/step/2', {});
  expect(res.status).toBe(422);
  for (const m of [MSG.examForm, MSG.putonghua, MSG.student]) expect(res.text).toContain(escaped(m));
  res = await zhang.submit('/certify/step/2', { examChoice: 'exempt', putonghuaId: String(ids.putonghuaId), student: '1' });
  expect(res.text).toContain(escaped(MSG.exemptWithoutCertificate));
  expect(res.text).toContain(escaped(MSG.studentMissing));
  expect(res.text).toMatch(new RegExp(`value="${ids.putonghuaId}" checked`));
  res = await zhang.submit('/certify/step/2', { examChoice: 'exam:999999', putonghuaId: '999999', student: '0' });
  expect(res.text).toContain(escaped(MSG.proofInvalid));
  expect(res.text).toContain(escaped(MSG.putonghua));
  res = await zhang.submit('/certify/step/2', { examChoice: `exam:${ids.proofId}`, putonghuaId: String(ids.putonghuaId), student: '0' });
  expect(res.headers.location).toBe('/certify/step/3');
});

test('步骤三: address, cascade and a 资格种类 that must match the proof; 查询 keeps what was chosen', async () => {
  let res = await zhang.submit('/certify/step/3', { action: 'refresh', provinceCode: '440000', cityCode: '440700', qualificationCode: '2', bureauId: ids.bureauId });
  expect(res.status).toBe(200);
  expect(res.text).toContain('台山市教育局人事股');
  res = await zhang.submit('/certify/step/3', { ...BUREAU(), address: '', qualificationCode: '3' });
  expect(res.status).toBe(422);
  expect(res.text).toContain(escaped(MSG.address));
  expect(res.text).toContain(escaped(MSG.qualificationMismatch));
  res = await zhang.submit('/certify/step/3', { ...BUREAU(), pointId: '' });
  expect(res.text).toContain(escaped(MSG.point));
  expect(res.text).toContain('广东省台山市台城街道环市北路1号');
  // A bureau without a 认定 plan says so (the seeds' message).
  const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
  res = await zhang.submit('/certify/step/3', { ...BUREAU(), bureauId: String(kaiping.id) });
  expect(res.text).toContain('未设置网报计划');
  expect((await zhang.submit('/certify/step/3', BUREAU())).headers.location).toBe('/certify/step/4');
});

test('步骤四: every field by its message, uploads refused by content, valid uploads kept; 新增一行 adds a row keeping everything', async () => {
  let res = await postStep4(zhang, { subjectCode: 'C04', delivery: 'post', postcode: '12', resumeRows: '3', resume_0_from: '2019-09', resume_0_to: '2018-01', resume_0_employer: '无', resume_0_occupation: '学生', resume_0_title: '无' },
    { photo: Buffer.from('not an image'), signaturePhoto: Buffer.from('GIF89a nope') });
  expect(res.status).toBe(422);
  expect(res.text).toContain(escaped(MSG.subjectMismatch('语文')));
  expect(res.text).toContain(escaped(MSG.postcode));
  expect(res.text).toContain(escaped(MSG.postAddress));
  expect(res.text).toContain(escaped(SIGNATURE_MESSAGES.notImage));
  expect(res.text).toContain(escaped(RESUME_MESSAGES.backwards));
  expect(res.text).toContain('id="error-photo"');
  expect(res.text).toContain('value="2018-01"');
  // A valid photo and signature with a 新增一行: both kept, four rows shown, the typed row kept.
  res = await postStep4(zhang, { ...DETAILS, action: 'add-row' }, { photo: await cameraPhoto(), signaturePhoto: await signaturePng() });
  expect(res.status).toBe(200);
  expect(res.text).toContain('name="resume_3_from"');
  expect(res.text).toContain('value="2019-09"');
  expect(res.text).toMatch(/\/apply\/photo\/\d+/);
  expect(res.text).toMatch(/\/certify\/signature\/\d+/);
  // Then 下一步 without files: the kept ones are used.
  res = await postStep4(zhang, DETAILS);
  expect(res.headers.location).toBe('/certify/step/5');
  const signature = /\/certify\/signature\/(\d+)/.exec((await zhang.get('/certify/step/5')).text);
  expect(signature).not.toBeNull();
  const image = await zhang.get(`/certify/signature/${signature![1]}`);
  expect(image.headers['content-type']).toMatch(/image\/jpeg/);
  const other = await loginAs(ctx, DEMO.liMing);
  expect((await other.get(`/certify/signature/${signature![1]}`)).status).toBe(404);
});

test('the 定期注册 and 认定 drafts of one account never touch each other', async () => {
  const li = await loginAs(ctx, DEMO.liMing);
  await li.submit('/certify/step/1', { agree: '1', authorise: '1' });
  await fillUpToPromise(ctx, li);
  const account = (await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber))[0];
  const drafts = await ctx.db('drafts').where({ account_id: account.id }).orderBy('journey').select('journey', 'data');
  expect(drafts.map((d) => d.journey)).toEqual(['certification', 'registration']);
  expect(Object.keys(JSON.parse(drafts[0].data).answers)).toEqual(['agreement']);
  await li.submit('/certify/step/1', { agree: '1', authorise: '1' });
  const registration = await ctx.db('drafts').where({ account_id: account.id, journey: 'registration' }).first('data');
  expect(registration.data).toBe(drafts[1].data);
  await li.post('/certify/abandon', { confirm: '1' }, '/certify/abandon');
  expect(await ctx.db('drafts').where({ account_id: account.id }).pluck('journey')).toEqual(['registration']);
});

test('步骤五–八: review with 修改 links, the bureau notes, 个人承诺, then a row with the contract snapshot and the receipt', async () => {
  const review = (await zhang.get('/certify/step/5')).text;
  for (const link of ['/certify/step/2?from=review', '/certify/step/3?from=review', '/certify/step/4?from=review']) expect(review).toContain(link);
  expect(review).toContain('国家统一考试');
  expect((await zhang.submit('/certify/step/5', {})).headers.location).toBe('/certify/step/6');
  expect((await zhang.get('/certify/step/6')).text).toContain('（一）报名号、确认点、确认时间');
  expect((await zhang.submit('/certify/step/6', {})).headers.location).toBe('/certify/step/7');
  expect((await zhang.submit('/certify/step/7', {})).text).toContain(escaped(MSG.promise));
  const res = await zhang.submit('/certify/step/7', { promise: 'agree' });
  expect(res.headers.location).toMatch(/^\/certify\/done\/\d{8}$/);
  const no = res.headers.location.split('/').pop()!;
  const receipt = (await zhang.get(res.headers.location)).text;
  for (const text of [no, '台山市教育局人事股', '确认时间', 'href="/certifications"']) expect(receipt).toContain(text);
  const row = await ctx.db('applications').where({ application_no: no }).first();
  expect(row).toMatchObject({ business: 'certification', qualification_code: '2', exam_form: 'exam', teaching_stage: '2', teaching_subject: 'C03', certificate_id: null, status: '网报待确认' });
  expect(row.signature_file_id).toBeTruthy();
  const snapshot = JSON.parse(row.data) as CertificationSnapshot;
  expect(snapshot).toMatchObject({
    business: 'certification', examProof: { kind: 'exam', qualificationCode: '2', subjectCode: 'C03' }, putonghua: { level: '二级甲等', verifyStatus: 'verified' },
    student: null, delivery: { method: 'self' }, resume: [{ from: '2019-09', to: '', employer: '无', occupation: '学生', title: '无' }],
  });
  expect(snapshot.summary.map((s) => s.step)).toEqual(['identity', 'bureau', 'details']);
  expect(Object.keys(snapshot.answers).sort()).toEqual(['agreement', 'bureau', 'details', 'identity', 'notes', 'review']);
  expect(await ctx.db('drafts').where({ journey: 'certification', account_id: row.account_id }).first()).toBeUndefined();
});
