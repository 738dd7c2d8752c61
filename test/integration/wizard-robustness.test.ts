import { makeTestApp, TestContext, loginAs, DEMO, csrfFrom, Browser } from '../helpers/app';
import { BUREAU, demoIds } from '../helpers/wizard';

/** The wizard's forms with long, HTML, SQL-like, control-character, array and unknown values: a page, never a 500. */
let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const NASTY: Array<string | string[]> = [
  'x'.repeat(5000), '<script>alert(1)</script>', "' OR '1'='1'; DROP TABLE applications; --", '\u0000\u202e𠮷', ['1', '2'], '', '-1', '1e9999', '../../etc/passwd',
];
const STEP2 = ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId', 'q', 'action'];
const STEP3 = ['certificateId', 'putonghua', 'education', 'majorCategory', 'major', 'degree', 'graduationSchool', 'graduationDate', 'learningForm',
  'schoolName', 'schoolNature', 'schoolLocation', 'workStartDate', 'teacherTitle', 'employmentDate', 'hukou', 'postType', 'political', 'postcode',
  'address', 'action', 'pickSchool', 'newSchoolName', 'newSchoolType', 'from', 'pendingPhotoId'];

function expectPage(res: { status: number; text: string }, label: string) {
  expect([label, res.status < 500]).toEqual([label, true]);
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  expect(res.text).not.toContain('<script>alert(1)</script>');
}

async function multipart(b: Browser, url: string, fields: Record<string, string | string[]>) {
  const page = await b.get(url);
  let req = b.agent.post(url).field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) req = req.field(k, one);
  return req;
}

test('steps 1, 2 and 6 and the abandon form', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  for (const value of NASTY) {
    expectPage(await b.submit('/apply/step/1', { agree: value as string, unknown: 'x' }), 'step 1');
  }
  await b.submit('/apply/step/1', { agree: '1' });
  for (const value of NASTY) {
    const fields = Object.fromEntries(STEP2.map((f) => [f, value])) as Record<string, string>;
    expectPage(await b.submit('/apply/step/2', fields), `step 2 ${String(value).slice(0, 10)}`);
    const cascade = await b.get(`/apply/cascade?mode=${encodeURIComponent(String(value))}&provinceCode=${encodeURIComponent(String(value))}`).set('HX-Request', 'true');
    expectPage(cascade, 'cascade');
  }
  expectPage(await b.submit('/apply/step/1', { promise: '<b>' }, '/apply/step/6'), 'step 6');
  expectPage(await b.submit('/apply/abandon', { confirm: '<b>' }, '/apply/abandon'), 'abandon');
  for (const bad of ['0', '7', '-1', 'abc', '99999999999999999999']) expectPage(await b.get(`/apply/step/${bad}`), `step ${bad}`);
});

test('step 3 (multipart) and the edit forms', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const ids = await demoIds(ctx);
  await b.submit('/apply/step/1', { agree: '1' });
  await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  for (const value of NASTY) {
    const fields = Object.fromEntries(STEP3.map((f) => [f, value]));
    expectPage(await multipart(b, '/apply/step/3', fields), `step 3 ${String(value).slice(0, 10)}`);
  }
  for (const bad of ['0', '-1', 'abc', '1e9999']) expectPage(await b.get(`/apply/photo/${bad}`), `photo ${bad}`);
});

test('CSRF refusal on every POST of the wizard', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  for (const url of ['/apply/step/1', '/apply/step/2', '/apply/step/4', '/apply/step/5', '/apply/step/6', '/apply/abandon']) {
    const res = await b.agent.post(url).type('form').send({ agree: '1', promise: 'agree', confirm: '1' });
    expect([url, res.status]).toEqual([url, 403]);
  }
  for (const url of ['/apply/step/3', '/apply/certificates/new/form']) {
    const res = await b.agent.post(url).field('certNumber', '1').field('_csrf', 'forged');
    expect([url, res.status]).toEqual([url, 403]);
  }
});
