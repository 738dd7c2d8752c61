/* What the fault tests share: the app server as a child process, a small cookie-keeping HTTP client, applicants with complete drafts. */
import http from 'node:http';
import path from 'node:path';
import { fork, ChildProcess } from 'node:child_process';
import type { TestContext } from '../helpers/app';
import { TEST_NOW } from '../helpers/app';
import { newApplicant, completeDraft, Applicant } from '../helpers/applicants';

export interface Served { status: number; ms: number; url: string }

export interface ServerChild {
  port: number;
  pid: number;
  proc: ChildProcess;
  /** Server-side latencies of the responses sent so far (request parsed → response finished). */
  served(): Promise<Served[]>;
  /** Requests 流量控制 has admitted (body in) and not yet seen answered. */
  inFlight(): Promise<number>;
  /** Lets the photos held by HOLD_PHOTO_UPLOADS=1 go on. */
  releasePhotos(): void;
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * The database settings of a test app, for a server process on the same database (SQLite file or PostgreSQL) — and
 * the same data keys: its blind indexes and ciphertexts are only found and read with them.
 */
export function databaseEnv(ctx: TestContext): Record<string, string> {
  const keys = { DATA_KEY_FILE: ctx.config.dataKeyFile };
  return ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl, ...keys } : { SQLITE_PATH: ctx.config.sqlitePath, DATABASE_URL: '', ...keys };
}

/** Starts test/faults/child/server.ts on the database and resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<ServerChild> {
  const proc = fork(path.join(__dirname, 'child', 'server.ts'), [], {
    execArgv: ['-r', path.join(__dirname, 'child', 'register.js')],
    env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Shanghai', NODE_ENV: 'test', CAPTCHA: 'off', LOGIN_IP_LIMIT: '100000', FIXED_NOW: TEST_NOW.toISOString(), ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    proc.on('message', (m: { ready?: boolean; port?: number }) => { if (m.ready && m.port) resolve(m.port); });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  /** Asks the child for a report (`{ [key]: 'report' }`) and resolves with the value of its answer `{ [key]: … }`. */
  const report = <T>(key: 'served' | 'inFlight') => new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => { if (m[key] !== undefined) { proc.off('message', on); resolve(m[key] as T); } };
    proc.on('message', on);
    proc.send({ [key]: 'report' });
  });
  return {
    port, pid: proc.pid as number, proc, exited,
    served: () => report<Served[]>('served'),
    inFlight: () => report<number>('inFlight'),
    releasePhotos: () => { proc.send({ releasePhotos: true }); },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.send({ stop: true });
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }

/** One visitor over real HTTP: keeps its cookies (the session), posts url-encoded forms with the session's CSRF token. */
export class Client {
  private jar = new Map<string, string>();
  token = '';
  constructor(readonly port: () => number, private agent: http.Agent = new http.Agent({ keepAlive: true, maxSockets: 1 })) {}

  request(method: string, url: string, fields?: Record<string, string>, photo?: Buffer): Promise<Reply> {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | Buffer | undefined;
    if (photo && fields) {
      // multipart/form-data as a browser sends a form with a file: the fields, then the photo.
      const boundary = `----fault${Date.now().toString(36)}`;
      const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
      body = Buffer.concat([Buffer.from(parts.join('') + `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    } else if (fields) {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port(), method, path: url, headers, agent: this.agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => { text += d; });
        res.on('end', () => {
          for (const set of res.headers['set-cookie'] ?? []) {
            const pair = set.split(';')[0];
            const eq = pair.indexOf('=');
            if (pair.slice(eq + 1) && !/expires=Thu, 01 Jan 1970/i.test(set)) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
            else this.jar.delete(pair.slice(0, eq));
          }
          const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
          if (token) this.token = token;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: Number(process.hrtime.bigint() - started) / 1e6 });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  get(url: string) { return this.request('GET', url); }
  /** POSTs with the token of the last page this client loaded (a signed-in session keeps one token). */
  post(url: string, fields: Record<string, string>, photo?: Buffer) { return this.request('POST', url, { _csrf: this.token, ...fields }, photo); }

  async login(who: { idNumber: string; password: string }): Promise<void> {
    await this.get('/login');
    const res = await this.post('/login', { idNumber: who.idNumber, password: who.password });
    if (res.status !== 303) throw new Error(`login ${who.idNumber}: ${res.status}`);
    const page = await this.get('/me');
    if (page.status !== 200) throw new Error(`after login: ${page.status}`);
  }
  close() { this.agent.destroy(); }
}

/**
 * n applicants like 李明 (numbered from `from`), each with a complete 定期注册 draft up to 步骤六 (what 同意 submits).
 * The first draft is made through the journey's rules; the others are copies of it with their own certificate and
 * their own copy of the photo (as fast as a copy, where each photo through sharp would cost the setup seconds).
 */
export async function applicantsWithDrafts(ctx: TestContext, n: number, from = 1): Promise<Applicant[]> {
  const out: Applicant[] = [];
  let model: { answers: { details: { certificateId: number | string; photoFileId: number } } } | null = null;
  for (let i = 0; i < n; i += 1) {
    const a = await newApplicant(ctx, from + i);
    if (!model) {
      await completeDraft(ctx, a.account, a.certificateId);
      model = await ctx.container.services.drafts.find(a.account.id, 'registration');
    } else {
      const { id: _id, ...photo } = await ctx.db('files').where({ id: model.answers.details.photoFileId }).first();
      const [inserted] = await ctx.db('files').insert({ ...photo, account_id: a.account.id }).returning('id');
      const photoFileId = typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;
      const certificateId = typeof model.answers.details.certificateId === 'string' ? String(a.certificateId) : a.certificateId;
      await ctx.container.services.drafts.save(a.account.id, 'registration', { ...model, answers: { ...model.answers, details: { ...model.answers.details, certificateId, photoFileId } } });
    }
    out.push(a);
  }
  return out;
}

/** Runs `work` over the items, at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }));
  return results;
}

/** The 报名号 a 303 after 同意 leads to (/apply/done/<no>), or null. */
export const receiptNo = (reply: Reply): string | null => /\/done\/(\d+)$/.exec(String(reply.headers.location ?? ''))?.[1] ?? null;
