import request from 'supertest';
import { makeTestApp, TestContext, loginAs, DEMO } from '../helpers/app';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

test('pages render', async () => {
  for (const url of ['/', '/login', '/register', '/password/forgot', '/certificates/query']) {
    const res = await request(ctx.app).get(url);
    expect(res.status).toBe(200);
  }
  expect((await request(ctx.app).get('/healthz')).status).toBe(200);
});

test('login and personal centre', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  for (const url of ['/me', '/me/identity', '/me/realname', '/me/password', '/me/mobile', '/me/certificates', '/me/registrations']) {
    const res = await b.get(url);
    expect([url, res.status]).toEqual([url, 200]);
  }
});
