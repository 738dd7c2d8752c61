/*
 * Issue 13: nothing sensitive in the logs. The server runs as its own process (test/helpers/instanceServer.ts, built
 * as src/server.ts builds it) with its stdout and stderr captured; a new teacher registers, passes 实名认证, walks the
 * wizard, submits and downloads the 申请表, makes the mistakes people make (a wrong password, a malformed form), and
 * staff sign in, find the application by the ID number and conclude it. Notices go out as in production: an HTTP SMS
 * gateway (run here; it fails once the codes are sent, so the status notices fail and are logged) and an SMTP server
 * (run here) that refuses the recipient, naming the address in its answer as real servers do. Then the whole log is
 * searched for the ID number, the mobile, the e-mail and the passwords, in any spelling a log could use.
 */
import { PLAIN } from '../helpers/applicants';
import { totpCode } from '../../src/domain/totp';
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Knex } from 'knex';
import { createDb, migrateLatest } from '../../src/db/knex';
import { loadConfig } from '../../src/config';
import { seedDemo, seedReferenceData, DEMO_STAFF_PASSWORD, demoTotpSecretOf } from '../../seeds';
import { csrfFrom, TEST_NOW } from '../helpers/app';
import { BUREAU, cameraPhoto, DETAILS } from '../helpers/wizard';
import { CHROMIUM_PATH } from '../helpers/browser';

jest.setTimeout(180_000);

const TEACHER = {
  idType: '1', idNumber: '44078119900315702X', name: '周晓燕', password: 'Qz#8842secret', password2: 'Qz#8842secret',
  email: 'zhouxy.private@example.com', mobile: '13926540817', agree: '1',
};
const NEW_PASSWORD = 'Wm$5531hidden';

let dir: string;
let db: Knex;
let child: ChildProcess;
let base: string;
const output: string[] = [];
const sms: Array<{ mobile: string; text: string }> = [];
let gatewayFails = false;
const servers: Array<http.Server | net.Server> = [];

const listen = async <S extends http.Server | net.Server>(server: S): Promise<number> => {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
};

/** An SMS gateway (the production notifier's contract: POST JSON {mobile, text}). */
const smsGateway = () => http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
  req.on('end', () => {
    if (gatewayFails) return void res.writeHead(503).end(`mobile ${JSON.parse(body).mobile} unavailable`);
    sms.push(JSON.parse(body) as { mobile: string; text: string });
    res.writeHead(200).end('ok');
  });
});

/** An SMTP server that refuses every recipient and names it in the answer. */
const refusingSmtp = () => net.createServer((socket) => {
  socket.write('220 mail.example.com ESMTP\r\n');
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO' || verb === 'MAIL' || verb === 'RSET') socket.write('250 OK\r\n');
      else if (verb === 'RCPT') socket.write(`550 5.1.1 <${/<([^>]*)>/.exec(line)?.[1]}>: Recipient address rejected: User unknown\r\n`);
      else if (verb === 'QUIT') socket.end('221 Bye\r\n');
      else socket.write('502 5.5.2 Error: command not recognized\r\n');
    }
  });
  socket.on('error', () => undefined);
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-logs-'));
  const env = {
    NODE_ENV: 'test', CAPTCHA: 'off', SQLITE_PATH: path.join(dir, 'app.sqlite'), CHROMIUM_PATH,
    IDENTITY_LIST_PATH: path.join(dir, 'identities.csv'), INSTANCE_NOW: TEST_NOW.toISOString(),
    DATA_KEY_FILE: path.join(dir, 'keys.json'),
    NOTIFY_TRANSPORT: 'smtp', SMS_GATEWAY_URL: `http://127.0.0.1:${await listen(smsGateway())}/sms`,
    SMTP_URL: `smtp://127.0.0.1:${await listen(refusingSmtp())}`,
  };
  fs.writeFileSync(env.IDENTITY_LIST_PATH, `${TEACHER.idNumber},${TEACHER.name}\n`);
  db = createDb(loadConfig(env));
  await migrateLatest(db);
  await seedReferenceData(db);
  await seedDemo(db, TEST_NOW);
  await certificateFor(db, TEACHER.idNumber, TEACHER.name);
  child = fork(path.join(__dirname, '..', 'helpers', 'instanceServer.ts'), [], {
    env: { ...process.env, ...env }, execArgv: ['-r', path.join(__dirname, '..', 'helpers', 'tsRegister.js')], silent: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (msg: { port: number }) => resolve(msg.port));
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output.join('')}`)));
  });
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ stop: true });
    await exited;
  }
  await db?.destroy();
  for (const server of servers) server.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A certificate due for registration, like 李明's first one (with its two registration records), for another person. */
async function certificateFor(knex: Knex, idNumber: string, name: string) {
  const li = await knex('certificates').where({ cert_number: '20094478131000123' }).first();
  const { id: liId, ...row } = li;
  const [inserted] = await knex('certificates').insert({ ...row, cert_number: '20094478132000777', holder_name: name, id_number: idNumber, account_id: null, ...PLAIN.certificates }).returning('id');
  const id = typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;
  for (const { id: _r, ...r } of await knex('registration_records').where({ certificate_id: liId })) await knex('registration_records').insert({ ...r, certificate_id: id });
  return id;
}

/** A demo staff member through both steps: the password, then the 动态口令 of the demo's public secret at the server's clock. */
async function staffSignIn(username: string) {
  const b = visitor();
  expect((await b.submit('/staff/login', { username, password: DEMO_STAFF_PASSWORD })).status).toBe(303);
  expect((await b.submit('/staff/login/code', { code: totpCode(demoTotpSecretOf(username) as string, TEST_NOW.getTime()) })).status).toBe(303);
  return b;
}

/** A browser without JavaScript against the server process. */
function visitor() {
  const agent = request.agent(base);
  return {
    agent,
    get: (url: string) => agent.get(url),
    async submit(pageUrl: string, fields: Record<string, string | string[]>, postUrl = pageUrl) {
      const page = await agent.get(pageUrl);
      if (!/name="_csrf"/.test(page.text)) throw new Error(`no form at ${pageUrl}: ${page.status} ${page.headers.location ?? page.text.slice(0, 300)}`);
      const token = csrfFrom(page.text);
      return agent.post(postUrl).type('form').send({ _csrf: token, ...fields });
    },
  };
}

const smsCode = (mobile: string): string => /(\d{6})/.exec(sms.filter((m) => m.mobile === mobile).pop()?.text ?? '')?.[1] as string;

test('a whole season of one teacher and the staff who handle it leaves no ID number, mobile, e-mail or password in the logs', async () => {
  const t = visitor();
  // 账号注册 (with the SMS code), a wrong password, then the right one.
  expect((await t.submit('/register', { ...TEACHER, action: 'send-sms' })).status).toBe(200);
  expect((await t.submit('/register', { ...TEACHER, smsCode: smsCode(TEACHER.mobile), action: 'register' })).status).toBe(303);
  expect((await t.submit('/login', { idNumber: TEACHER.idNumber, password: 'Wrong#Pass123' })).status).toBe(422);
  expect((await t.submit('/login', { idNumber: TEACHER.idNumber, password: TEACHER.password })).status).toBe(303);
  gatewayFails = true; // from now on every notice fails, and is logged
  // 补充个人身份信息, 实名认证, then a password change.
  expect((await t.submit('/me/complete', { ethnicityCode: '01', validity: '20', validFrom: '2015-03-01' })).status).toBe(303);
  expect((await t.submit('/me/realname', { name: TEACHER.name })).status).toBe(303);
  const changed = await t.submit('/me/password', { oldPassword: TEACHER.password, password: NEW_PASSWORD, password2: NEW_PASSWORD });
  expect([200, 303]).toContain(changed.status);

  // The wizard, step 3 as multipart with a photo, and the submission.
  const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const cert = await db('certificates').where({ cert_number: '20094478132000777' }).first('id');
  expect((await t.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  expect((await t.submit('/apply/step/2', { ...BUREAU, bureauId: String(bureau.id), pointId: String(point.id), action: 'next' })).status).toBe(303);
  const token = csrfFrom((await t.get('/apply/step/3')).text);
  let step3 = t.agent.post('/apply/step/3').field('_csrf', token);
  for (const [k, v] of Object.entries({ ...DETAILS, certificateId: String(cert.id) })) step3 = step3.field(k, v);
  expect((await step3.attach('photo', await cameraPhoto(), 'photo.jpg')).status).toBe(303);
  for (const step of [4, 5]) expect((await t.submit(`/apply/step/${step}`, {})).status).toBe(303);
  const done = await t.submit('/apply/step/6', { promise: 'agree' });
  const no = /\/apply\/done\/(\d{8})$/.exec(done.headers.location ?? '')?.[1] as string;
  expect(no).toBeDefined();
  expect((await t.get(`/applications/${no}/form.pdf`)).status).toBe(200);
  // Broken requests: a malformed multipart body and a form without its token, both carrying the ID number.
  await t.agent.post('/apply/step/3').set('Content-Type', 'multipart/form-data; boundary=x').send(`--x\r\nContent-Disposition: form-data; name="idNumber"\r\n\r\n${TEACHER.idNumber}`);
  await t.agent.post('/login').type('form').send({ idNumber: TEACHER.idNumber, password: TEACHER.password });

  // Staff: the operator finds it by the ID number and confirms the materials; the reviewer concludes it.
  const operator = await staffSignIn('operator');
  expect((await operator.get(`/staff/counter?idNumber=${TEACHER.idNumber}`)).status).toBe(200);
  const page = await operator.get(`/staff/applications/${no}`);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] as string;
  expect((await operator.submit(`/staff/applications/${no}`, { action: 'confirmComplete', version }, `/staff/applications/${no}/transition`)).status).toBe(303);
  const reviewer = await staffSignIn('reviewer');
  const reviewPage = await reviewer.get(`/staff/applications/${no}`);
  const v2 = /name="version" value="(\d+)"/.exec(reviewPage.text)?.[1] as string;
  expect((await reviewer.submit(`/staff/applications/${no}`, { action: 'approve', version: v2 }, `/staff/applications/${no}/transition`)).status).toBe(303);
  expect((await db('applications').where({ application_no: no }).first()).status).toBe('注册合格');
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the notices after the commit fail, and their lines reach the pipe
  expect(output.join('')).toContain('[notify]'); // the failures were logged: the search below reads real lines

  const log = output.join('');
  if (process.env.SHOW_LOG) console.log(log);
  const secrets = [TEACHER.idNumber, TEACHER.idNumber.toLowerCase(), TEACHER.mobile, TEACHER.email, TEACHER.password, NEW_PASSWORD, DEMO_STAFF_PASSWORD,
    encodeURIComponent(TEACHER.email), encodeURIComponent(TEACHER.password), encodeURIComponent(NEW_PASSWORD), encodeURIComponent(DEMO_STAFF_PASSWORD)];
  for (const secret of secrets) expect([secret, log.includes(secret)]).toEqual([secret, false]);
});
