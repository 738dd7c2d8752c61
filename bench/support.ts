/* What the benchmarks share: a loopback HTTP client, the demo app on a temporary SQLite file, a browser-like
 * signed-in client (cookie + CSRF token from the page), percentiles, and writing a results file. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { loadConfig, Config } from '../src/config';
import { FixedClock } from '../src/clock';
import { createDb, migrateLatest, Db } from '../src/db/knex';
import { createContainer, Container } from '../src/container';
import { createApp } from '../src/app';
import { seedDemo, seedReferenceData, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../seeds';

export interface Response { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

export function httpClient(maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
      return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
export type HttpClient = ReturnType<typeof httpClient>;

export function listen(app: Express): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/** The demo county on a fresh SQLite file, served on a free loopback port, without the limits that would skew a benchmark. */
export async function startDemoApp(env: NodeJS.ProcessEnv = {}): Promise<{
  dir: string; config: Config; db: Db; container: Container; server: http.Server; port: number; close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-'));
  const config = loadConfig({ ...env, NODE_ENV: 'test', CAPTCHA: 'off', SQLITE_PATH: path.join(dir, 'bench.sqlite'), MAX_IN_FLIGHT: '10000', LOGIN_IP_LIMIT: '100000', DATABASE_URL: '' });
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  const now = new Date();
  await seedDemo(db, now);
  const container = createContainer(db, config, new FixedClock(now));
  const { server, port } = await listen(createApp(container));
  return {
    dir, config, db, container, server, port,
    async close() {
      await container.close();
      server.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser without JavaScript signed in as the first demo applicant: keeps its cookie, posts forms with the page's token. */
export async function signedInBrowser(client: HttpClient, port: number) {
  let cookie = '';
  const keepCookie = (h: http.IncomingHttpHeaders) => {
    const set = h['set-cookie']?.[0];
    if (set) cookie = set.split(';')[0];
  };
  const get = async (p: string) => {
    const res = await client.request(port, 'GET', p, { cookie });
    keepCookie(res.headers);
    return res;
  };
  const post = async (p: string, fields: Record<string, string>) => {
    const page = await get(p);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token, ...fields }).toString();
    const res = await client.request(port, 'POST', p, { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }, body);
    keepCookie(res.headers);
    return res;
  };
  const login = await post('/login', { idNumber: DEMO_ACCOUNTS[0].idNumber, password: DEMO_PASSWORD });
  if (login.status !== 303) throw new Error(`login: ${login.status}`);
  return { get, post, cookie: () => cookie };
}

export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Writes bench/<name> (from dist/bench/ at run time) and prints it. */
export function writeResults(name: string, lines: string[]): void {
  const out = lines.join('\n');
  fs.writeFileSync(path.join(__dirname, '..', '..', 'bench', name), out);
  console.log(out);
}

export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
