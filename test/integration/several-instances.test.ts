/*
 * Several instances (issue 12): two app processes on one PostgreSQL database, started here, and a visitor whose
 * every request goes to the other instance than the one before (a load balancer without sticky sessions).
 * A login on one is valid on the other, the wizard continues across them, a staff action on one is seen on the
 * other, a 申请表 PDF cached by one instance is never served stale after an edit on the other, and the per-IP
 * login limit counts the attempts of both. PostgreSQL only: several processes on one SQLite file are not a
 * supported deployment (README, 部署).
 */
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createDb, migrateLatest } from '../../src/db/knex';
import { seedDemo, seedReferenceData, DEMO_STAFF_PASSWORD, demoTotpSecretOf } from '../../seeds';
import { totpCode } from '../../src/domain/totp';
import { createPgDatabase, csrfFrom, DEMO, escaped, TEST_NOW } from '../helpers/app';
import { BUREAU, cameraPhoto, DETAILS } from '../helpers/wizard';
import { editDetailsUrl, listRow } from '../helpers/applications';
import { M } from '../../src/messages';

const PG = process.env.TEST_DATABASE_URL;
const LOGIN_IP_LIMIT = 24;

interface Answer { status: number; location: string | null; text: string; body: Buffer; port: number; headers: Headers }
type Fields = Record<string, string | string[]>;
interface Upload { field: string; data: Buffer; name: string; type: string }

/**
 * A browser without JavaScript whose requests a balancer without sticky sessions sends to `ports` in turn; one
 * cookie jar. [A, B, B, A] opens each form on one instance and posts it to the other, the next form the other way.
 */
class Visitor {
  private readonly jar = new Map<string, string>();
  private turn = 0;
  readonly answeredBy: number[] = [];
  readonly postedTo: number[] = [];
  constructor(private readonly ports: number[]) {}

  private next(): number {
    const port = this.ports[this.turn % this.ports.length];
    this.turn += 1;
    return port;
  }

  async send(method: string, url: string, body?: URLSearchParams | FormData, port = this.next()): Promise<Answer> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`http://127.0.0.1:${port}${url}`, { method, body, redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0];
      const eq = pair.indexOf('=');
      if (/expires=Thu, 01 Jan 1970/i.test(set) || eq === pair.length - 1) this.jar.delete(pair.slice(0, eq));
      else this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    this.answeredBy.push(port);
    if (method === 'POST') this.postedTo.push(port);
    return { status: res.status, location: res.headers.get('location'), text: buffer.toString('utf8'), body: buffer, port, headers: res.headers };
  }

  get(url: string, port?: number) {
    return this.send('GET', url, undefined, port);
  }

  /** Opens the page holding the form on one instance and posts it (with that page's token) to the next. */
  async submit(pageUrl: string, fields: Fields, opts: { postUrl?: string; file?: Upload } = {}): Promise<Answer> {
    const token = csrfFrom((await this.get(pageUrl)).text);
    let body: URLSearchParams | FormData;
    if (opts.file) {
      const form = new FormData();
      form.append('_csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
      form.append(opts.file.field, new Blob([new Uint8Array(opts.file.data)], { type: opts.file.type }), opts.file.name);
      body = form;
    } else {
      body = new URLSearchParams({ _csrf: token });
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    }
    return this.send('POST', opts.postUrl ?? pageUrl, body);
  }
}

/** The text of a PDF (poppler's pdftotext, installed by `npm test`). */
function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `tr-instances-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

(PG ? describe : describe.skip)('two app processes on one PostgreSQL database', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  const children: ChildProcess[] = [];
  let A: number;
  let B: number;
  let ids: { bureauId: string; pointId: string; certificateId: string };
  let no: string;

  /** One instance as src/server.ts runs it, on the shared database; resolves with its port. */
  function startInstance(url: string): Promise<number> {
    const child = fork(path.join(__dirname, '..', 'helpers', 'instanceServer.ts'), [], {
      execArgv: ['-r', path.join(__dirname, '..', 'helpers', 'tsRegister.js')],
      env: {
        ...process.env, NODE_ENV: 'test', CAPTCHA: 'off', DATABASE_URL: url, INSTANCE_NOW: TEST_NOW.toISOString(),
        // What the instances of one deployment share: the database and the session secret (README, 多实例部署).
        SESSION_SECRET: 'several-instances-test-secret-0123456789abcdef', LOGIN_IP_LIMIT: String(LOGIN_IP_LIMIT), PDF_POOL_SIZE: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', (msg: { port: number }) => resolve(msg.port));
      child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
    });
  }

  beforeAll(async () => {
    const pg = await createPgDatabase(PG as string);
    drop = pg.drop;
    db = createDb({ databaseUrl: pg.url, sqlitePath: '' });
    await migrateLatest(db);
    await seedReferenceData(db);
    await seedDemo(db, TEST_NOW);
    const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
    const point = await db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
    const cert = await db('certificates').where({ cert_number: '20094478131000123' }).first('id');
    ids = { bureauId: String(bureau.id), pointId: String(point.id), certificateId: String(cert.id) };
    // One after the other: the second reads the first one's transpiled sources (test/helpers/tsRegister.js).
    A = await startInstance(pg.url);
    B = await startInstance(pg.url);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || !child.connected) return resolve();
      child.once('exit', () => resolve());
      child.send({ stop: true });
    })));
    await db?.destroy();
    await drop?.();
  }, 30_000);

  test('a login on one instance is valid on the other, and signing out on the other ends it on both', async () => {
    const teacher = new Visitor([A, B]);
    const login = await teacher.submit('/login', { idNumber: DEMO.huang.idNumber, password: DEMO.huang.password });
    expect(login.status).toBe(303);
    expect(login.port).toBe(B); // the login page came from A, the sign-in from B
    for (const port of [A, B]) {
      const me = await teacher.get('/me', port);
      expect(me.status).toBe(200);
      expect(me.text).toContain('黄志强');
    }
    const out = await teacher.submit('/me', {}, { postUrl: '/logout' });
    expect(out.status).toBe(303);
    for (const port of [A, B]) expect((await teacher.get('/me', port)).status).toBe(303);
  });

  test('a wizard begun on one instance continues on the other, request by request, to one 报名号', async () => {
    const teacher = new Visitor([A, B, B, A]);
    expect((await teacher.submit('/login', { idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password })).status).toBe(303);
    expect((await teacher.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
    expect((await teacher.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
    const step3 = await teacher.submit('/apply/step/3', { ...DETAILS, certificateId: ids.certificateId }, { file: { field: 'photo', data: await cameraPhoto(), name: 'photo.jpg', type: 'image/jpeg' } });
    expect(step3.status).toBe(303);
    // The draft (with the photo) saved by one instance is what the other shows at step 4.
    const confirm = await teacher.get('/apply/step/4');
    expect(confirm.text).toContain(DETAILS.schoolName);
    expect(confirm.text).toContain('<img');
    expect((await teacher.submit('/apply/step/4', {})).status).toBe(303);
    expect((await teacher.submit('/apply/step/5', {})).status).toBe(303);
    const done = await teacher.submit('/apply/step/6', { promise: 'agree' });
    expect(done.status).toBe(303);
    no = String(done.location).split('/').pop() as string;
    expect(no).toMatch(/^\d{8}$/);
    // Both instances took pages and posts of it; the database holds one application and no draft.
    expect(new Set(teacher.postedTo)).toEqual(new Set([A, B]));
    const rows = await db('applications').where({ application_no: no });
    expect(rows).toHaveLength(1);
    expect(await db('drafts').where({ account_id: rows[0].account_id })).toHaveLength(0);
    for (const port of [A, B]) expect(listRow((await teacher.get('/applications', port)).text, no)?.cells[4]).toBe('网报待确认');
  });

  test('the PDF cache is per instance but keyed by version: after an edit on one, the other serves the new form', async () => {
    const teacher = new Visitor([A, B]);
    expect((await teacher.submit('/login', { idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password })).status).toBe(303);
    const first = await teacher.get(`/applications/${no}/form.pdf`, B);
    expect(first.status).toBe(200);
    expect(pdfText(first.body)).toContain(DETAILS.schoolName);
    expect((await teacher.get(`/applications/${no}/form.pdf`, B)).body.equals(first.body)).toBe(true); // B's cache holds version 1
    // 修改报名信息 on A: a new version in the shared database.
    const token = csrfFrom((await teacher.get(editDetailsUrl(no), A)).text);
    const body = new URLSearchParams({ _csrf: token, ...DETAILS, certificateId: ids.certificateId, action: 'save', schoolName: '台山市新宁中学' });
    expect((await teacher.send('POST', editDetailsUrl(no), body, A)).status).toBe(303);
    const again = await teacher.get(`/applications/${no}/form.pdf`, B);
    expect(again.status).toBe(200);
    const text = pdfText(again.body);
    expect(text).toContain('台山市新宁中学');
    expect(text).not.toContain(DETAILS.schoolName);
  }, 60_000);

  /** Both steps of a demo staff sign-in, each possibly on another instance (the pending sign-in is in the shared session table). */
  async function staffSignIn(v: Visitor, username: string): Promise<Answer> {
    const password = await v.submit('/staff/login', { username, password: DEMO_STAFF_PASSWORD });
    if (password.status !== 303) return password;
    return v.submit('/staff/login/code', { code: totpCode(demoTotpSecretOf(username) as string, TEST_NOW.getTime()) });
  }

  test('a staff action on one instance is seen on the other, by staff and by the applicant', async () => {
    const clerk = new Visitor([A, B]);
    expect((await staffSignIn(clerk, 'operator')).status).toBe(303);
    const page = await clerk.get(`/staff/applications/${no}`, A);
    expect(page.status).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] as string;
    const body = new URLSearchParams({ _csrf: csrfFrom(page.text), version, action: 'confirmComplete' });
    expect((await clerk.send('POST', `/staff/applications/${no}/transition`, body, A)).status).toBe(303);
    // B shows the new status at once (nothing about an application is cached per instance but its PDF).
    expect((await clerk.get(`/staff/applications/${no}`, B)).text).toContain('待注册审批');
    const teacher = new Visitor([B, A]);
    expect((await teacher.submit('/login', { idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password })).status).toBe(303);
    expect(listRow((await teacher.get('/applications', B)).text, no)?.cells[4]).toBe('待注册审批');
    // Audited once, by the instance that did it, in the shared table.
    expect(await db('audit_log').where({ actor_type: 'staff', target: `application:${no}` })).toHaveLength(1);
  });

  test('a 数据导入 job lives in the process that runs it: its page on the other instance says so in Chinese, not 404', async () => {
    const admin = new Visitor([A, B]);
    expect((await staffSignIn(admin, 'bureauadmin')).status).toBe(303);
    const token = csrfFrom((await admin.get('/staff/import', A)).text);
    const form = new FormData();
    form.append('_csrf', token);
    form.append('kind', 'schools');
    form.append('file', new Blob(['学校名称\n台山市多实例测试学校\n'], { type: 'text/csv' }), 'schools.csv');
    const made = await admin.send('POST', '/staff/import', form, A);
    expect(made.status).toBe(303);
    const jobUrl = String(made.location);
    expect(jobUrl).toMatch(/^\/staff\/import\/jobs\/[0-9a-f-]{45}$/);
    expect((await admin.get(jobUrl, A)).status).toBe(200);
    const elsewhere = await admin.get(jobUrl, B);
    expect(elsewhere.status).toBe(503);
    expect(elsewhere.headers.get('retry-after')).toBe('2');
    expect(elsewhere.text).toContain(escaped(M.jobElsewhere));
    expect((await admin.get(`${jobUrl}/status`, B)).status).toBe(503); // htmx's poll tries again later
    // An id this instance could have made but did not, or no id at all, is still the ordinary 404.
    const unknownHere = jobUrl.replace(/[0-9a-f]{12}$/, '000000000000');
    expect((await admin.get(unknownHere, A)).status).toBe(404);
    expect((await admin.get('/staff/import/jobs/not-a-job', B)).status).toBe(404);
  });

  test('the per-IP login limit is one count in the database: attempts on both instances, even at the same instant, all count', async () => {
    let guess = 0;
    // A wrong password for a different (unknown) 证件号码 each time: only the per-IP limit applies, no account lock.
    const attempt = (v: Visitor) => v.submit('/login', { idNumber: `1101051949123${String((guess += 1)).padStart(4, '0')}X`, password: 'Wrong#2026' });
    const remaining = (a: Answer) => Number(/remaining=(\d+)/.exec(a.headers.get('ratelimit') ?? '')?.[1]);
    const guesser = new Visitor([A, B, B, A]);
    const first = await attempt(guesser);
    expect(first.status).toBe(422);
    const left = remaining(first);
    expect(left).toBeGreaterThan(15);
    const second = await attempt(guesser);
    expect(second.port).not.toBe(first.port);
    expect(remaining(second)).toBe(left - 1);
    // Ten attempts at once, spread over both instances: the upsert counts every one.
    await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(new Visitor(i % 2 ? [A, B] : [B, A]))));
    expect(remaining(await attempt(guesser))).toBe(left - 12);
    // The rest of the budget, then 429 on both: the limit is LOGIN_IP_LIMIT for the deployment, not per instance.
    for (let i = left - 12; i > 0; i -= 1) expect((await attempt(guesser)).status).toBe(422);
    for (const port of [A, B]) {
      const token = csrfFrom((await guesser.get('/login', port)).text);
      const refused = await guesser.send('POST', '/login', new URLSearchParams({ _csrf: token, idNumber: DEMO.liMing.idNumber, password: DEMO.liMing.password }), port);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain(M.login.rateLimited);
    }
    // The staff entrance keeps its own count, as before.
    expect((await new Visitor([B, A]).submit('/staff/login', { username: 'reviewer', password: DEMO_STAFF_PASSWORD })).status).toBe(303);
  });
});
