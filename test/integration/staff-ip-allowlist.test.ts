import { makeTestApp, TestContext, Browser, csrfFrom, escaped } from '../helpers/app';
import { M } from '../../src/messages';
import { loadConfig } from '../../src/config';
import { DEMO_STAFF_PASSWORD } from '../../seeds';
import { passSecondFactor } from '../helpers/staff';

/**
 * STAFF_IP_ALLOWLIST: staff pages (the login first) answer only the listed addresses; everyone else gets a Chinese
 * 403 page and no session. The address is req.ip, so it is the client's only behind a TRUST_PROXY proxy.
 */
describe('STAFF_IP_ALLOWLIST behind a trusted proxy', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await makeTestApp({ env: { TRUST_PROXY: '127.0.0.1,::1', STAFF_IP_ALLOWLIST: '10.20.0.0/16, 192.168.1.5' } }); });
  afterAll(async () => ctx?.close());

  const from = (b: Browser, ip: string, url: string) => b.agent.get(url).set('X-Forwarded-For', ip);

  test('an address outside the list: a clear 403 on every staff page, the login included; nothing else changes', async () => {
    const b = new Browser(ctx.app);
    for (const url of ['/staff/login', '/staff', '/staff/audit', '/staff/login/code']) {
      const res = await from(b, '203.0.113.9', url);
      expect([url, res.status]).toEqual([url, 403]);
      expect(res.text).toContain(escaped(M.staff.ipRefused('203.0.113.9')));
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const post = await b.agent.post('/staff/login').set('X-Forwarded-For', '203.0.113.9').type('form').send({ username: 'operator', password: DEMO_STAFF_PASSWORD });
    expect(post.status).toBe(403);
    expect(await ctx.db('audit_log').where({ action: 'staff.login-password' })).toHaveLength(0);
    // Applicant pages are not staff pages.
    expect((await from(b, '203.0.113.9', '/login')).status).toBe(200);
  });

  test('an address inside the list (a subnet or one address) signs in as usual', async () => {
    for (const ip of ['10.20.3.4', '192.168.1.5']) {
      const b = new Browser(ctx.app);
      const page = await from(b, ip, '/staff/login');
      expect(page.status).toBe(200);
      const res = await b.agent.post('/staff/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(page.text), username: 'reviewer', password: DEMO_STAFF_PASSWORD });
      expect(res.status).toBe(303);
      // The helper's requests come without the header: from 127.0.0.1, which is not listed.
      expect((await b.get('/staff/login/code')).status).toBe(403);
      const codePage = await from(b, ip, '/staff/login/code');
      expect(codePage.status).toBe(200);
    }
  });
});

describe('STAFF_IP_ALLOWLIST without a trusted proxy', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await makeTestApp({ env: { STAFF_IP_ALLOWLIST: '127.0.0.1,::1' } }); });
  afterAll(async () => ctx?.close());

  test('the connection\'s own address counts; a forged X-Forwarded-For changes nothing', async () => {
    const b = new Browser(ctx.app);
    expect((await b.agent.get('/staff/login').set('X-Forwarded-For', '203.0.113.9')).status).toBe(200);
    const res = await b.submit('/staff/login', { username: 'operator', password: DEMO_STAFF_PASSWORD });
    expect(res.status).toBe(303);
    expect((await passSecondFactor(ctx, b, 'operator')).status).toBe(303);
    expect((await b.get('/staff')).status).toBe(200);
  });
});

test('a wrong STAFF_IP_ALLOWLIST entry stops the start, naming it', () => {
  expect(() => loadConfig({ NODE_ENV: 'test', STAFF_IP_ALLOWLIST: '10.0.0.0/8,intranet' })).toThrow(/STAFF_IP_ALLOWLIST.*"intranet"/);
  expect(loadConfig({ NODE_ENV: 'test' }).staffIpAllowList).toBeNull();
});
