import { makeTestApp, TestContext } from '../helpers/app';
import { DETAILS } from '../helpers/wizard';
import { applicantsWithDrafts, Client, databaseEnv, inBatches, receiptNo, ServerChild, startServer } from './helpers';
import type { Applicant } from '../helpers/applicants';

/**
 * `kill -9` of the server in the middle of a burst of 200 提交 and edits, then a restart on the same database: every
 * 提交 that got its 报名号 is there exactly once and whole (row, 提交 event, audit row, draft removed — one transaction),
 * every acknowledged edit is kept, drafts are valid JSON, and the 报名号 counter never hands out a number twice.
 */
const SUBMITTERS = 25; // each: 提交, then five 修改报名信息 (150 requests)
const DRAFTERS = 10; // each: five saves of 步骤三 without a new photo (50 requests)
const EDITS = 5;
const DRAFT_SAVES = 5;
const KILL_AFTER = 90; // responses, of the 200

let ctx: TestContext;
let server: ServerChild;
let people: Applicant[];
let clients: Client[];

beforeAll(async () => {
  const t0 = Date.now();
  ctx = await makeTestApp();
  const t1 = Date.now();
  people = await applicantsWithDrafts(ctx, SUBMITTERS + DRAFTERS);
  const t2 = Date.now();
  server = await startServer(databaseEnv(ctx));
  const t3 = Date.now();
  clients = people.map(() => new Client(() => server.port));
  await inBatches(clients, 6, (c, i) => c.login(people[i]));
  console.log(`[crash] setup: app ${t1 - t0} ms, drafts ${t2 - t1} ms, server ${t3 - t2} ms, logins ${Date.now() - t3} ms`);
});
afterAll(async () => {
  for (const c of clients ?? []) c.close();
  await server?.stop();
  await ctx?.close();
});

const address = (who: number, k: number) => `广东省台山市台城街道环市北路${who}号之${k}`;
const detailsOf = (i: number, k: number) => ({ ...DETAILS, certificateId: String(people[i].certificateId), address: address(i, k) });

test('kill -9 mid-burst, restart: every 报名号 given is there once and whole, acknowledged edits kept, drafts valid, the counter never repeats', async () => {
  const receipts = new Map<number, string>(); // applicant → 报名号 its 303 named
  const editsAcknowledged = new Map<number, number>();
  const draftSaves = new Map<number, number>(); // applicant → last acknowledged save k
  let answered = 0;
  let cut = 0;
  let killed = false;
  const count = () => {
    answered += 1;
    if (answered === KILL_AFTER && !killed) {
      killed = true;
      server.proc.kill('SIGKILL');
    }
  };
  const attempt = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      const r = await work();
      count();
      return r;
    } catch {
      cut += 1; // the connection died with the server
      return null;
    }
  };

  // One sequence per applicant, eight applicants at a time (draft savers among the others), until the server dies under them.
  const order = people.map((_p, i) => i).slice(0, SUBMITTERS).flatMap((i) => (i % 2 === 1 && SUBMITTERS + (i >> 1) < people.length ? [i, SUBMITTERS + (i >> 1)] : [i]));
  expect(new Set(order).size).toBe(people.length);
  await inBatches(order, 8, async (i) => {
    const c = clients[i];
    if (i < SUBMITTERS) {
      const r = await attempt(() => c.post('/apply/step/6', { promise: 'agree' }));
      const no = r ? receiptNo(r) : null;
      if (!no) return;
      receipts.set(i, no);
      for (let k = 1; k <= EDITS && !killed; k += 1) {
        const e = await attempt(() => c.post(`/applications/${no}/edit/details`, { ...detailsOf(i, k), action: 'save' }));
        if (e?.status === 303) editsAcknowledged.set(i, k);
        else if (e) throw new Error(`edit ${no}: ${e.status} ${e.body.slice(0, 300)}`);
      }
    } else {
      for (let k = 1; k <= DRAFT_SAVES && !killed; k += 1) {
        const s = await attempt(() => c.post('/apply/step/3', detailsOf(i, k)));
        if (s?.status === 303) draftSaves.set(i, k);
      }
    }
  });
  expect(killed).toBe(true);
  await server.exited;
  console.log(`[crash] answered ${answered}, cut ${cut}, 报名号 given ${receipts.size}, edits acknowledged ${[...editsAcknowledged.values()].reduce((a, b) => a + b, 0)}`);
  expect(receipts.size).toBeGreaterThan(0);

  // The database as the killed process left it, before anything opens it for writing again.
  if (!ctx.config.databaseUrl) expect((await ctx.db.raw('PRAGMA integrity_check'))[0]).toEqual({ integrity_check: 'ok' });

  server = await startServer(databaseEnv(ctx));
  const all = await ctx.db('applications').select();
  expect(new Set(all.map((a) => a.application_no)).size).toBe(all.length);

  // Every 报名号 given exists once, as the applicant's, and whole.
  for (const [i, no] of receipts) {
    const rows = all.filter((a) => a.application_no === no);
    expect(rows).toHaveLength(1);
    expect(rows[0].account_id).toBe(people[i].account.id);
  }
  for (const a of all) {
    const events = await ctx.db('application_events').where({ application_id: a.id }).orderBy('id');
    expect(events.filter((e) => e.action === 'submit')).toHaveLength(1);
    const edits = events.filter((e) => e.action === 'edit');
    expect(edits).toHaveLength(a.version - 1); // each edit wrote its version and its event together
    expect(await ctx.db('audit_log').where({ target: `application:${a.application_no}`, action: 'application.submit' })).toHaveLength(1);
    expect(await ctx.db('audit_log').where({ target: `application:${a.application_no}`, action: 'application.edit' })).toHaveLength(edits.length);
    expect(await ctx.db('drafts').where({ account_id: a.account_id, journey: 'registration' })).toHaveLength(0);
    const data = JSON.parse(a.data) as { summary?: unknown[] };
    expect(Array.isArray(data.summary)).toBe(true);
    const i = people.findIndex((p) => p.account.id === a.account_id);
    const acked = editsAcknowledged.get(i) ?? 0;
    expect(a.version - 1).toBeGreaterThanOrEqual(acked); // an acknowledged edit is never lost
    if (acked > 0) expect(a.data).toMatch(new RegExp(`环市北路${i}号之[${acked}-${EDITS}]`));
  }

  // Drafts are whole JSON; the draft savers' drafts hold an acknowledged save or a later one.
  for (const d of await ctx.db('drafts').select()) {
    const draft = JSON.parse(d.data) as { answers?: { details?: { address?: string } } };
    const i = people.findIndex((p) => p.account.id === d.account_id);
    if (i >= SUBMITTERS && draftSaves.has(i)) {
      expect(draft.answers?.details?.address).toMatch(new RegExp(`环市北路${i}号之[${draftSaves.get(i)}-${DRAFT_SAVES}]`));
    }
  }

  // After the restart, everyone without an application 提交s (步骤四 and 五 again where 步骤三 was saved):
  // new 报名号, none given before the crash.
  const before = new Set(all.map((a) => a.application_no));
  const waiting = people.map((_p, i) => i).filter((i) => !all.some((a) => a.account_id === people[i].account.id));
  expect(waiting.length).toBeGreaterThanOrEqual(DRAFTERS);
  const fresh = await inBatches(waiting, 4, async (i) => {
    const c = clients[i]; // the session in the database outlived the process
    try {
      for (const step of [4, 5]) {
        await c.get(`/apply/step/${step}`);
        await c.post(`/apply/step/${step}`, {});
      }
      await c.get('/apply/step/6');
      const r = await c.post('/apply/step/6', { promise: 'agree' });
      const no = receiptNo(r);
      if (!no) throw new Error(`提交 after restart: ${r.status} ${r.body.slice(0, 300)}`);
      return no;
    } finally {
      c.close();
    }
  });
  expect(fresh.length).toBe(waiting.length);
  for (const no of fresh) expect(before.has(no)).toBe(false);
  expect(new Set(fresh).size).toBe(fresh.length);
  const total = await ctx.db('applications').select('application_no');
  expect(new Set(total.map((a) => a.application_no)).size).toBe(total.length);
});
