import { makeTestApp, TestContext, Browser, csrfFrom } from '../helpers/app';
import { M } from '../../src/messages';

/** The per-IP login limit counts the real client: X-Forwarded-For is believed only from the configured proxies. */
async function loginAttempts(ctx: TestContext, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  const b = new Browser(ctx.app);
  for (const ip of forwardedFor) {
    const token = csrfFrom((await b.get('/login')).text);
    const res = await b.agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, idNumber: '440781198503151236', password: 'Wrong#123' });
    statuses.push(res.status);
    if (res.status === 429) expect(res.text).toContain(M.login.rateLimited);
  }
  return statuses;
}

describe('TRUST_PROXY naming a proxy that is not the client', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await makeTestApp({ env: { TRUST_PROXY: '10.9.8.7', LOGIN_IP_LIMIT: '2' } }); });
  afterAll(async () => ctx?.close());

  test('a client talking to the port directly cannot get a fresh bucket by forging X-Forwarded-For', async () => {
    expect(await loginAttempts(ctx, ['1.1.1.1', '2.2.2.2', '3.3.3.3'])).toEqual([422, 422, 429]);
  });
});

describe('TRUST_PROXY=127.0.0.1 (nginx on the same machine)', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await makeTestApp({ env: { TRUST_PROXY: '127.0.0.1,::1', LOGIN_IP_LIMIT: '2' } }); });
  afterAll(async () => ctx?.close());

  test('the proxy\'s X-Forwarded-For is the client address: each client has its own bucket', async () => {
    expect(await loginAttempts(ctx, ['1.1.1.1', '1.1.1.1', '2.2.2.2', '1.1.1.1'])).toEqual([422, 422, 422, 429]);
  });

  test('only the listed addresses are believed', () => {
    expect(ctx.app.get('trust proxy fn')('10.0.0.1', 0)).toBe(false);
    expect(ctx.app.get('trust proxy fn')('127.0.0.1', 0)).toBe(true);
  });
});

test('TRUST_PROXY=1 (a hop count, believing anyone) is refused with a clear message', () => {
  const { loadConfig } = jest.requireActual('../../src/config');
  expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
  expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
});
