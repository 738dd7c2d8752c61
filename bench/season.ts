/*
 * npm run bench:season -- [--teachers N] [--concurrency C] [--pg] [--max-minutes M]
 *
 * A whole season on this machine (issue 8): N simulated teachers (default 1,000), C at a time (default 50), each
 * signs in, walks the seven steps of 定期注册 with a photo and downloads the 申请表 PDF, with plain HTTP form posts
 * as a browser without JavaScript sends them (cookies, the page's CSRF token, 303s followed, gzip accepted).
 * The server runs in its own process (bench/seasonServer.ts) on a fresh database prepared beforehand
 * (bench/seasonData.ts): SQLite by default, a new PostgreSQL database with --pg (SEASON_PG_URL, else the local
 * postgres://postgres:postgres@127.0.0.1:5432/postgres). Loopback only; bounded in count and in time
 * (--max-minutes, default 60: no teacher starts after it); the server and its Chromium are stopped at the end.
 *
 * Operators and reviewers work alongside (--operators N, default 2; --reviewers N, default 1): see staff() below.
 * Prints completion time, page latency percentiles per page kind and overall, errors, PDFs/s, and peak memory
 * (server RSS and Chromium's PSS separately); writes a "Season" section into bench/results.md.
 * Target: 10,000 teachers in under 30 min on 2 cores, zero errors, page p95 < 200 ms, server RSS ≤ 200 MB.
 */
import { fork, ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import knexFactory from 'knex';
import { loadConfig } from '../src/config';
import { createDb } from '../src/db/knex';
import { elapsedMs, percentiles, runBench, STAFF_CODE_PATH, treeMemory } from './support';
import { prepareSeason, teacherIdNumber, SEASON_PASSWORD, SEASON_STAFF_PASSWORD, SEASON_STAFF_TOTP_SECRET, SeasonIds, seasonOperator, seasonReviewer } from './seasonData';
import { totpCode, TOTP_STEP_SECONDS } from '../src/domain/totp';
import type { ParentMessage, ServerMessage } from './seasonServer';

// ---- arguments ------------------------------------------------------------------------------------------
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return undefined;
  const value = process.argv[i + 1];
  return value === undefined || value.startsWith('--') ? '' : value;
}
function positive(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/[,_]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} wants a positive whole number, not "${raw}"`);
  return n;
}
const TEACHERS = positive('teachers', 1000);
const CONCURRENCY = positive('concurrency', 50);
const MAX_MINUTES = positive('max-minutes', 60);
const USE_PG = arg('pg') !== undefined;
const OPERATORS = arg('operators') === undefined ? 2 : Number(arg('operators'));
const REVIEWERS = arg('reviewers') === undefined ? 1 : Number(arg('reviewers'));
const REQUEST_TIMEOUT_MS = 60_000;
const PG_ADMIN_URL = process.env.SEASON_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

// ---- a browser without JavaScript -----------------------------------------------------------------------
interface Reply { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

class TeacherError extends Error {
  constructor(readonly kind: string, readonly status: number, detail: string) {
    super(`${kind}: ${status} ${detail}`);
  }
}

/** Every request's latency, by page kind ('GET /apply/step/3', 'POST /login', …). */
const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const errorSamples: string[] = [];
let pdfsDelivered = 0;

function record(kind: string, ms: number) {
  let list = latencies.get(kind);
  if (!list) latencies.set(kind, (list = []));
  list.push(ms);
}

function send(port: number, method: string, urlPath: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const gz = res.headers['content-encoding'] === 'gzip';
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: gz ? zlib.gunzipSync(raw) : raw });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The kind of a page for the statistics: the path with its numbers (报名号) folded. */
const kindOf = (method: string, urlPath: string) =>
  `${method} ${urlPath.split('?')[0].replace(/\/applications\/[^/]+(\/|$)/, '/applications/:no$1').replace(/\/done\/[^/]+$/, '/done/:no')}`;

function browser(port: number) {
  const cookies = new Map<string, string>();
  let token = '';
  let page = '';
  async function request(method: string, urlPath: string, extra: Record<string, string> = {}, body?: Buffer): Promise<Reply> {
    const kind = kindOf(method, urlPath);
    const headers: Record<string, string> = { 'accept-encoding': 'gzip', 'user-agent': 'season-bench', ...extra };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) headers['content-length'] = String(body.length);
    const t = process.hrtime.bigint();
    let reply: Reply;
    try {
      reply = await send(port, method, urlPath, headers, body);
    } catch (err) {
      throw new TeacherError(kind, 0, (err as Error).message);
    }
    record(kind, elapsedMs(t));
    for (const set of reply.headers['set-cookie'] ?? []) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    if (reply.status === 200 && String(reply.headers['content-type']).startsWith('text/html')) {
      page = reply.body.toString();
      token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? token;
    }
    return reply;
  }
  /** GET, following redirects as a browser does; answers the final page and where it is. */
  async function get(urlPath: string): Promise<{ reply: Reply; at: string }> {
    let at = urlPath;
    for (let hops = 0; hops < 5; hops++) {
      const reply = await request('GET', at);
      if (reply.status === 303 || reply.status === 302) {
        at = String(reply.headers.location);
        continue;
      }
      if (reply.status !== 200) throw new TeacherError(kindOf('GET', at), reply.status, problem(reply));
      return { reply, at };
    }
    throw new TeacherError(kindOf('GET', urlPath), 0, 'too many redirects');
  }
  /** Posts the form of the page last shown (its CSRF token first); expects a 303 and follows it. */
  async function submit(urlPath: string, body: Buffer, contentType: string): Promise<string> {
    const reply = await request('POST', urlPath, { 'content-type': contentType }, body);
    if (reply.status !== 303) throw new TeacherError(kindOf('POST', urlPath), reply.status, problem(reply));
    return (await get(String(reply.headers.location))).at;
  }
  return {
    get,
    page: () => page,
    token: () => token,
    form: (urlPath: string, fields: Record<string, string>) =>
      submit(urlPath, Buffer.from(new URLSearchParams({ _csrf: token, ...fields }).toString()), 'application/x-www-form-urlencoded'),
    multipart(urlPath: string, fields: Record<string, string>, file: { name: string; filename: string; type: string; data: Buffer }) {
      const boundary = `----season${crypto.randomBytes(8).toString('hex')}`;
      const parts: Buffer[] = [];
      for (const [k, v] of Object.entries({ _csrf: token, ...fields })) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      }
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
      parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
      return submit(urlPath, Buffer.concat(parts), `multipart/form-data; boundary=${boundary}`);
    },
    request,
  };
}

/** What went wrong, from the page: the error summary's text, else the status line's worth of body. */
function problem(reply: Reply): string {
  const text = reply.body.toString();
  const summary = /error-summary[\s\S]*?<\/(ul|div)>/.exec(text)?.[0] ?? /<title>[^<]*<\/title>/.exec(text)?.[0] ?? text.slice(0, 200);
  return summary.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

// ---- one teacher ----------------------------------------------------------------------------------------
const BUREAU = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04' };
const DETAILS = {
  putonghua: '3', education: '21', majorCategory: '1', major: '0701', degree: '4', graduationSchool: '华南师范大学',
  graduationDate: '2007-07-01', learningForm: '1', schoolName: '台山市台城第一初级中学', schoolNature: '1', schoolLocation: '1',
  workStartDate: '2007-09-01', teacherTitle: 'M3', employmentDate: '2019-09-01', hukou: '广东省台山市台城街道', postType: '11',
  political: '13', postcode: '529200', address: '广东省台山市台城街道环市北路1号',
};

async function teacher(port: number, i: number, ids: SeasonIds, photo: Buffer): Promise<void> {
  const b = browser(port);
  await b.get('/login');
  const home = await b.form('/login', { idNumber: teacherIdNumber(i), password: SEASON_PASSWORD });
  if (!home.startsWith('/me')) throw new TeacherError('POST /login', 303, `landed on ${home}`);
  let at = (await b.get('/apply')).at; // 申请定期注册: the engine sends the applicant to the first step
  if (at !== '/apply/step/1') throw new TeacherError('GET /apply', 200, `landed on ${at}`);
  at = await b.form(at, { agree: '1' });
  at = await b.form(at, { ...BUREAU, bureauId: String(ids.bureauId), pointId: String(ids.pointId), action: 'next' });
  // Step 3: the certificate the page offers (the teacher's own), the details, the photo.
  const certificateId = /name="certificateId" id="cert-\d+" value="(\d+)"/.exec(b.page())?.[1];
  if (!certificateId) throw new TeacherError(`GET ${at}`, 200, 'no certificate offered');
  at = await b.multipart(at, { ...DETAILS, certificateId }, { name: 'photo', filename: 'IMG_0001.jpg', type: 'image/jpeg', data: photo });
  at = await b.form(at, {}); // 4 确认申报信息
  at = await b.form(at, {}); // 5 注意事项
  at = await b.form(at, { promise: 'agree' }); // 6 提交 → 7 申报提醒
  const no = /^\/apply\/done\/([^/?]+)$/.exec(at)?.[1];
  if (!no) throw new TeacherError('POST /apply/step/6', 303, `landed on ${at}`);
  const pdf = await b.request('GET', `/applications/${no}/form.pdf`);
  if (pdf.status !== 200 || pdf.body.subarray(0, 5).toString() !== '%PDF-') throw new TeacherError('GET /applications/:no/form.pdf', pdf.status, problem(pdf));
  pdfsDelivered++;
  atCounter.push(no); // the teacher takes the printed form to the counter
}

// ---- staff ----------------------------------------------------------------------------------------------
/*
 * Operators (确认点操作员) and reviewers (注册机构审核员) work while the teachers do, through the same pages a clerk
 * uses without JavaScript. A teacher who has the PDF "comes to the counter": the 报名号 joins `atCounter`; a free
 * operator types it into 现场确认 (GET /staff/counter/find → the application page), presses 材料齐全 (the transition
 * form with the version shown) and follows the 303. Reviewers open 注册审核 (待注册审批, 200 a page), tick every row
 * and conclude 注册合格 in bulk (POST /staff/review/bulk → 批量审核结果). Their latencies are their own page kinds;
 * their failures are counted apart from the teachers'.
 */
const atCounter: string[] = [];
const staffErrors = new Map<string, number>();
let confirmed = 0;
let concluded = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function staffFailed(who: string, err: unknown) {
  const key = err instanceof TeacherError ? `${err.kind} → ${err.status}` : String(err);
  staffErrors.set(key, (staffErrors.get(key) ?? 0) + 1);
  if (errorSamples.length < 10) errorSamples.push(`${who}: ${(err as Error).message}`);
}

async function staffLogin(port: number, username: string) {
  const b = browser(port);
  await b.get('/staff/login');
  const half = await b.form('/staff/login', { username, password: SEASON_STAFF_PASSWORD });
  // The 动态口令 step: the season's staff are ordinary (non-demo) accounts — production refuses demo staff — whose
  // authenticator is this driver: it computes the code from the secret seasonData.ts stored. A code is good once
  // (replay rule), so a second sign-in within the same 30-second step waits for the next one, as a clerk would.
  const enterCode = () => b.form(STAFF_CODE_PATH, { code: totpCode(SEASON_STAFF_TOTP_SECRET, Date.now()) });
  const stepMs = TOTP_STEP_SECONDS * 1000;
  const home = half !== STAFF_CODE_PATH ? half : await enterCode().catch(async () => {
    await new Promise((r) => setTimeout(r, stepMs - (Date.now() % stepMs) + 50));
    return enterCode();
  });
  if (home !== '/staff') throw new TeacherError('POST /staff/login', 303, `landed on ${home}`);
  return b;
}

async function operator(port: number, k: number, teachersDone: () => boolean) {
  const who = seasonOperator(k);
  let b = await staffLogin(port, who);
  for (;;) {
    const no = atCounter.shift();
    if (!no) {
      if (teachersDone()) return;
      await sleep(200);
      continue;
    }
    try {
      const { at } = await b.get(`/staff/counter/find?no=${no}`);
      if (at !== `/staff/applications/${no}`) throw new TeacherError('GET /staff/counter/find', 200, `landed on ${at}`);
      const version = /name="version" value="(\d+)"/.exec(b.page())?.[1];
      if (!version || !b.page().includes('value="confirmComplete"')) throw new TeacherError('GET /staff/applications/:no', 200, 'no 材料齐全 form');
      const back = await b.form(`/staff/applications/${no}/transition`, { version, action: 'confirmComplete' });
      if (back !== `/staff/applications/${no}`) throw new TeacherError('POST /staff/applications/:no/transition', 303, `landed on ${back}`);
      confirmed++;
    } catch (err) {
      staffFailed(`${who} (${no})`, err);
      b = await staffLogin(port, who).catch(() => b); // a fresh session after a failure, as a clerk would sign in again
    }
  }
}

async function reviewer(port: number, k: number, operatorsDone: () => boolean) {
  const who = seasonReviewer(k);
  let b = await staffLogin(port, who);
  for (;;) {
    const finished = operatorsDone(); // read before the page: an empty queue after the last confirmation means done
    try {
      await b.get('/staff/review?size=200');
      const rows = [...b.page().matchAll(/name="no" value="(\d{8}:\d+)"/g)].map((m) => m[1]);
      if (!rows.length) {
        if (finished) return;
        await sleep(2000);
        continue;
      }
      const body = new URLSearchParams([['_csrf', b.token()], ['action', 'approve'], ['reason', ''], ...rows.map((r) => ['no', r])]);
      const reply = await b.request('POST', '/staff/review/bulk', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from(body.toString()));
      if (reply.status !== 200) throw new TeacherError('POST /staff/review/bulk', reply.status, problem(reply));
      const text = reply.body.toString();
      const ok = Number(/id="bulk-succeeded">(\d+)</.exec(text)?.[1] ?? 0);
      const refused = Number(/id="bulk-failed">(\d+)</.exec(text)?.[1] ?? 0);
      concluded += ok;
      // Another reviewer may have concluded a row first (the version moved on): that is the product working, not an error.
      if (refused > 0 && REVIEWERS === 1) throw new TeacherError('POST /staff/review/bulk', 200, `${refused} refused`);
      // A reviewer works in rounds (open the queue, tick, conclude), not in a tight loop; several are staggered.
      await sleep(2000 + 300 * k);
    } catch (err) {
      staffFailed(who, err);
      b = await staffLogin(port, who).catch(() => b);
    }
  }
}

/** Operators and reviewers until the teachers are done and every application is concluded; resolves with what they did. */
async function staff(port: number, teachersDone: () => boolean): Promise<{ ran: boolean; note: string; seconds: number }> {
  if (OPERATORS + REVIEWERS === 0) return { ran: false, note: 'not simulated (--operators 0 --reviewers 0)', seconds: 0 };
  const t = process.hrtime.bigint();
  let operatorsLeft = OPERATORS;
  const operators = Array.from({ length: OPERATORS }, (_, k) => operator(port, k, teachersDone)
    .catch((err) => staffFailed(seasonOperator(k), err)).finally(() => { operatorsLeft--; }));
  const reviewers = Array.from({ length: REVIEWERS }, (_, k) => reviewer(port, k, () => operatorsLeft === 0)
    .catch((err) => staffFailed(seasonReviewer(k), err)));
  await Promise.all([...operators, ...reviewers]);
  const seconds = elapsedMs(t) / 1000;
  return {
    ran: true, seconds,
    note: `${OPERATORS} 确认点操作员 and ${REVIEWERS} 注册机构审核员 in parallel with the teachers (each a signed-in staff session, plain form posts): `
      + `${confirmed} confirmed 材料齐全 one by one at the counter (find by 报名号, transition form with its version), ${concluded} concluded 注册合格 in bulk on 注册审核 (up to 200 a post)`,
  };
}

// ---- memory -----------------------------------------------------------------------------------------------
/** PSS (else RSS) in bytes of every descendant of `rootPid` — Chromium and its helpers, children of the server. */
const descendantsMemory = (rootPid: number) => treeMemory(rootPid, true);
/** VmRSS and VmHWM (the kernel's own peak) of one process, in bytes. */
function processMemory(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/**
 * The server's node flags: scripts/node-flags as `npm start`, `npm run serve` and the Docker image use them, or
 * SEASON_NODE_FLAGS to compare others ("" for V8's defaults); the load generator keeps its own.
 */
function serverNodeFlags(): string {
  return process.env.SEASON_NODE_FLAGS ?? fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'node-flags'), 'utf8').trim();
}

// ---- the server process -----------------------------------------------------------------------------------
function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: Extract<ServerMessage, { type: 'ready' }> }> {
  const execArgv = serverNodeFlags().split(/\s+/).filter(Boolean);
  const child = fork(path.join(__dirname, 'seasonServer.js'), [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    child.once('message', (m: ServerMessage) => {
      clearTimeout(timer);
      if (m.type === 'ready') resolve({ child, ready: m });
    });
  });
}
function ask(child: ChildProcess): Promise<Extract<ServerMessage, { type: 'stats' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no stats from the server')), 10_000);
    child.once('message', (m: ServerMessage) => {
      clearTimeout(timer);
      if (m.type === 'stats') resolve(m);
    });
    child.send({ type: 'stats' } satisfies ParentMessage);
  });
}
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 15_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.send({ type: 'stop' } satisfies ParentMessage);
  });
}

// ---- the run ----------------------------------------------------------------------------------------------
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-season-'));
  const pgName = `tr_season_${process.pid}`;
  const pgAdmin = USE_PG ? knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } }) : null;
  let databaseUrl = '';
  if (pgAdmin) {
    await pgAdmin.raw(`create database ${pgName}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${pgName}`;
    databaseUrl = url.toString();
  }
  const env = {
    ...process.env,
    SQLITE_PATH: path.join(dir, 'season.sqlite'), DATABASE_URL: databaseUrl,
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    // The crowd comes from one address (127.0.0.1): the per-IP login limit would refuse it after 50 logins in
    // 15 minutes, so it is raised above the number of teachers; flow control admits at least twice the concurrency.
    LOGIN_IP_LIMIT: String(TEACHERS + 1000),
    MAX_IN_FLIGHT: String(Math.max(200, CONCURRENCY * 2)),
    // As scripts/start.sh starts the server (glibc reads these at process start only); SEASON_MALLOC=off to compare.
    ...(process.env.SEASON_MALLOC === 'off' ? {} : {
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
    }),
  };
  let server: ChildProcess | null = null;
  try {
    // 1. The database, before the server starts.
    let t = process.hrtime.bigint();
    const db = createDb(loadConfig({ ...env, NODE_ENV: 'test' }));
    const ids = await prepareSeason(db, TEACHERS, new Date(), { operators: OPERATORS, reviewers: REVIEWERS });
    await db.destroy();
    const prepareSeconds = elapsedMs(t) / 1000;
    console.log(`database prepared: ${TEACHERS} teachers on ${USE_PG ? `PostgreSQL (${pgName})` : 'SQLite'} in ${prepareSeconds.toFixed(1)} s`);

    // 2. A camera-like JPEG (textured, so it is not trivially small), the same for every teacher.
    const photo = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#e8e4e0', noise: { type: 'gaussian', mean: 170, sigma: 18 } } })
      .composite([{ input: await sharp({ create: { width: 560, height: 760, channels: 3, background: '#8a6248' } }).png().toBuffer(), top: 300, left: 320 }])
      .jpeg({ quality: 90 }).toBuffer();

    // 3. The server, in its own process.
    const started = await startServer(env);
    server = started.child;
    const { ready } = started;
    const serverPid = server.pid as number;
    console.log(`server pid ${serverPid} on 127.0.0.1:${ready.port} (NODE_ENV=${ready.config.env}, ${ready.config.database}, CAPTCHA off, `
      + `LOGIN_IP_LIMIT=${ready.config.loginIpLimit}, MAX_IN_FLIGHT=${ready.config.maxInFlight}, PDF_POOL_SIZE=${ready.config.pdfPoolSize}); `
      + `Chromium ${ready.warmed ? `warmed in ${ready.warmMs} ms` : 'NOT available'}`);

    // 4. Memory, sampled every second (the server's peak RSS also comes from the kernel's VmHWM at the end).
    let peakServer = 0;
    let peakChromium = 0;
    let peakBoth = 0;
    const sample = () => {
      const rss = processMemory(serverPid).rss;
      const chromium = descendantsMemory(serverPid);
      peakServer = Math.max(peakServer, rss);
      peakChromium = Math.max(peakChromium, chromium);
      peakBoth = Math.max(peakBoth, rss + chromium);
    };
    sample();
    const sampler = setInterval(sample, 1000);

    // 5. The season: teachers C at a time; staff (when it exists) alongside.
    const deadline = Date.now() + MAX_MINUTES * 60_000;
    let next = 0;
    let done = 0;
    let failed = 0;
    const teacherMs: number[] = [];
    t = process.hrtime.bigint();
    const loadBefore = os.loadavg()[0];
    let teachersOver = false; // every teacher finished, or --max-minutes left the rest unstarted
    const staffRun = staff(ready.port, () => teachersOver);
    const progress = setInterval(() => {
      const s = elapsedMs(t) / 1000;
      console.log(`  ${s.toFixed(0)} s: ${done} done, ${failed} failed, ${(done / s).toFixed(1)} teachers/s, server RSS ${(processMemory(serverPid).rss / 2 ** 20).toFixed(0)} MB`);
    }, 10_000);
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, TEACHERS) }, async () => {
      while (next < TEACHERS && Date.now() < deadline) {
        const i = next++;
        const start = process.hrtime.bigint();
        try {
          await teacher(ready.port, i, ids, photo);
          done++;
          teacherMs.push(elapsedMs(start));
        } catch (err) {
          failed++;
          const key = err instanceof TeacherError ? `${err.kind} → ${err.status}` : String(err);
          errors.set(key, (errors.get(key) ?? 0) + 1);
          if (errorSamples.length < 5) errorSamples.push(`teacher ${i}: ${(err as Error).message}`);
        }
      }
    }));
    const seconds = elapsedMs(t) / 1000;
    teachersOver = true;
    const staffResult = await staffRun;
    clearInterval(progress);
    clearInterval(sampler);
    sample();
    const stats = await ask(server);
    const serverPeak = Math.max(peakServer, processMemory(serverPid).peak);
    await stopServer(server);
    server = null;

    // 6. The report.
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    const f = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
    const pdfKind = 'GET /applications/:no/form.pdf';
    const pageKinds = [...latencies.keys()].filter((k) => k !== pdfKind);
    const allPages = pageKinds.flatMap((k) => latencies.get(k) ?? []);
    const overall = percentiles(allPages);
    const isStaff = (k: string) => k.includes(' /staff/');
    const teacherPages = percentiles(pageKinds.filter((k) => !isStaff(k)).flatMap((k) => latencies.get(k) ?? []));
    const staffPageList = pageKinds.filter(isStaff).flatMap((k) => latencies.get(k) ?? []);
    const staffPages = staffPageList.length ? percentiles(staffPageList) : null;
    const staffFailures = [...staffErrors.values()].reduce((a, b) => a + b, 0);
    const pdfs = latencies.get(pdfKind) ?? [];
    const pdfP = pdfs.length ? percentiles(pdfs) : null;
    const perTeacher = teacherMs.length ? percentiles(teacherMs) : null;
    const notStarted = TEACHERS - done - failed;
    const serverRss = serverPeak;
    const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
    const scaled = seconds / Math.max(1, done) * 10_000 / 60;
    const lines = [
      `## Season — ${TEACHERS.toLocaleString('en')} teachers, ${USE_PG ? 'PostgreSQL' : 'SQLite'} (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores ${os.cpus()[0]?.model.trim() ?? ''}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version})`,
      '',
      `\`npm run bench:season -- --teachers ${TEACHERS}${CONCURRENCY !== 50 ? ` --concurrency ${CONCURRENCY}` : ''}${USE_PG ? ' --pg' : ''}\`. `
        + `Server in its own process (bench/seasonServer.ts: NODE_ENV=production, CAPTCHA off, LOGIN_IP_LIMIT=${ready.config.loginIpLimit} and MAX_IN_FLIGHT=${ready.config.maxInFlight} so one loopback address is not refused, `
        + `PDF_POOL_SIZE=${ready.config.pdfPoolSize}, ${env.MALLOC_ARENA_MAX ? `MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX} MALLOC_MMAP_THRESHOLD_=${env.MALLOC_MMAP_THRESHOLD_} as scripts/start.sh sets them` : 'glibc malloc defaults'}, node flags: ${serverNodeFlags() || 'V8 defaults'}); ${CONCURRENCY} teachers at a time, each: login, 申请定期注册, steps 1–6 (step 3 multipart with a ${(photo.length / 1024).toFixed(0)} KB 1200×1600 JPEG), `
        + `申报提醒, 申请表 PDF — ${Math.round(pageKinds.filter((k) => !isStaff(k)).flatMap((k) => latencies.get(k) ?? []).length / Math.max(1, done + failed))} page requests and 1 PDF per teacher, plain form posts, gzip. Database prepared beforehand in ${prepareSeconds.toFixed(0)} s. `
        + `Staff: ${staffResult.note}. Machine load average (1 min; other work shares these cores) ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`,
      '',
      '| what | result | target |',
      '|---|---|---|',
      `| completion time | **${(seconds / 60).toFixed(1)} min** (${seconds.toFixed(0)} s; ${(done / seconds).toFixed(2)} teachers/s; per teacher p50 ${perTeacher ? (perTeacher.p50 / 1000).toFixed(1) : '–'} s) | 10,000 in < 30 min: ${TEACHERS >= 10_000 ? verdict(seconds < 1800) : `at this rate 10,000 would take ≈ ${scaled.toFixed(0)} min`} |`,
      `| teachers done / failed / not started | ${done} / ${failed} / ${notStarted} | all done |`,
      `| errors (teachers) | ${failed === 0 ? '0' : [...errors].map(([k, n]) => `${n} × ${k}`).join('; ')} | 0: ${verdict(failed === 0 && notStarted === 0)} |`,
      `| staff | ${staffResult.ran ? `${confirmed} 材料齐全, ${concluded} 注册合格 of ${done} applications; the last conclusion ${staffResult.seconds.toFixed(0)} s after the start (${(staffResult.seconds - seconds).toFixed(0)} s after the last teacher)` : 'not run'} | all concluded |`,
      `| errors (staff) | ${staffFailures === 0 ? '0' : [...staffErrors].map(([k, n]) => `${n} × ${k}`).join('; ')} | 0: ${verdict(staffFailures === 0 && concluded === done)} |`,
      `| page latency, all ${allPages.length.toLocaleString('en')} page requests | p50 ${f(overall.p50)} ms, p95 **${f(overall.p95)} ms**, p99 ${f(overall.p99)} ms, max ${f(overall.max)} ms | p95 < 200 ms: ${verdict(overall.p95 < 200)} |`,
      `| page latency, teachers' pages / staff pages | p50 ${f(teacherPages.p50)} / ${staffPages ? f(staffPages.p50) : '–'} ms, p95 ${f(teacherPages.p95)} / ${staffPages ? f(staffPages.p95) : '–'} ms, p99 ${f(teacherPages.p99)} / ${staffPages ? f(staffPages.p99) : '–'} ms (${staffPageList.length} staff requests) | |`,
      `| 申请表 PDF (GET form.pdf, first render, queueing for the pool included) | ${pdfP ? `p50 ${f(pdfP.p50)} ms, p95 ${f(pdfP.p95)} ms, p99 ${f(pdfP.p99)} ms, max ${f(pdfP.max)} ms` : '–'} | |`,
      `| PDFs/s over the season (delivered) | **${(pdfsDelivered / seconds).toFixed(2)}** (${pdfsDelivered} PDFs) | |`,
      `| peak memory, server (RSS, kernel VmHWM) | **${mb(serverRss)}** | ≤ 200 MB: ${verdict(serverRss <= 200 * 2 ** 20)} |`,
      `| peak memory, Chromium (PSS of all its processes, sampled each second) | ${mb(peakChromium)} | |`,
      `| peak memory, both (sampled) | ${mb(peakBoth)} | |`,
      `| server memory by part, peak of each (process.memoryUsage each second) | ready, before the crowd: RSS ${mb(ready.rss)}; peaks: RSS ${mb(stats.peak.rss)}, JS heap used ${mb(stats.peak.heapUsed)} of ${mb(stats.peak.heapTotal)}, Buffers (arrayBuffers) ${mb(stats.peak.arrayBuffers)}; at the end RSS ${mb(stats.memory.rss)}, heap ${mb(stats.memory.heapUsed)}, Buffers ${mb(stats.memory.arrayBuffers)} | |`,
      `| server CPU (all its threads: requests, scrypt, sharp, zlib; from its start) | ${((stats.cpu.user + stats.cpu.system) / 1e6).toFixed(0)} s, ${((stats.cpu.user + stats.cpu.system) / 1e3 / TEACHERS).toFixed(0)} ms per teacher (staff included) | |`,
      `| server event loop delay (whole run) | p50 ${stats.loopDelay.p50.toFixed(1)} ms, p99 ${stats.loopDelay.p99.toFixed(1)} ms, max ${stats.loopDelay.max.toFixed(0)} ms | |`,
      '',
      '| page kind | requests | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|',
      ...[...latencies].map(([kind, list]) => {
        const p = percentiles(list);
        return `| ${kind} | ${list.length} | ${f(p.p50)} | ${f(p.p95)} | ${f(p.p99)} | ${f(p.max)} |`;
      }),
      '',
      ...(errorSamples.length ? ['First errors:', '', ...errorSamples.map((e) => `- ${e}`), ''] : []),
      `PDF service at the end: \`${JSON.stringify(stats.pdf)}\``,
      '',
    ];
    console.log(`\n${lines.join('\n')}`);
    writeSection(lines);
    if (failed > 0 || notStarted > 0 || staffFailures > 0) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    agent.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    if (pgAdmin) {
      await pgAdmin.raw(`drop database if exists ${pgName} with (force)`).catch((err) => console.error(`dropping ${pgName}:`, err));
      await pgAdmin.destroy();
    }
  }
}

/** Puts the section into bench/results.md, replacing the one with the same heading (other runs stay). */
function writeSection(lines: string[]) {
  const file = path.join(__dirname, '..', '..', 'bench', 'results.md');
  const heading = lines[0].replace(/ \(.*$/, ''); // '## Season — N teachers, SQLite'
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const sections = existing.split(/\n(?=## )/);
  const at = sections.findIndex((s) => s.startsWith(heading + ' ('));
  const section = lines.join('\n').trimEnd() + '\n';
  if (at === -1) sections.push(section);
  else sections[at] = section;
  fs.writeFileSync(file, sections.map((s) => s.trimEnd()).join('\n\n') + '\n');
}

runBench(main);
