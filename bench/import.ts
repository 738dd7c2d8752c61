/*
 * npm run bench:import — 数据导入 of 100,000 certificate rows (BENCH_IMPORT_ROWS) while applicants use the wizard.
 *  - the app runs as a child process (bench/appServer.ts: the demo county on a temporary SQLite file), as in `npm run bench`;
 *  - this process writes a real .xlsx (exceljs's streaming writer, shared strings as Excel writes them), signs in the
 *    bureau admin and uploads it through the page, polls the job page as the browser's refresh does, confirms the import,
 *    and polls again to the end;
 *  - all the while applicants GET step 3 as 李明 at BENCH_IMPORT_RATE requests a second (default 20, open loop: a request
 *    is sent on time even while earlier ones wait, as independent people would), and the same load runs for
 *    BENCH_SECONDS (default 5) before the upload as the baseline. (A closed loop that keeps the server 100% busy with
 *    page views would measure how the CPU is shared, not whether the pages stay responsive.)
 * Reports the dry run's and the import's time and rows/s, and step 3 GET p50/p99 before and during; writes the
 * "Import" section of bench/results.md. (A separate script rather than a run of bench/pages.ts: the import is one long
 * job, not a request to load with autocannon.)
 */
import { fork, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { gb11643CheckChar } from '../src/domain/identity';
import { DEMO_STAFF_PASSWORD } from '../seeds';
import { demoCodeFrom, elapsedMs, httpClient, percentiles, runBench, signedInBrowser, STAFF_CODE_PATH, writeSection } from './support';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const RATE = Number(process.env.BENCH_IMPORT_RATE ?? 20); // applicant step-3 GETs per second, arriving whatever the server's state
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const client = httpClient(64);

const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

function start(script: string): Promise<{ proc: ChildProcess; info: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const proc = fork(path.join(__dirname, script), [], { env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(proc);
    proc.once('message', (msg) => resolve({ proc, info: msg as Record<string, number> }));
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

/** 100,000 distinct, valid certificates: ID numbers with their check digit, the 10th digit of the number its 资格种类. */
async function writeWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('证书');
  ws.addRow(['证书号码', '持证人', '证件号码', '资格种类', '任教学科', '签发日期', '认定机构', '状态']).commit();
  const subjects = ['语文', '数学', '外语', '物理', '化学'];
  for (let i = 0; i < ROWS; i++) {
    const qual = String(2 + (i % 3)); // 小学, 初中, 高中
    const birth = new Date(Date.UTC(1965 + (i % 35), (i * 7) % 12, 1 + (i % 28)));
    const first17 = `440781${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`;
    const id = first17 + gb11643CheckChar(first17);
    const certNumber = `2010447814${String(i).padStart(7, '0')}`.slice(0, 9) + qual + String(i).padStart(7, '0');
    ws.addRow([certNumber, `测试教师${i}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]), id, qual, subjects[i % subjects.length],
      `20${String(10 + (i % 15)).padStart(2, '0')}-07-01`, '台山市教育局', i % 500 === 0 ? '撤销' : '有效']).commit();
  }
  ws.commit();
  await wb.commit();
}

/** The bureau admin, signed in through /staff/login with a small cookie jar. */
async function staffSession(port: number) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (h: http.IncomingHttpHeaders) => {
    for (const set of h['set-cookie'] ?? []) {
      const [pair] = set.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const get = async (p: string) => {
    const res = await client.request(port, 'GET', p, { cookie: cookie() });
    keep(res.headers);
    return res;
  };
  const token = async (p: string) => /name="_csrf" value="([^"]+)"/.exec((await get(p)).body.toString())?.[1] ?? '';
  const form = async (p: string, from: string, fields: Record<string, string>) => {
    const body = new URLSearchParams({ _csrf: await token(from), ...fields }).toString();
    const res = await client.request(port, 'POST', p, { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }, body);
    keep(res.headers);
    return res;
  };
  const login = await form('/staff/login', '/staff/login', { username: 'bureauadmin', password: DEMO_STAFF_PASSWORD });
  if (login.status !== 303) throw new Error(`staff login: ${login.status}`);
  const code = demoCodeFrom((await get(STAFF_CODE_PATH)).body.toString());
  const done = await form(STAFF_CODE_PATH, STAFF_CODE_PATH, { code });
  if (done.status !== 303) throw new Error(`动态口令: ${done.status}`);
  return { get, form, token, cookie };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-import-'));
  const file = path.join(dir, 'certificates.xlsx');
  let t = process.hrtime.bigint();
  await writeWorkbook(file);
  const fileBytes = fs.statSync(file).size;
  console.log(`wrote ${ROWS} rows, ${(fileBytes / 1024 / 1024).toFixed(1)} MB in ${(elapsedMs(t) / 1000).toFixed(1)} s`);

  const app = await start('appServer.js');
  const { port, bureauId, pointId } = app.info;
  const applicant = await signedInBrowser(client, port);
  await applicant.post('/apply/step/1', { agree: '1' });
  await applicant.post('/apply/step/2', { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: String(bureauId), pointId: String(pointId), action: 'next' });
  if ((await applicant.get('/apply/step/3')).status !== 200) throw new Error('step 3 not reachable');
  const applicantCookie = applicant.cookie();

  // Applicants: one step 3 GET every 1/RATE s until told to stop; every answer must be a 200.
  let stopLoad = false;
  let latencies: number[] = [];
  let failures = 0;
  const load = async () => {
    const pending: Promise<void>[] = [];
    const begin = process.hrtime.bigint();
    for (let n = 0; !stopLoad; n++) {
      const due = (n * 1000) / RATE - elapsedMs(begin);
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      const s = process.hrtime.bigint();
      pending.push(client.request(port, 'GET', '/apply/step/3', { cookie: applicantCookie }).then((res) => {
        latencies.push(elapsedMs(s));
        if (res.status !== 200) failures++;
      }, () => { failures++; }));
    }
    await Promise.all(pending);
  };
  const measure = async (work: () => Promise<void>) => {
    stopLoad = false; latencies = []; failures = 0;
    const running = load();
    await work();
    stopLoad = true;
    await running;
    return { ...percentiles(latencies), n: latencies.length, failures };
  };

  const baseline = await measure(() => new Promise((r) => setTimeout(r, SECONDS * 1000)));

  const staff = await staffSession(port);
  const boundary = '----benchImport7MA4YWxk';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${await staff.token('/staff/import')}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncertificates\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="certificates.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  const body = Buffer.concat([head, fs.readFileSync(file), Buffer.from(`\r\n--${boundary}--\r\n`)]);

  /** Polls the job page every 0.5 s (as the page's refresh does, faster) until `done` matches. */
  const waitFor = async (location: string, done: RegExp) => {
    for (;;) {
      const page = (await staff.get(`${location}/status`)).body.toString();
      if (done.test(page)) return page;
      if (/无法导入|导入失败/.test(page)) throw new Error(`import failed: ${page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 400)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  let location = '';
  let dryRunMs = 0;
  let importMs = 0;
  let plan = '';
  let result = '';
  const during = await measure(async () => {
    t = process.hrtime.bigint();
    const up = await client.request(port, 'POST', '/staff/import', { cookie: staff.cookie(), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) }, body);
    if (up.status !== 303) throw new Error(`upload: ${up.status} ${up.body.toString().slice(0, 300)}`);
    location = String(up.headers.location);
    plan = (await waitFor(location, /确认导入/)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    dryRunMs = elapsedMs(t);
    t = process.hrtime.bigint();
    const run = await staff.form(`${location}/run`, location, {});
    if (run.status !== 303) throw new Error(`run: ${run.status}`);
    result = (await waitFor(location, /导入完成/)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    importMs = elapsedMs(t);
  });
  const { proc } = app;
  proc.removeAllListeners('exit');
  proc.send({ stop: true });
  client.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const created = /新增 (\d+)/.exec(result)?.[1];
  const f = (n: number) => n.toFixed(1);
  writeSection('results.md', '## Import', [
    '## Import',
    '',
    `\`npm run bench:import\` (bench/import.ts), ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, SQLite: ${ROWS} certificate rows in one .xlsx (${f(fileBytes / 1024 / 1024)} MB),`,
    `uploaded through /staff/import, then 确认导入; applicants GET step 3 at ${RATE}/s throughout (open loop).`,
    '',
    '| phase | time | rows/s |',
    '|---|---|---|',
    `| dry run (upload, read, check, classify) | ${f(dryRunMs / 1000)} s | ${Math.round(ROWS / (dryRunMs / 1000))} |`,
    `| import (batches of 1,000, one transaction each) | ${f(importMs / 1000)} s | ${Math.round(ROWS / (importMs / 1000))} |`,
    `| both | ${f((dryRunMs + importMs) / 1000)} s | ${Math.round(ROWS / ((dryRunMs + importMs) / 1000))} |`,
    '',
    `Rows written: ${created ?? '?'} new. Plan: ${/数据行 \d+ 可以导入 [^不]+/.exec(plan)?.[0] ?? '?'}`,
    '',
    '| applicant step 3 GET | requests | p50 ms | p99 ms | max ms | not 200 |',
    '|---|---|---|---|---|---|',
    `| before the import (${SECONDS} s) | ${baseline.n} | ${f(baseline.p50)} | ${f(baseline.p99)} | ${f(baseline.max)} | ${baseline.failures} |`,
    `| during dry run + import | ${during.n} | ${f(during.p50)} | ${f(during.p99)} | ${f(during.max)} | ${during.failures} |`,
  ]);
}

runBench(main);
