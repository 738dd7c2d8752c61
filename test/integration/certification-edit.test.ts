import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, DEMO, loginAs, csrfFrom, escaped } from '../helpers/app';
import { cameraPhoto } from '../helpers/wizard';
import { CERTIFICATION_MESSAGES as MSG } from '../../src/domain/certification/notices';
import { CERTIFICATION_EDIT_MESSAGES as EDIT } from '../../src/web/routes/applicant/certificationEdit';
import type { CertificationSnapshot } from '../../src/journeys/certification/types';

/**
 * 修改认定报名信息 (seed 002 §3.2.3) over HTTP without JavaScript, on an application 张晓雯 made by walking the wizard:
 * 认定信息 changed at the loaded version (event, audit row, the list), bad input kept, others' numbers 404, and no
 * change once the counter has moved the application out of 网报待确认.
 */
let ctx: TestContext;
let zhang: Browser;
let no: string;

const signaturePng = () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#fff"/><path d="M20 200 C120 20 200 280 320 100 S 480 260 580 60" stroke="#111" stroke-width="8" fill="none"/></svg>')).png().toBuffer();
const DETAILS = { subjectCode: 'C03', delivery: 'self', resumeRows: '3', resume_0_from: '2019-09', resume_0_to: '', resume_0_employer: '无', resume_0_occupation: '学生', resume_0_title: '无' };

async function postMultipart(b: Browser, pageUrl: string, fields: Record<string, string>, files: { photo?: Buffer; signaturePhoto?: Buffer } = {}) {
  const page = await b.get(pageUrl);
  let req = b.agent.post(pageUrl).field('_csrf', csrfFrom(page.text));
  const version = /name="version" value="(\d+)"/.exec(page.text);
  if (version) req = req.field('version', version[1]);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (files.photo) req = req.attach('photo', files.photo, 'photo.jpg');
  if (files.signaturePhoto) req = req.attach('signaturePhoto', files.signaturePhoto, 'promise.png');
  return req;
}

beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  zhang = await loginAs(ctx, DEMO.zhangXiaowen);
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const proof = await ctx.db('qualification_proofs').first('id');
  const putonghua = await ctx.db('putonghua_certificates').first('id');
  await zhang.submit('/certify/step/1', { agree: '1', authorise: '1' });
  await zhang.submit('/certify/step/2', { examChoice: `exam:${proof.id}`, putonghuaId: String(putonghua.id), student: '0' });
  await zhang.submit('/certify/step/3', { address: '广东省台山市台城街道环市北路1号', provinceCode: '440000', cityCode: '440700', qualificationCode: '2', bureauId: String(bureau.id), pointId: String(point.id) });
  const step4 = await postMultipart(zhang, '/certify/step/4', DETAILS, { photo: await cameraPhoto(), signaturePhoto: await signaturePng() });
  expect(step4.headers.location).toBe('/certify/step/5');
  await zhang.submit('/certify/step/5', {});
  await zhang.submit('/certify/step/6', {});
  const done = await zhang.submit('/certify/step/7', { promise: 'agree' });
  no = done.headers.location.split('/').pop()!;
  expect(no).toMatch(/^\d{8}$/);
});
afterAll(async () => { await ctx?.close(); });

test('the list links 修改 to an overview of the three parts, each its own form pre-filled from the stored answers', async () => {
  expect((await zhang.get('/certifications')).text).toContain(`href="/certifications/${no}/edit"`);
  const overview = await zhang.get(`/certifications/${no}/edit`);
  expect(overview.status).toBe(200);
  for (const part of ['identity', 'bureau', 'details']) expect(overview.text).toContain(`href="/certifications/${no}/edit/${part}"`);
  expect((await zhang.get(`/certifications/${no}/edit/identity`)).text).toMatch(/value="exam:\d+" checked/);
  expect((await zhang.get(`/certifications/${no}/edit/bureau`)).text).toContain('广东省台山市台城街道环市北路1号');
  const details = (await zhang.get(`/certifications/${no}/edit/details`)).text;
  expect(details).toContain('value="2019-09"');
  expect(details).toMatch(/\/apply\/photo\/\d+/);
});

test('bad input re-renders with the summary and the field messages, everything typed kept, a bad upload refused by its content', async () => {
  const res = await postMultipart(zhang, `/certifications/${no}/edit/details`, { ...DETAILS, delivery: 'post', postAddress: '台山市台城街道舜德路8号', postcode: '12', postRecipient: '张晓雯', postPhone: '13800000000' },
    { photo: Buffer.from('not an image') });
  expect(res.status).toBe(422);
  expect(res.text).toContain('id="error-summary"');
  expect(res.text).toContain(escaped(MSG.postcode));
  expect(res.text).toContain('id="error-photo"');
  expect(res.text).toContain('台山市台城街道舜德路8号');
  expect(res.text).toContain('value="12"');
  const row = await ctx.db('applications').where({ application_no: no }).first();
  expect(row.version).toBe(1);
});

test('修改认定信息: 自取 → 邮寄 with an address saves a new version with its event and audit row; the list shows it', async () => {
  const before = await ctx.db('applications').where({ application_no: no }).first();
  const res = await postMultipart(zhang, `/certifications/${no}/edit/details`,
    { ...DETAILS, delivery: 'post', postAddress: '台山市台城街道舜德路8号', postcode: '529200', postRecipient: '张晓雯', postPhone: '13800000000' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/certifications');
  const row = await ctx.db('applications').where({ application_no: no }).first();
  expect(row.version).toBe(before.version + 1);
  expect(row.photo_file_id).toBe(before.photo_file_id);
  const snapshot = JSON.parse(row.data) as CertificationSnapshot;
  expect(snapshot.delivery).toMatchObject({ method: 'post', address: '台山市台城街道舜德路8号', postcode: '529200', recipient: '张晓雯' });
  expect(snapshot.answers.details?.subjectCode).toBe('C03');
  const event = await ctx.db('application_events').where({ application_id: row.id, action: 'edit' }).first();
  expect(event).toMatchObject({ reason: '修改认定信息', from_status: '网报待确认', to_status: '网报待确认' });
  const audits = await ctx.db('audit_log').where({ action: 'application.edit' }).whereLike('target', `%${no}%`);
  expect(audits).toHaveLength(1);
  const list = (await zhang.get('/certifications')).text;
  expect(list).toContain('修改成功');
  const detail = (await zhang.get(`/certifications/${no}`)).text;
  expect(detail).toContain('邮寄');
  expect(detail).toContain('台山市台城街道舜德路8号');
});

test('a form loaded before another save is refused, not saved over it', async () => {
  const page = await zhang.get(`/certifications/${no}/edit/bureau`);
  const row = await ctx.db('applications').where({ application_no: no }).first();
  const res = await zhang.agent.post(`/certifications/${no}/edit/bureau`).type('form').send({
    _csrf: csrfFrom(page.text), version: String(row.version - 1), address: '广东省台山市台城街道环市北路1号', provinceCode: '440000', cityCode: '440700',
    qualificationCode: '2', bureauId: String(row.bureau_id), pointId: String(row.point_id),
  });
  expect(res.status).toBe(409);
  expect(res.text).toContain(escaped(EDIT.stale));
});

test('个人身份信息 saved again with a proof of the same 任教学科 goes back to the list, one more version', async () => {
  const before = await ctx.db('applications').where({ application_no: no }).first();
  const page = await zhang.get(`/certifications/${no}/edit/identity`);
  const examChoice = /value="(exam:\d+)" checked/.exec(page.text)![1];
  const putonghuaId = /name="putonghuaId" id="putonghua-\d+" value="(\d+)" checked/.exec(page.text)![1];
  const res = await zhang.submit(`/certifications/${no}/edit/identity`, { version: String(before.version), examChoice, putonghuaId, student: '1' });
  expect(res.status).toBe(422);
  expect(res.text).toMatch(/id="error-student"/);
  const ok = await zhang.submit(`/certifications/${no}/edit/identity`, { version: String(before.version), examChoice, putonghuaId, student: '0' });
  expect(ok.headers.location).toBe('/certifications');
  expect((await ctx.db('applications').where({ application_no: no }).first()).version).toBe(before.version + 1);
});

test('another account gets 404 for the number and its edit pages', async () => {
  const li = await loginAs(ctx, DEMO.liMing);
  for (const url of [`/certifications/${no}/edit`, `/certifications/${no}/edit/details`]) expect((await li.get(url)).status).toBe(404);
});

test('after the counter moved it out of 网报待确认, 修改 is refused with a clear page', async () => {
  await ctx.db('applications').where({ application_no: no }).update({ status: '待认定审批' });
  for (const url of [`/certifications/${no}/edit`, `/certifications/${no}/edit/identity`, `/certifications/${no}/edit/details`]) {
    const res = await zhang.get(url);
    expect(res.status).toBe(409);
    expect(res.text).toContain(escaped(EDIT.locked));
  }
  const list = await zhang.get('/certifications');
  const res = await zhang.agent.post(`/certifications/${no}/edit/details`).field('_csrf', csrfFrom(list.text)).field('subjectCode', 'C03').field('delivery', 'self');
  expect(res.status).toBe(409);
  expect(res.text).toContain(escaped(EDIT.locked));
  expect((await ctx.db('applications').where({ application_no: no }).first()).data).toContain('"method":"post"');
});
