import http from 'node:http';
import { makeTestApp, TestContext } from '../helpers/app';
import sharp from 'sharp';
import { DETAILS } from '../helpers/wizard';
import { M } from '../../src/messages';
import { applicantsWithDrafts, Client, databaseEnv, inBatches, receiptNo, Reply, ServerChild, startServer } from './helpers';
import type { Applicant } from '../helpers/applicants';

/**
 * 流量控制 at three times MAX_IN_FLIGHT, over real HTTP to the server in its own process: a burst of real requests by
 * different applicants on open connections — MAX_IN_FLIGHT of them save 步骤三 with a camera photo and hold their
 * places (as uploads do in a season, while sharp works on them), the others 提交 (步骤六 同意) meanwhile. The server
 * holds each photo until the test lets it go (HOLD_PHOTO_UPLOADS, test/faults/child/server.ts): left to timing, on a
 * busy CI machine the uploads were sometimes answered before the 提交s arrived and nothing was refused. Refused ones get
 * the 503 page fast — measured by the server itself (request parsed → response finished), since the client's timings
 * share two busy cores with it; the client's are logged — admitted ones finish, and after the refused retry every
 * applicant holds exactly one application under a 报名号 of its own.
 */
const MAX_IN_FLIGHT = 4;
const BURST = 3 * MAX_IN_FLIGHT;
const REFUSAL_MS = 50; // the bound for a refused request

let ctx: TestContext;
let server: ServerChild;
let applicants: Applicant[];
let clients: Client[];
let photo: Buffer;
let detailsFields: Record<string, string>;

beforeAll(async () => {
  ctx = await makeTestApp();
  applicants = await applicantsWithDrafts(ctx, BURST);
  server = await startServer({ ...databaseEnv(ctx), MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), HOLD_PHOTO_UPLOADS: '1' });
  // Each applicant signs in on its own kept-alive connection, so the burst's requests leave together.
  clients = applicants.map(() => new Client(() => server.port, new http.Agent({ keepAlive: true, maxSockets: 1 })));
  await inBatches(clients, MAX_IN_FLIGHT, (c, i) => c.login(applicants[i]));
  await Promise.all(clients.map((c) => c.get('/apply/step/6')));
  // A textured camera-sized photo (3 megapixels), decoded and normalised for real once the server lets it go.
  photo = await sharp({ create: { width: 1500, height: 2000, channels: 3, background: '#e8e4e0', noise: { type: 'gaussian', mean: 170, sigma: 18 } } })
    .jpeg({ quality: 90 }).toBuffer();
  detailsFields = { ...DETAILS };
});
const uploaders = MAX_IN_FLIGHT; // the first applicants save 步骤三 with a photo; the rest 提交
afterAll(async () => {
  for (const c of clients ?? []) c.close();
  await server?.stop();
  await ctx?.close();
});

test(`${BURST} simultaneous requests (uploads and 提交) at MAX_IN_FLIGHT=${MAX_IN_FLIGHT}: refused fast with the 503 page, admitted finish, none lost or doubled`, async () => {
  const before = (await server.served()).length;
  const certificateOf = (i: number) => String(applicants[i].certificateId);
  // The uploads leave first; once 流量控制 has admitted all of them (bodies in, held at the photo) the 提交s leave, and
  // when those are answered the photos go on.
  const uploads = clients.slice(0, uploaders).map((c, i) => c.post('/apply/step/3', { ...detailsFields, certificateId: certificateOf(i) }, photo));
  const deadline = Date.now() + 60_000;
  while ((await server.inFlight()) < uploaders) {
    if (Date.now() > deadline) throw new Error('the uploads were never all admitted');
    await new Promise((r) => setTimeout(r, 5));
  }
  const submitted = await Promise.all(clients.slice(uploaders).map((c) => c.post('/apply/step/6', { promise: 'agree' })));
  server.releasePhotos();
  const first: Reply[] = [...await Promise.all(uploads), ...submitted];
  const refused = first.filter((r) => r.status === 503);
  const admitted = first.filter((r) => r.status === 303);
  expect(first.map((r) => r.status).filter((s) => s !== 303 && s !== 503)).toEqual([]); // no 500, no error page
  expect(refused).toHaveLength(BURST - uploaders); // every 提交 came while the uploads held all the places
  expect(admitted).toHaveLength(uploaders);
  for (const r of refused) {
    expect(r.body).toContain(M.flowControl);
    expect(r.headers['retry-after']).toBe('5');
  }
  const mine = (await server.served()).slice(before).filter((s) => s.url.startsWith('/apply/step/'));
  const serverRefusals = mine.filter((s) => s.status === 503).map((s) => s.ms);
  expect(serverRefusals).toHaveLength(refused.length);
  const clientRefusals = refused.map((r) => r.ms);
  console.log(`[overload] refused ${refused.length}/${BURST}; server-side ms max ${Math.max(...serverRefusals).toFixed(1)}, client-side ms max ${Math.max(...clientRefusals).toFixed(1)}`);
  expect(Math.max(...serverRefusals)).toBeLessThan(REFUSAL_MS);

  // The uploaders go on (步骤三 again if refused, then 四 and 五: a new photo asks for the review again).
  await inBatches(clients.slice(0, uploaders), 2, async (c, i) => {
    if (first[i].status !== 303) expect((await c.post('/apply/step/3', { ...detailsFields, certificateId: certificateOf(i) }, photo)).status).toBe(303);
    for (const step of [4, 5]) {
      await c.get(`/apply/step/${step}`);
      expect((await c.post(`/apply/step/${step}`, {})).status).toBe(303);
    }
  });
  // The refused kept their drafts: everyone 提交s (again), a few at a time as people would, until each has its 报名号.
  const numbers = new Map<number, string>();
  first.forEach((r, i) => { const no = i >= uploaders ? receiptNo(r) : null; if (no) numbers.set(i, no); });
  for (let round = 0; numbers.size < BURST && round < 20; round += 1) {
    const waiting = clients.map((_c, i) => i).filter((i) => !numbers.has(i));
    await inBatches(waiting, MAX_IN_FLIGHT, async (i) => {
      const r = await clients[i].post('/apply/step/6', { promise: 'agree' });
      const no = receiptNo(r);
      if (no) numbers.set(i, no);
      else expect(r.status).toBe(503);
    });
  }
  expect(numbers.size).toBe(BURST);
  expect(new Set(numbers.values()).size).toBe(BURST);

  // Exactly one application per applicant, under the 报名号 its 303 named; each with its 提交 event and audit row.
  for (const [i, no] of numbers) {
    const rows = await ctx.db('applications').where({ account_id: applicants[i].account.id });
    expect(rows.map((r) => r.application_no)).toEqual([no]);
    expect(await ctx.db('application_events').where({ application_id: rows[0].id, action: 'submit' })).toHaveLength(1);
    expect(await ctx.db('audit_log').where({ action: 'application.submit', target: `application:${no}` })).toHaveLength(1);
    expect(await ctx.db('drafts').where({ account_id: applicants[i].account.id })).toHaveLength(0);
  }
});
