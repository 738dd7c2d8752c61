import { makeTestApp, TestContext, loginAs, DEMO, Browser, byIdNumber } from '../helpers/app';
import { fillUpToPromise } from '../helpers/wizard';
import { leaveMessage, staffStatus, applicationRow } from '../helpers/applications';
import { SEED_WORDING, WordingPage } from '../helpers/seedWording';

/**
 * The seeds' words on the applicant pages (issue 11): every entry of test/helpers/seedWording.ts is looked for,
 * exactly, in the text of its page as a teacher's browser gets it over HTTP. One walk through the pages
 * collects them; each entry is its own test, named by its seed, so a drift says which word and where it came from.
 */
let ctx: TestContext;
const pages = new Map<WordingPage, string>();

/** The page's text: no tags, entities decoded, runs of whitespace as one space (what a reader sees, in order). */
function textOf(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, '')
    .replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function keep(page: WordingPage, res: { status: number; text: string }, expectStatus = 200) {
  if (res.status !== expectStatus) throw new Error(`${page}: status ${res.status}, expected ${expectStatus}`);
  pages.set(page, textOf(res.text));
}

beforeAll(async () => {
  // The national check against the public-security record, as a list: the demo teachers' real names.
  const known: Record<string, string> = { [DEMO.liMing.idNumber]: '李明', [DEMO.huang.idNumber]: '黄志强' };
  ctx = await makeTestApp({ verifier: { verify: async ({ idNumber, name }) => (known[idNumber] === name ? { passed: true } : { passed: false, reason: 'list' }) } });
  const anon = new Browser(ctx.app);
  await keep('login', await anon.get('/login'));
  await keep('register', await anon.get('/register'));
  await keep('forgot', await anon.get('/password/forgot'));
  await keep('loginFailed', await anon.submit('/login', { idType: '1', idNumber: DEMO.liMing.idNumber, password: 'Wrong#2026x' }), 422);

  await loginAs(ctx, DEMO.liMing); // a first sign-in, so the next one has a 上次登录时间
  const b = await loginAs(ctx, DEMO.liMing);
  await keep('me', await b.get('/me'));
  await keep('identity', await b.get('/me/identity'));
  await keep('realname', await b.get('/me/realname'));
  await keep('password', await b.get('/me/password'));
  await keep('mobile', await b.get('/me/mobile'));
  await keep('certificates', await b.get('/me/certificates'));
  await keep('registrations', await b.get('/me/registrations'));
  await keep('platform', await b.get('/platform'));
  await keep('notice', await b.get('/platform/notice'));
  const bureau = async (name: string) => (await ctx.db('bureaus').where({ name }).first('id')).id as number;
  const window = async (name: string) => b.get(`/platform/window?provinceCode=440000&cityCode=440700&stage=3&subject=C04&bureauId=${await bureau(name)}`);
  await keep('windowNoPlan', await window('江门市蓬江区教育局'));
  await keep('windowClosed', await window('江门市新会区教育局'));
  await keep('windowNoPoints', await window('开平市教育局'));

  await keep('step1', await b.get('/apply/step/1'));
  await keep('step1Refused', await b.submit('/apply/step/1', {}), 422);
  await keep('certHelp', await b.get('/apply/certificates/new'));
  await keep('certForm', await b.get('/apply/certificates/new/form'));
  await fillUpToPromise(ctx, b);
  for (const n of [2, 3, 4, 5, 6] as const) await keep(`step${n}`, await b.get(`/apply/step/${n}`));
  const submitted = await b.submit('/apply/step/6', { promise: 'agree' });
  await keep('done', await b.get(String(submitted.headers.location)));
  const no = String(submitted.headers.location).split('/').pop() as string;
  const row = await applicationRow(ctx, no);
  await keep('applications', await b.get('/applications'));
  await keep('application', await b.get(`/applications/${no}`));
  await keep('applicationNotes', await b.get(`/applications/${no}/notes`));
  await leaveMessage(ctx, row.id, '请补交年度考核证明。', '2026-11-23T01:30:00.000Z');
  await keep('applicationsMessage', await b.get('/applications'));
  await keep('messages', await b.get(`/applications/${no}/messages`));
  await staffStatus(ctx, row.id, '不属于注册对象');
  await keep('applicationsConcluded', await b.get('/applications'));
  // 李明 is verified: a failed check is a failed update, and his account keeps working (004).
  await keep('realnameUpdateFailed', await b.submit('/me/realname', { name: '李敏' }), 422);
  const huang = await loginAs(ctx, DEMO.huang);
  await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'unverified' });
  await keep('realnameFailed', await huang.submit('/me/realname', { name: '黄志刚' }), 422);
}, 120_000);
afterAll(async () => ctx?.close());

test('every page of the table was rendered', () => {
  for (const e of SEED_WORDING) expect([e.page, pages.has(e.page)]).toEqual([e.page, true]);
});

test.each(SEED_WORDING.map((e) => [e.seed, e.page, e.text] as const))('%s — %s: “%s”', (_seed, page, text) => {
  expect(pages.get(page)).toContain(text);
});
