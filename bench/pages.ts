/*
 * npm run bench — page speed as issue 8 measures it, loopback only, bounded in time:
 *  - the app (bench/appServer.ts) and a bare Express 5 + EJS + better-sqlite3 handler (bench/bareServer.ts) run
 *    as separate child processes; this process only generates load, with autocannon's API;
 *  - 50 connections, BENCH_SECONDS (default 5) per run after a 1 s warm-up, for: step 3 GET, a valid step 3 POST
 *    (multipart like the browser's form, no new photo: 303 to step 4, draft written), step 1 GET and POST; each
 *    against the bare GET (a form of the same size as step 3) or the bare POST (url-encoded, one write, 303);
 *  - the weight of applicant pages, HTML + CSS gzip-compressed.
 * The four step 3 and bare runs are repeated at a fixed offered rate (BENCH_PACED_RATE, default 400 requests/s over the
 * same 50 connections, three times a 10,000-teacher season's page rate; bench/paced.ts, an even schedule): at full load
 * the latency is the queue in front of the server (50 connections ÷ throughput), at a fixed rate it shows whether
 * anything stalls the event loop.
 * Requests carry no Accept-Encoding unless BENCH_GZIP=1 (then both sides are asked for gzip; the bare one ignores it).
 * BENCH_PROFILE=1 takes a CPU profile of the app (V8's sampling profiler, as `node --cpu-prof`, but started and stopped
 * through the inspector around each measured run only) for the runs named in BENCH_ONLY (e.g. "step3-get,step3-post"),
 * and prints where its time went per request instead of writing results; the .cpuprofile files stay in a temp dir.
 * Results: the "Page speed" section of bench/results.md.
 */
import { fork, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { httpClient, runBench, signedInBrowser, writeSection } from './support';
import { DEMO_STAFF_PASSWORD } from '../seeds';
import { summariseProfile } from './profile';
import { pacedRun } from './paced';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50); // issue 8 measures at 50
const PROFILE = process.env.BENCH_PROFILE === '1';
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const GZIP = process.env.BENCH_GZIP === '1';
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 400);
const SEASON_PAGE_RATE = 138; // bench:season, 10,000 teachers on 2026-12-06: 211,457 page requests in 1,537 s
const client = httpClient(4);

interface Child { proc: ChildProcess; info: Record<string, number> }
const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); }); // a failed run leaves no server behind

/** Starts a bench server as a child process and waits for its {ready} message. */
function start(script: string, env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, script), [], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000);
    proc.once('message', (msg) => { clearTimeout(timer); resolve({ proc, info: msg as Record<string, number> }); });
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

/** Asks a child to exit normally (its profile, if any, is written then). */
function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.proc.removeAllListeners('exit');
    const timer = setTimeout(() => { child.proc.kill('SIGKILL'); resolve(); }, 15_000);
    child.proc.once('exit', () => { clearTimeout(timer); children.delete(child.proc); resolve(); });
    child.proc.send({ stop: true });
  });
}

function multipart(fields: Record<string, string>, file?: { name: string; filename: string; type: string; data: Buffer }) {
  const boundary = '----benchBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

interface Run { rps: number; p50: number; p99: number; max: number; requests: number; unexpected: number; server?: { p50: number; p99: number; max: number; cpuMsPerRequest: number } | null }

/**
 * One run: a warm-up second, then SECONDS measured; every answer must have the expected status. As many requests as
 * the server answers (autocannon), or with `rate` that many a second on an even schedule (bench/paced.ts).
 */
let around: { before(): Promise<void>; after(r: Run): Promise<void> } | null = null;

async function drive(url: string, expect: number, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; rate?: number } = {}): Promise<Run> {
  const headers = { ...(GZIP ? { 'accept-encoding': 'gzip' } : {}), ...opts.headers };
  if (opts.rate) {
    const paced = { url, expect, rate: opts.rate, connections: CONNECTIONS, method: opts.method, headers, body: opts.body };
    await pacedRun({ ...paced, seconds: 1 });
    await around?.before();
    const run: Run = await pacedRun({ ...paced, seconds: SECONDS });
    await around?.after(run);
    return run;
  }
  const base = { url, connections: CONNECTIONS, method: opts.method ?? 'GET', headers, body: opts.body, timeout: 10 };
  await autocannon({ ...base, duration: 1 });
  await around?.before();
  const r = await autocannon({ ...base, duration: SECONDS });
  const total = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  const good = r.statusCodeStats[String(expect)]?.count ?? 0;
  const run = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, requests: total, unexpected: total - good + r.errors + r.timeouts };
  await around?.after(run);
  return run;
}

async function main() {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-prof-'));
  const app = await start('appServer.js', {});
  const { port, bureauId, pointId, certificateId } = app.info;
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;

  // Sign in as 李明 and answer steps 1–3 with plain form posts (step 3 with a photo), as a browser without JavaScript would.
  const browser = await signedInBrowser(client, port);
  const s1 = await browser.post('/apply/step/1', { agree: '1' });
  const s2 = await browser.post('/apply/step/2', { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: String(bureauId), pointId: String(pointId), action: 'next' });
  if (s1.status !== 303 || s2.status !== 303) throw new Error(`could not reach step 3 (${s1.status}, ${s2.status})`);
  const cookie = browser.cookie();
  const page3 = await browser.get('/apply/step/3');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page3.body.toString())?.[1] ?? '';
  const details = {
    _csrf: csrf, certificateId: String(certificateId), putonghua: '3', education: '21', majorCategory: '1', major: '0701', degree: '4',
    graduationSchool: '华南师范大学', graduationDate: '2007-07-01', learningForm: '1', schoolName: '台山市台城第一初级中学', schoolNature: '1',
    schoolLocation: '1', workStartDate: '2007-09-01', teacherTitle: 'M3', employmentDate: '2019-09-01', hukou: '广东省台山市台城街道',
    postType: '11', political: '13', postcode: '529200', address: '广东省台山市台城街道环市北路1号', action: 'next',
  };
  const photo = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#d8c0a8' } }).jpeg({ quality: 90 }).toBuffer();
  const first = multipart(details, { name: 'photo', filename: 'photo.jpg', type: 'image/jpeg', data: photo });
  const withPhoto = await client.request(port, 'POST', '/apply/step/3', { cookie, 'content-type': first.type, 'content-length': String(first.body.length) }, first.body);
  if (withPhoto.status !== 303 || withPhoto.headers.location !== '/apply/step/4') throw new Error(`step 3 with a photo: ${withPhoto.status} ${withPhoto.headers.location}`);
  // What a browser sends when the photo is already stored: the form again, the file input empty.
  const again = multipart(details, { name: 'photo', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) });
  const check = await client.request(port, 'POST', '/apply/step/3', { cookie, 'content-type': again.type, 'content-length': String(again.body.length) }, again.body);
  if (check.status !== 303 || check.headers.location !== '/apply/step/4') throw new Error(`step 3 without a new photo: ${check.status} ${check.headers.location}`);
  const step3Bytes = (await browser.get('/apply/step/3')).body.length;

  const bare = await start('bareServer.js', { BENCH_FORM_BYTES: String(step3Bytes) });
  const bareUrl = `http://127.0.0.1:${bare.info.port}/`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
  const signedIn = { cookie };

  const askOf = (child: Child) => <T = unknown>(msg: object, answer: string) => new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => { if (answer in m) { child.proc.off('message', on); resolve(m[answer] as T); } };
    child.proc.on('message', on);
    child.proc.send(msg);
  });
  const ask = askOf(app);

  // The staff list run comes last: 李明 submits (his draft is gone then) and the point gets 300 applications.
  const STAFF_LIST_ROWS = 300;
  let staffCookie = '';
  const prepareStaffList = async () => {
    // Step 3 was posted valid by the runs before: steps 4–6 submit.
    for (const [step, fields] of [['/apply/step/4', {}], ['/apply/step/5', {}], ['/apply/step/6', { promise: 'agree' }]] as const) {
      const res = await browser.post(step, fields);
      if (res.status !== 303) throw new Error(`${step}: ${res.status}`);
    }
    await ask({ cloneApplications: STAFF_LIST_ROWS - 1 }, 'cloned');
    const operator = await signedInBrowser(client, port, { path: '/staff/login', fields: { username: 'operator', password: DEMO_STAFF_PASSWORD } });
    staffCookie = operator.cookie();
    const list = await operator.get('/staff/counter');
    if (list.status !== 200) throw new Error(`GET /staff/counter: ${list.status}`);
  };

  const paced = (key: string, what: string, run: () => Promise<Run>) => ({ [`${key}-paced`]: { what, run, paced: true } });
  const runs: Record<string, { what: string; run: () => Promise<Run>; baseline?: string; paced?: boolean }> = {
    'bare-get': { what: `bare GET (one read, a ${(bare.info.bytes / 1024).toFixed(0)} KB form)`, run: () => drive(bareUrl, 200) },
    'step3-get': { what: `step 3 GET (${(step3Bytes / 1024).toFixed(0)} KB)`, baseline: 'bare-get', run: () => drive(url('/apply/step/3'), 200, { headers: signedIn }) },
    'bare-post': { what: 'bare POST (url-encoded, one write, 303)', run: () => drive(bareUrl, 303, { method: 'POST', headers: urlencoded, body: form(details) }) },
    'step3-post': {
      what: 'step 3 POST, valid (multipart without a new photo; 303 to step 4, draft written)', baseline: 'bare-post',
      run: () => drive(url('/apply/step/3'), 303, { method: 'POST', headers: { ...signedIn, 'content-type': again.type }, body: again.body }),
    },
    ...paced('bare-get', 'bare GET', () => drive(bareUrl, 200, { rate: PACED_RATE })),
    ...paced('step3-get', 'step 3 GET', () => drive(url('/apply/step/3'), 200, { headers: signedIn, rate: PACED_RATE })),
    ...paced('bare-post', 'bare POST', () => drive(bareUrl, 303, { method: 'POST', headers: urlencoded, body: form(details), rate: PACED_RATE })),
    ...paced('step3-post', 'step 3 POST, valid', () => drive(url('/apply/step/3'), 303, { method: 'POST', headers: { ...signedIn, 'content-type': again.type }, body: again.body, rate: PACED_RATE })),
    'step1-get': { what: 'step 1 GET', baseline: 'bare-get', run: () => drive(url('/apply/step/1'), 200, { headers: signedIn }) },
    'step1-post': {
      what: 'step 1 POST (url-encoded; 303 to step 2, draft written)', baseline: 'bare-post',
      run: () => drive(url('/apply/step/1'), 303, { method: 'POST', headers: { ...signedIn, ...urlencoded }, body: form({ _csrf: csrf, agree: '1' }) }),
    },
    'staff-list-get': {
      what: `staff list GET (确认点 counter: the point's ${STAFF_LIST_ROWS} applications, counts by status, first page)`, baseline: 'bare-get',
      run: async () => {
        await prepareStaffList();
        return drive(url('/staff/counter'), 200, { headers: { cookie: staffCookie } });
      },
    },
  };

  // Page weight, gzip, HTML + the stylesheet (before the staff run, which ends 李明's draft).
  const weights: [string, number][] = [];
  if (!PROFILE) {
    const cssGz = zlib.gzipSync(fs.readFileSync(path.join(__dirname, '..', '..', 'public', 'css', 'site.css'))).length;
    for (const p of ['/me', '/platform', '/apply/step/1', '/apply/step/2', '/apply/step/3', '/apply/step/4', '/applications']) {
      const res = await browser.get(p);
      weights.push([p, zlib.gzipSync(res.body).length + cssGz]);
    }
  }
  const results: Record<string, Run> = {};
  const profiles: string[] = [];
  for (const [key, { run }] of Object.entries(runs)) {
    if (ONLY.length && !ONLY.includes(key)) continue;
    const file = path.join(profileDir, `${key}.cpuprofile`);
    const askServer = askOf(key.startsWith('bare') ? bare : app);
    if (PROFILE && runs[key].paced) continue;
    around = {
      before: async () => {
        await askServer({ latency: 'reset' }, 'latency');
        if (PROFILE && !key.startsWith('bare')) await ask({ profile: 'start' }, 'profiling');
      },
      after: async (r) => {
        r.server = await askServer<Run['server']>({ latency: 'report' }, 'latency');
        if (!PROFILE || key.startsWith('bare')) return;
        await ask({ profile: 'stop', file }, 'profiled');
        const s = summariseProfile(file, r.requests);
        profiles.push([`\n${key} (${file}): ${r.requests} requests, busy ${s.busyMsPerRequest.toFixed(3)} ms per request`,
          ...s.groups.map((g) => `${g.ms.toFixed(3).padStart(7)} ms ${(g.share * 100).toFixed(1).padStart(5)} %  ${g.name}`), '',
          ...s.areas.map((a) => `${a.ms.toFixed(3).padStart(7)} ms ${(a.share * 100).toFixed(1).padStart(5)} %  ${a.name}`), '',
          ...s.functions.map((f) => `${f.ms.toFixed(3).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`)].join('\n'));
      },
    };
    results[key] = await run();
    const sv = results[key].server;
    console.error(`${key}: ${results[key].rps.toFixed(0)} req/s, p50 ${results[key].p50} ms, p99 ${results[key].p99} ms, unexpected ${results[key].unexpected}${sv ? `; server side p50 ${sv.p50.toFixed(1)} ms, p99 ${sv.p99.toFixed(1)} ms, max ${sv.max.toFixed(0)} ms, CPU ${sv.cpuMsPerRequest.toFixed(3)} ms/request` : ''}`);
  }

  await stop(bare);
  await stop(app);
  client.close();

  if (PROFILE) {
    console.log(profiles.join('\n'));
    return;
  }

  const row = (key: string) => {
    const r = results[key];
    const b = runs[key].baseline;
    const base = b ? results[b] : undefined;
    const ratio = base ? `${(r.rps / base.rps).toFixed(2)}×` : '—';
    // The same ratio from CPU time: the bare handler's CPU per request over ours (what the ratio would be if
    // each had the cores to itself).
    const cpuRatio = base?.server && r.server ? `${(base.server.cpuMsPerRequest / r.server.cpuMsPerRequest).toFixed(2)}×` : '—';
    const sv = r.server ? `${r.server.p50.toFixed(1)} / ${r.server.p99.toFixed(1)} / ${r.server.max.toFixed(0)}` : '—';
    const cpu = r.server ? r.server.cpuMsPerRequest.toFixed(3) : '—';
    return `| ${runs[key].what} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${ratio} | ${cpu} | ${cpuRatio} | ${sv} | ${r.unexpected} |`;
  };
  const pacedRow = (key: string) => {
    const r = results[key];
    const sv = r.server ? `${r.server.p50.toFixed(1)} / ${r.server.p99.toFixed(1)} / ${r.server.max.toFixed(0)}` : '—';
    return `| ${runs[key].what} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.server ? r.server.cpuMsPerRequest.toFixed(3) : '—'} | ${sv} | ${r.unexpected} |`;
  };
  const full = Object.keys(results).filter((k) => !runs[k].paced);
  const atRate = Object.keys(results).filter((k) => runs[k].paced);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `# Page speed (${new Date().toISOString().slice(0, 10)}, ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version})`,
    '',
    `\`npm run bench\`: the app and the bare handler in separate processes, autocannon in a third, loopback, ${CONNECTIONS} connections,`,
    `${SECONDS} s per run after a 1 s warm-up${GZIP ? ', Accept-Encoding: gzip' : ', no Accept-Encoding'}. Sessions and drafts in SQLite (WAL). Ratio: requests/s against the bare handler of the same run;`,
    'ratio by CPU: the bare handler\'s CPU time per request over ours (process.cpuUsage in each server), steadier on a shared machine.',
    '',
    '| what | requests/s | p50 ms | p99 ms | ratio | CPU ms per request | ratio by CPU | in the server: p50 / p99 / max ms | unexpected |',
    '|---|---|---|---|---|---|---|---|---|',
    ...full.map(row),
    '',
    'Targets (issue 8): step 3 GET ≥ 0.5× and a valid step 3 POST ≥ 0.4× of the bare handler, p99 < 30 ms at 50 connections.',
    '',
    `At a fixed rate: ${PACED_RATE} requests/s offered over the same ${CONNECTIONS} connections (${(PACED_RATE / SEASON_PAGE_RATE).toFixed(1)}× the ${SEASON_PAGE_RATE} page requests/s of`,
    'the 10,000-teacher season), sent on an even schedule (bench/paced.ts), each latency counted from when its request was due. At full load the latency above is mostly the queue in front of',
    'the server (50 connections ÷ requests/s); here it is what a request waits when the server keeps up.',
    '',
    '| what | requests/s | p50 ms | p99 ms | max ms | CPU ms per request | in the server: p50 / p99 / max ms | unexpected |',
    '|---|---|---|---|---|---|---|---|',
    ...atRate.map(pacedRow),
    '',
    '| page | HTML + CSS, gzip (KB) |',
    '|---|---|',
    ...weights.map(([p, bytes]) => `| ${p} | ${(bytes / 1024).toFixed(1)} |`),
    '',
  ];
  writeSection('results.md', '# Page speed', lines);
}

runBench(main);
