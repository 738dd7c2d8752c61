/*
 * npm run bench — page budgets of design.md, measured on this machine, loopback only, bounded in time:
 *  - throughput of a wizard page (step 3, signed in) against a bare Express + EJS + better-sqlite3
 *    handler measured in the same run (target: at least half);
 *  - server time per wizard step (sequential requests; target well under 10 ms);
 *  - weight of applicant pages, HTML + CSS gzip-compressed (target under 30 KB).
 * Results go to bench/pages-results.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import ejs from 'ejs';
import Database from 'better-sqlite3';
import { elapsedMs, httpClient, listen, percentiles, runBench, signedInBrowser, startDemoApp, writeResults } from './support';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONNECTIONS = 20;
const client = httpClient(CONNECTIONS);

async function load(port: number, urlPath: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  const end = Date.now() + DURATION_MS;
  let errors = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      const res = await client.request(port, 'GET', urlPath, headers);
      if (res.status !== 200) errors++;
      latencies.push(elapsedMs(t));
    }
  }));
  const { p50, p99 } = percentiles(latencies);
  return { rps: latencies.length / (DURATION_MS / 1000), p50, p99, errors };
}

async function main() {
  const demo = await startDemoApp();
  const { db, dir } = demo;
  const ours = { port: demo.port };

  // Sign in as 李明 and reach step 3 with plain form posts, as a browser without JavaScript would.
  const browser = await signedInBrowser(client, ours.port);
  const { get, post } = browser;
  const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await db('confirmation_points').where({ bureau_id: bureau.id }).first('id');
  await post('/apply/step/1', { agree: '1' });
  const s2 = await post('/apply/step/2', { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: String(bureau.id), pointId: String(point.id), action: 'next' });
  if (s2.status !== 303) throw new Error(`could not reach step 3 (${s2.status})`);
  const cookie = browser.cookie();

  // Baseline: a bare Express 5 + EJS + better-sqlite3 handler rendering a page of similar size.
  const raw = new Database(path.join(dir, 'bench.sqlite'), { readonly: true });
  const stmt = raw.prepare('select name from accounts where id = ?');
  const template = ejs.compile(`<!DOCTYPE html><html><body><h1><%= name %></h1><% for (let i = 0; i < 60; i++) { %><p class="row">第<%= i %>行 <%= name %> 教师资格定期注册</p><% } %></body></html>`);
  const bare = express();
  bare.get('/', (_req, res) => { res.send(template({ name: (stmt.get(1) as { name: string }).name })); });
  const baseline = await listen(bare);

  const stepPaths = ['/apply/step/1', '/apply/step/2', '/apply/step/3'];
  // Server time per step: sequential requests (one connection) after a warm-up.
  const perStep: Record<string, number> = {};
  for (const p of stepPaths) {
    for (let i = 0; i < 50; i++) await get(p);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = process.hrtime.bigint();
      await get(p);
      times.push(elapsedMs(t));
    }
    perStep[p] = percentiles(times).p50;
  }

  const base = await load(baseline.port, '/', {});
  const wizard = await load(ours.port, '/apply/step/3', { cookie });
  const small = await load(ours.port, '/apply/step/1', { cookie });
  const health = await load(ours.port, '/healthz', {});

  // Page weight, gzip, HTML + the stylesheet.
  const css = fs.readFileSync(path.join(__dirname, '..', '..', 'public', 'css', 'site.css'));
  const cssGz = zlib.gzipSync(css).length;
  const weights: [string, number][] = [];
  for (const p of ['/login', '/register', '/me', '/platform', ...stepPaths, '/applications']) {
    const res = await get(p);
    weights.push([p, zlib.gzipSync(res.body).length + cssGz]);
  }

  const lines = [
    `# Page benchmarks (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version})`,
    '',
    `Loopback, ${CONNECTIONS} keep-alive connections, ${DURATION_MS / 1000} s per run.`,
    '',
    '| what | requests/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|',
    `| bare Express + EJS + better-sqlite3 | ${base.rps.toFixed(0)} | ${base.p50.toFixed(2)} | ${base.p99.toFixed(2)} | ${base.errors} |`,
    `| wizard step 3 (signed in, session + CSRF + draft + certificates) | ${wizard.rps.toFixed(0)} | ${wizard.p50.toFixed(2)} | ${wizard.p99.toFixed(2)} | ${wizard.errors} |`,
    `| wizard step 1 (signed in, small page) | ${small.rps.toFixed(0)} | ${small.p50.toFixed(2)} | ${small.p99.toFixed(2)} | ${small.errors} |`,
    `| /healthz (no session; one query) | ${health.rps.toFixed(0)} | ${health.p50.toFixed(2)} | ${health.p99.toFixed(2)} | ${health.errors} |`,
    '',
    `Wizard throughput is **${((wizard.rps / base.rps) * 100).toFixed(0)} %** of the baseline (target ≥ 50 %).`,
    '',
    '| wizard step | median time, one client (ms) |',
    '|---|---|',
    ...Object.entries(perStep).map(([p, ms]) => `| ${p} | ${ms.toFixed(2)} |`),
    '',
    '| page | HTML + CSS, gzip (KB) |',
    '|---|---|',
    ...weights.map(([p, bytes]) => `| ${p} | ${(bytes / 1024).toFixed(1)} |`),
    '',
  ];
  writeResults('pages-results.md', lines);

  baseline.server.close();
  client.close();
  raw.close();
  await demo.close();
}

runBench(main);
