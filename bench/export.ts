/*
 * npm run bench:export [-- --rows 100000]: 数据导出 of a plan holding that many applications, through HTTP, as a bureau
 * admin downloads it. Reports the time, rows/s, the file size, the time to the first byte, the server process's memory
 * over its baseline (RSS and JS heap, sampled every 50 ms without forcing collections, and after a full collection
 * at the end), and how long an applicant's page took meanwhile (GET /login every 250 ms). A point's third of the plan
 * runs first, so the two peaks show whether memory follows the row count (it should not). Writes the "Export" section
 * of bench/results.md.
 */
import http from 'node:http';
import os from 'node:os';
import { insertApplications } from './exportData';
import { demoCodeFrom, elapsedMs, percentiles, runBench, STAFF_CODE_PATH, startDemoApp, writeSection } from './support';

const MB = 1024 * 1024;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const gc = (global as { gc?: () => void }).gc ?? (() => undefined);

/** A staff session over plain HTTP: the login form's token and cookie, then the session cookie. */
async function staffCookie(port: number): Promise<string> {
  const get = (path: string, cookie = '') => new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ headers: res.headers, body }));
    }).on('error', reject);
  });
  const jarOf = (headers: http.IncomingHttpHeaders, before = '') => {
    const jar = new Map(before ? before.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string]) : []);
    for (const c of headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0];
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  };
  const post = (path: string, cookie: string, fields: Record<string, string>) => new Promise<string>((resolve, reject) => {
    const body = new URLSearchParams(fields).toString();
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      if (res.statusCode !== 303) return reject(new Error(`POST ${path}: ${res.statusCode}`));
      resolve(jarOf(res.headers, cookie));
    });
    req.on('error', reject);
    req.end(body);
  });
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const page = await get('/staff/login');
  const half = await post('/staff/login', jarOf(page.headers), { _csrf: tokenOf(page.body), username: 'bureauadmin', password: 'Demo#2026!' });
  // The 动态口令 step: the demo account's current code, from the page's 演示环境 note.
  const codePage = await get(STAFF_CODE_PATH, half);
  return post(STAFF_CODE_PATH, jarOf(codePage.headers, half), { _csrf: tokenOf(codePage.body), code: demoCodeFrom(codePage.body) });
}

interface Run { label: string; rows: number; ms: number; ttfbMs: number; bytes: number; rssPeak: number; heapPeak: number; heapAfterGc: number; probe: ReturnType<typeof percentiles> | null }

/** Downloads one export, counting bytes and dropping them; samples memory and probes an applicant page meanwhile. */
async function download(port: number, cookie: string, query: string, label: string, rows: number): Promise<Run> {
  gc();
  const base = process.memoryUsage();
  let rssPeak = 0, heapPeak = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss - base.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed - base.heapUsed);
  }, 50);
  const probes: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = process.hrtime.bigint();
      await new Promise<void>((resolve) => http.get({ host: '127.0.0.1', port, path: '/login' }, (res) => res.resume().on('end', () => resolve())).on('error', () => resolve()));
      probes.push(elapsedMs(t));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const start = process.hrtime.bigint();
  let ttfbMs = 0, bytes = 0;
  await new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: `/staff/export/download?${query}`, headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export: ${res.statusCode}`));
      res.on('data', (c: Buffer) => { if (!bytes) ttfbMs = elapsedMs(start); bytes += c.length; }).on('end', () => resolve());
    }).on('error', reject);
  });
  const ms = elapsedMs(start);
  probing = false;
  await probe;
  clearInterval(sampler);
  gc();
  return { label, rows, ms, ttfbMs, bytes, rssPeak, heapPeak, heapAfterGc: process.memoryUsage().heapUsed - base.heapUsed, probe: probes.length ? percentiles(probes) : null };
}

runBench(async () => {
  const rows = arg('rows', 100_000);
  const app = await startDemoApp();
  try {
    const bureau = await app.db('bureaus').where({ name: '台山市教育局' }).first('id', 'name');
    const plan = await app.db('plans').where({ bureau_id: bureau.id }).first();
    const points: { id: number; name: string }[] = await app.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').select('id', 'name');
    const t = process.hrtime.bigint();
    await insertApplications(app.db, rows, { bureauId: bureau.id, bureauName: bureau.name, planId: plan.id, points, from: plan.online_start, to: new Date().toISOString() });
    console.log(`inserted ${rows} applications in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
    const cookie = await staffCookie(app.port);
    const pointRows = Number((await app.db('applications').where({ plan_id: plan.id, point_id: points[0].id }).count({ n: '*' }))[0].n);
    const runs = [
      await download(app.port, cookie, `plan=${plan.id}&point=${points[0].id}`, `one point (${points[0].name})`, pointRows),
      await download(app.port, cookie, `plan=${plan.id}`, 'the whole plan', rows),
    ];
    const cpu = os.cpus();
    const mb = (n: number) => (n / MB).toFixed(1);
    writeSection('results.md', '## Export', [
      `## Export — ${rows.toLocaleString('en')} applications, SQLite (${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores ${cpu[0]?.model ?? ''}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)})`,
      '',
      '`npm run bench:export` (`-- --rows N`): GET /staff/export/download as the demo bureau admin, the body counted and dropped. Memory is the',
      'server process\'s (the benchmark shares it) over its level before the download: peaks sampled every 50 ms with no forced',
      'collection, and the JS heap after a full collection at the end. "Applicant page" is GET /login every 250 ms during the download.',
      '',
      '| export | rows | time | rows/s | file | first byte | RSS peak | JS heap peak | JS heap after GC | applicant page p50 / max |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| ${r.label} | ${r.rows.toLocaleString('en')} | ${(r.ms / 1000).toFixed(1)} s | ${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en')} | ${mb(r.bytes)} MB | ${Math.round(r.ttfbMs)} ms | +${mb(r.rssPeak)} MB | +${mb(r.heapPeak)} MB | ${mb(r.heapAfterGc)} MB | ${r.probe ? `${Math.round(r.probe.p50)} / ${Math.round(r.probe.max)} ms` : '—'} |`),
      '',
    ]);
  } finally {
    await app.close();
  }
});
