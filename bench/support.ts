/* What the benchmarks share: a loopback HTTP client, the demo app on a temporary SQLite file, a browser-like
 * signed-in client (cookie + CSRF token from the page), percentiles, and writing a results file. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, Config } from '../src/config';
import { FixedClock } from '../src/clock';
import { createDb, migrateLatest, Db } from '../src/db/knex';
import { createContainer, Container } from '../src/container';
import { createApp } from '../src/app';
import { createHttpServer } from '../src/httpServer';
import { seedDemo, seedReferenceData, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../seeds';

export interface Response { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

export function httpClient(maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    request(port: number, method: string, urlPath: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Response> {
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

/** The demo county on a fresh SQLite file, served on a free loopback port, without the limits that would skew a benchmark. */
export async function startDemoApp(env: NodeJS.ProcessEnv = {}): Promise<{
  dir: string; config: Config; db: Db; container: Container; server: http.Server; port: number; close(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-'));
  const config = loadConfig({ ...env, NODE_ENV: 'test', CAPTCHA: 'off', SQLITE_PATH: path.join(dir, 'bench.sqlite'), DATA_KEY_FILE: path.join(dir, 'keys.json'), MAX_IN_FLIGHT: '10000', LOGIN_IP_LIMIT: '100000', DATABASE_URL: '' });
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  const now = new Date();
  await seedDemo(db, now);
  const container = createContainer(db, config, new FixedClock(now));
  // As src/server.ts: the seed's rows are encrypted (and indexed) before serving.
  await container.services.protection.sealLegacyRows();
  // The server as src/server.ts makes it (socket timeouts), on a free loopback port.
  const server = createHttpServer(createApp(container), config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
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

/**
 * A browser without JavaScript signed in (by default as the first demo applicant; `as` names another sign-in
 * form, e.g. a staff user's): keeps its cookies, posts forms with the page's token.
 */
export async function signedInBrowser(client: HttpClient, port: number,
  as: { path: string; fields: Record<string, string> } = { path: '/login', fields: { idNumber: DEMO_ACCOUNTS[0].idNumber, password: DEMO_PASSWORD } }) {
  // A small cookie jar: the visitor's CSRF cookie before login, the session cookie after (a cleared cookie is dropped).
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keepCookie = (h: http.IncomingHttpHeaders) => {
    for (const set of h['set-cookie'] ?? []) {
      const pair = set.split(';')[0];
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value && !/expires=Thu, 01 Jan 1970/i.test(set)) jar.set(name, value);
      else jar.delete(name);
    }
  };
  const get = async (p: string) => {
    const res = await client.request(port, 'GET', p, { cookie: cookieHeader() });
    keepCookie(res.headers);
    return res;
  };
  const post = async (p: string, fields: Record<string, string>) => {
    const page = await get(p);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token, ...fields }).toString();
    const res = await client.request(port, 'POST', p, { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }, body);
    keepCookie(res.headers);
    return res;
  };
  const login = await post(as.path, as.fields);
  if (login.status !== 303) throw new Error(`login: ${login.status}`);
  if (login.headers.location === STAFF_CODE_PATH) {
    const code = demoCodeFrom((await get(STAFF_CODE_PATH)).body.toString());
    const done = await post(STAFF_CODE_PATH, { code });
    if (done.status !== 303) throw new Error(`动态口令: ${done.status}`);
  }
  return { get, post, cookie: cookieHeader };
}

/** The 动态口令 step of a staff sign-in. */
export const STAFF_CODE_PATH = '/staff/login/code';

/** The current code a demo (or bench) staff account's 动态口令 page shows in its 演示环境 note, as someone trying the demo reads it. */
export function demoCodeFrom(html: string): string {
  const code = /当前动态口令为 <code>(\d{6})<\/code>/.exec(html)?.[1];
  if (!code) throw new Error('no 演示环境 code on the 动态口令 page');
  return code;
}

export { percentiles, elapsedMs } from './meter';

/**
 * Writes one section of bench/<file> (from dist/bench/ at run time) and prints it: the part from the line
 * starting with `heading` to the next heading is replaced (appended when absent), so the page and
 * PDF benchmarks share bench/results.md without overwriting each other.
 */
export function writeSection(file: string, heading: string, lines: string[]): void {
  const target = path.join(__dirname, '..', '..', 'bench', file);
  const section = lines.join('\n').replace(/\n*$/, '\n');
  const old = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  const all = old.split('\n');
  const start = all.findIndex((l) => l.startsWith(heading));
  let out: string;
  if (start < 0) out = old ? `${old.replace(/\n*$/, '\n')}\n${section}` : section;
  else {
    // The section ends at the next heading of any level: these sections have none of their own, and the season
    // runs' "## Season …" sections follow the PDF one (ending at "# " only erased them).
    const rel = all.slice(start + 1).findIndex((l) => /^#{1,6} /.test(l));
    const end = rel < 0 ? all.length : start + 1 + rel;
    const rest = all.slice(end).join('\n');
    out = [all.slice(0, start).join('\n'), section, rest].filter((part) => part.trim()).join('\n').replace(/\n*$/, '\n');
  }
  fs.writeFileSync(target, out);
  console.log(section);
}

export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Memory of a process tree in bytes: PSS where the kernel gives it (shared pages split fairly), else RSS.
 * `descendantsOnly` leaves the root out (Chromium and its helpers, children of a server process).
 */
export function treeMemory(rootPid: number, descendantsOnly = false): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone */ }
  }
  let total = 0;
  const stack = descendantsOnly ? [...(children.get(rootPid) ?? [])] : [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      total += Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      try { total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096; } catch { /* gone */ }
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

