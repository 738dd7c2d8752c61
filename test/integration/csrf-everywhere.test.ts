import { makeTestApp, TestContext, loginAs, DEMO, csrfFrom, byIdNumber } from '../helpers/app';
import { M } from '../../src/messages';
import { BUREAU, DETAILS, cameraPhoto, demoIds, postDetails } from '../helpers/wizard';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every POST path of the app, read from the Express router stack: a route added later is covered too. */
function postPaths(stack: Layer[]): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route?.methods.post) found.push(layer.route.path);
    else if (layer.handle?.stack) found.push(...postPaths(layer.handle.stack));
  }
  return [...new Set(found)];
}

/** A concrete URL for a route pattern: every parameter gets a plausible value. */
const concrete = (pattern: string) => pattern.replace(/:(\w+)/g, (_m, name: string) => (name === 'n' ? '4' : name === 'token' ? 'abcdefghijklmnopqrstuvwxyz' : '1'));

const routes = () => postPaths((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack);

test('the route list is real: it holds the forms of every area', () => {
  const all = routes();
  expect(all.length).toBeGreaterThan(15);
  for (const p of ['/login', '/logout', '/register', '/me/password', '/me/identity', '/me/realname', '/me/realname/review', '/apply/step/:n']) {
    expect(all).toContain(p);
  }
});

test('every POST of the app, sent as multipart without a token, is refused with 403 and changes nothing', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  // A draft at step 4, so that an unchecked post to step 4 or 5 would move it on.
  const ids = await demoIds(ctx);
  expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
  expect((await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto())).status).toBe(303);
  const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
  const draftBefore = await ctx.db('drafts').where({ account_id: account.id }).first();
  const paths = routes();
  for (const pattern of paths) {
    const urls = pattern === '/apply/step/:n' ? ['/apply/step/1', '/apply/step/2', '/apply/step/3', '/apply/step/4', '/apply/step/5', '/apply/step/6'] : [concrete(pattern)];
    for (const url of urls) {
      const res = await b.agent.post(url)
        .field('agree', '1').field('promise', 'agree').field('confirm', '1').field('idNumber', DEMO.liMing.idNumber).field('password', 'x')
        .attach('photo', Buffer.from('not an image'), 'a.jpg');
      expect([url, res.status]).toEqual([url, 403]);
      expect(res.text).toContain(M.csrf);
    }
  }
  // Still signed in (POST /logout did not run), and no draft was written or moved on.
  const me = await b.get('/me');
  expect(me.status).toBe(200);
  expect(await ctx.db('drafts').where({ account_id: account.id }).first()).toEqual(draftBefore);
});

test('a forged token in a multipart body is refused too; the right one is accepted', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const forged = await b.agent.post('/me/password').field('_csrf', 'f'.repeat(64)).field('oldPassword', 'x');
  expect(forged.status).toBe(403);
  const page = await b.get('/me/password');
  const real = await b.agent.post('/me/password').field('_csrf', csrfFrom(page.text)).field('oldPassword', '').field('password', '').field('password2', '');
  expect(real.status).toBe(422); // the handler ran and answered with its field messages
  expect(real.text).toContain(M.required('旧密码'));
});
