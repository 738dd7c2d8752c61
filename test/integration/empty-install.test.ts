import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { runAdmin } from '../../src/cli/admin';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/clock';
import { createDb, migrateLatest } from '../../src/db/knex';
import { createContainer, Container } from '../../src/container';
import { createApp } from '../../src/app';
import { localDate } from '../../src/domain/dates';
import { gb11643CheckChar } from '../../src/domain/identity';
import { IMPORT_COLUMNS } from '../../src/domain/importKinds';
import { seedReferenceData } from '../../seeds';
import { M } from '../../src/messages';
import { Browser, createPgDatabase, csrfFrom } from '../helpers/app';
import { cameraPhoto, DETAILS } from '../helpers/wizard';
import { enrolmentSecretFrom } from '../helpers/staff';
import { totpCode } from '../../src/domain/totp';
import { ENGINES, Engine } from '../helpers/db';

/**
 * The first season of a bureau on an empty production install, as README's 从空库开始 tells it, through real HTTP only:
 * what `npm start` does in production (migrations and the reference seed, no demo) → `npm run admin -- init` (the
 * CLI's entry function) → the 系统管理员 signs in at /staff/login and creates the 机构管理员 → the 机构管理员 fills in
 * 机构信息, creates a 确认点 and its 确认点操作员, a 网报计划 open today, and imports certificates from an .xlsx (dry
 * run, 确认导入, the job page watched until done) → a teacher registers, signs in, passes 实名认证 and chooses the new
 * bureau and point in step 2, reaching step 3 with the imported certificate offered.
 *
 * Production mode in full: NODE_ENV=production, captchas on (answered from the captcha service, as a person reads the
 * picture), the SMTP + HTTP SMS gateway notifier (the gateway is a small HTTP server here, where the teacher's SMS code
 * is read), the system clock, and the identity verifier production builds: the local one (document-number rules and
 * name rules; IDENTITY_LIST_PATH unset), since no national verification service is wired into the system.
 */

const SECRET = 'a-production-session-secret-of-forty-chars!';
const SYSADMIN_PASSWORD = 'Strong#2026';
const ADMIN_PASSWORD = 'Bureau#2026';
const OPERATOR_PASSWORD = 'Point#2026a';
const REVIEWER_PASSWORD = 'Review#2026';
const TEACHER = {
  idNumber: ((first17: string) => first17 + gb11643CheckChar(first17))('44078119880612003'),
  name: '周文华', password: 'Teach#2026', mobile: '13902220001', email: 'zhouwenhua@example.com',
};
const CERT_NUMBER = '20104478132000456'; // 10th digit 3: 初级中学教师资格
const BUREAU_NAME = '台山市教育局';
const POINT_NAME = '台城街道中心小学确认点';

/** An HTTP SMS gateway as README describes it (POST JSON {mobile, text}), keeping what it was sent. */
async function smsGateway() {
  const sent: { mobile: string; text: string }[] = [];
  const state = { down: false }; // a gateway that answers 502, as one does during an outage
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      if (state.down) return void res.writeHead(502).end();
      sent.push(JSON.parse(body) as { mobile: string; text: string });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    sent,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An empty database of the engine and the production environment that points at it. */
async function emptyInstall(engine: Engine, smsUrl: string): Promise<{ env: NodeJS.ProcessEnv; close(): Promise<void> }> {
  const base = {
    NODE_ENV: 'production', SESSION_SECRET: SECRET, NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:9', SMS_GATEWAY_URL: smsUrl,
    CHROMIUM_PATH: '/nonexistent/chromium',
  };
  if (engine === 'postgres') {
    const pg = await createPgDatabase(process.env.TEST_DATABASE_URL!);
    return { env: { ...base, DATABASE_URL: pg.url }, close: () => pg.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-empty-'));
  return { env: { ...base, SQLITE_PATH: path.join(dir, 'app.sqlite') }, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');

/** The href of the link whose text is `label` (as a person clicks it by its words). */
function linkTo(html: string, label: string): string {
  for (const m of html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (plain(m[2]).trim() === label) return m[1].replace(/&amp;/g, '&');
  }
  throw new Error(`no link “${label}” on the page: ${plain(html).slice(0, 600)}`);
}

/** The value of the option labelled `label` in the select `name`. */
function optionValue(html: string, name: string, label: string): string {
  const select = new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0];
  if (!select) throw new Error(`no select ${name} on the page`);
  for (const m of select.matchAll(/<option[^>]*value="([^"]*)"[^>]*>([\s\S]*?)<\/option>/g)) {
    if (plain(m[2]).includes(label)) return m[1];
  }
  throw new Error(`select ${name} offers no “${label}”: ${plain(select)}`);
}

/** The value of the radio button whose label reads `label`. */
function radioValue(html: string, name: string, label: string): string {
  for (const m of html.matchAll(new RegExp(`<input[^>]*type="radio"[^>]*name="${name}"[^>]*value="([^"]*)"[^>]*id="([^"]+)"`, 'g'))) {
    const text = new RegExp(`<label for="${m[2]}">([\\s\\S]*?)</label>`).exec(html)?.[1];
    if (text !== undefined && plain(text).includes(label)) return m[1];
  }
  throw new Error(`no radio button ${name} labelled “${label}”`);
}

/** Every checkbox value of the group `name`. */
function checkboxValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<input[^>]*type="checkbox"[^>]*name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((m) => m[1]);
}

/** The error summary of a page, to say why a form was refused. */
const summary = (html: string) => plain(/class="error-summary[\s\S]*?<\/ul>/.exec(html)?.[0] ?? html.slice(0, 1500));

describe.each(ENGINES)('a season from an empty production install (%s)', (engine) => {
  let gateway: Awaited<ReturnType<typeof smsGateway>>;
  let install: Awaited<ReturnType<typeof emptyInstall>>;
  let db: Knex;
  let container: Container;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    gateway = await smsGateway();
    install = await emptyInstall(engine, gateway.url);
    // `npm start` in production (scripts/start.sh → cli/seed.ts): migrations, then the reference seed; no demo county.
    const config = loadConfig(install.env);
    db = createDb(config);
    await migrateLatest(db);
    await seedReferenceData(db);
    // The server runs from here on, as it would while the IT person runs init in another terminal.
    container = createContainer(db, config, systemClock);
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.services.importJobs.idle();
    await container?.close();
    await db?.destroy();
    await install?.close();
    await gateway?.close();
  });

  /** Answers a page's captcha as a person reading the picture would (production keeps captchas on). */
  const captcha = (html: string) => {
    const captchaId = /name="captchaId" value="([0-9a-f]+)"/.exec(html)?.[1];
    if (!captchaId) throw new Error('the page shows no captcha');
    return { captchaId, captcha: container.services.captcha.answer(captchaId) ?? '' };
  };

  async function staffSignIn(username: string, password: string): Promise<{ b: Browser; home: string }> {
    const b = new Browser(app);
    const page = await b.get('/staff/login');
    expect(page.status).toBe(200);
    const res = await b.agent.post('/staff/login').type('form').send({ _csrf: csrfFrom(page.text), ...captcha(page.text), username, password });
    expect([res.status, res.headers.location]).toEqual([303, '/staff/login/code']);
    // First sign-in: 绑定动态口令 — the secret as the page shows it, typed into an authenticator, its code back.
    const enrol = await b.get('/staff/login/code');
    expect(plain(enrol.text)).toContain('绑定动态口令');
    const secret = enrolmentSecretFrom(enrol.text);
    if (!secret) throw new Error('no secret on the enrolment page');
    const done = await b.agent.post('/staff/login/code').type('form').send({ _csrf: csrfFrom(enrol.text), code: totpCode(secret, Date.now()) });
    expect([done.status, done.headers.location]).toEqual([303, '/staff']);
    const home = await b.get('/staff');
    expect(home.status).toBe(200);
    return { b, home: home.text };
  }

  /** Opens the page a link of `from` leads to, by the link's words. */
  async function follow(b: Browser, from: string, label: string) {
    const url = linkTo(from, label);
    const res = await b.get(url);
    expect([url, res.status]).toEqual([url, 200]);
    return { url, html: res.text };
  }

  /** Submits the form of `page` (its CSRF token) to `action`, expecting the 303 of a saved form. */
  async function save(b: Browser, page: { html: string }, action: string, fields: Record<string, string | string[]>) {
    const res = await b.agent.post(action).type('form').send({ _csrf: csrfFrom(page.html), ...fields });
    if (res.status !== 303) throw new Error(`${action}: ${res.status} ${summary(res.text)}`);
    return res.headers.location as string;
  }

  /** Polls the import job's page (as the self-refreshing page does) until its phase is over. */
  async function watchJob(b: Browser, location: string, until: RegExp): Promise<string> {
    for (let i = 0; i < 200; i += 1) {
      const page = await b.get(location);
      expect(page.status).toBe(200);
      if (until.test(plain(page.text))) return page.text;
      expect(plain(page.text)).toMatch(/正在检查|正在导入|本页每 \d+ 秒自动刷新/);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`import job ${location} did not finish`);
  }

  test('init → staff set up the season through the pages → a teacher chooses the new bureau and point in step 2', async () => {
    const count = async (table: string) => Number((await db(table).count<{ n: number | string }[]>({ n: '*' }))[0].n);
    for (const table of ['bureaus', 'plans', 'confirmation_points', 'certificates', 'staff_users', 'accounts']) expect(await count(table)).toBe(0);

    // ---- npm run admin -- init (the password typed twice at the terminal) --------------------------------------
    const out: string[] = [];
    const typed = [SYSADMIN_PASSWORD, SYSADMIN_PASSWORD];
    const code = await runAdmin(['init', '--bureau-name', BUREAU_NAME, '--region', '440781', '--level', '县级', '--username', 'admin', '--name', '张信息'],
      install.env, { out: (l) => out.push(l), secret: async () => typed.shift() ?? null });
    expect([code, out.join('\n')]).toEqual([0, expect.stringContaining('/staff/login')]);

    // ---- the 系统管理员 signs in and creates the bureau's 机构管理员 ----------------------------------------------
    // ---- 三权分立: the audit and security admins are made at the server, each typing their own password ---------
    for (const [command, username, name, password] of [['create-audit-admin', 'shenji', '王审计', 'Audit#2026'], ['create-security-admin', 'anquan', '赵安全', 'Secure#2026']]) {
      const said: string[] = [];
      const twice = [password, password];
      expect(await runAdmin([command, username, name], install.env, { out: (l) => said.push(l), secret: async () => twice.shift() ?? null })).toBe(0);
    }
    const auditor = await staffSignIn('shenji', 'Audit#2026');
    expect(plain((await follow(auditor.b, auditor.home, '审计日志')).html)).toContain('初始化系统');
    expect(plain((await staffSignIn('anquan', 'Secure#2026')).home)).toContain('安全管理员');

    const sys = await staffSignIn('admin', SYSADMIN_PASSWORD);
    expect(plain(sys.home)).toContain('系统管理员');
    expect(sys.home).not.toContain('href="/staff/audit"');
    const users = await follow(sys.b, sys.home, '工作人员账号');
    const newUser = await follow(sys.b, users.html, '新增工作人员');
    const bureauId = optionValue(newUser.html, 'bureauId', BUREAU_NAME);
    await save(sys.b, newUser, '/staff/users', {
      username: 'bureauadmin', name: '李机构', role: optionValue(newUser.html, 'role', '机构管理员'), bureauId, pointId: '',
      password: ADMIN_PASSWORD, passwordConfirm: ADMIN_PASSWORD,
    });

    // … and its 注册审核员, then checks 机构设置 (retirement ages, SMS signature: the defaults stand).
    const newReviewer = await follow(sys.b, users.html, '新增工作人员');
    await save(sys.b, newReviewer, '/staff/users', {
      username: 'shenhe', name: '陈审核', role: optionValue(newReviewer.html, 'role', '注册机构审核员'), bureauId, pointId: '',
      password: REVIEWER_PASSWORD, passwordConfirm: REVIEWER_PASSWORD,
    });
    expect(plain((await follow(sys.b, sys.home, '机构设置')).html)).toContain(BUREAU_NAME);
    const reviewer = await staffSignIn('shenhe', REVIEWER_PASSWORD);
    expect(linkTo(reviewer.home, '注册审核')).toBe('/staff/review');
    expect(linkTo(reviewer.home, '认定审核')).toBe('/staff/review?business=certification');

    // ---- the 机构管理员: 机构信息 → 确认点 → its 确认点操作员 → 网报计划 → 数据导入 -----------------------------
    const admin = await staffSignIn('bureauadmin', ADMIN_PASSWORD);
    expect(plain(admin.home)).toContain('开设一季定期注册的顺序：机构信息');
    const profile = await follow(admin.b, admin.home, '机构信息');
    expect(plain(profile.html)).toContain(BUREAU_NAME);
    await save(admin.b, profile, '/staff/bureau', {
      contactPhone: '0750-5522000', contactAddress: '台山市台城环市北路', officeHours: '工作日 8:30-12:00，14:30-17:30',
      announcement: '台山市2026年下半年中小学教师资格定期注册：请在网报时间内完成网上申报。', notes: '', materialsChecklist: '',
    });

    const points = await follow(admin.b, admin.home, '确认点');
    const newPoint = await follow(admin.b, points.html, '新增确认点');
    await save(admin.b, newPoint, '/staff/points', {
      name: POINT_NAME, businesses: ['registration'], scope: '台城街道各中小学、幼儿园', address: '台山市台城街道', phone: '0750-5522101', confirmStart: '', confirmEnd: '', active: '1',
    });
    expect(plain((await admin.b.get('/staff/points')).text)).toContain(POINT_NAME);

    const adminUsers = await follow(admin.b, admin.home, '工作人员账号');
    const newOperator = await follow(admin.b, adminUsers.html, '新增工作人员');
    await save(admin.b, newOperator, '/staff/users', {
      username: 'taicheng', name: '王确认', role: optionValue(newOperator.html, 'role', '确认点操作员'),
      pointId: optionValue(newOperator.html, 'pointId', POINT_NAME), password: OPERATOR_PASSWORD, passwordConfirm: OPERATOR_PASSWORD,
    });
    const operator = await staffSignIn('taicheng', OPERATOR_PASSWORD);
    expect(linkTo(operator.home, '现场确认')).toBe('/staff/counter');

    // The online window opens today (the bureau's local day) and runs a month; confirmation follows it.
    const day = (offset: number) => localDate(new Date(Date.now() + offset * 86_400_000), 'Asia/Shanghai');
    const plans = await follow(admin.b, admin.home, '网报计划');
    const newPlan = await follow(admin.b, plans.html, '新增网报计划');
    const stages = checkboxValues(newPlan.html, 'stages');
    expect(stages.length).toBeGreaterThan(0);
    await save(admin.b, newPlan, '/staff/plans', {
      business: 'registration', title: '2026年下半年', stages, onlineStart: day(0), onlineEnd: day(30), confirmStart: day(0), confirmEnd: day(45),
    });
    expect(plain((await admin.b.get('/staff/plans')).text)).toContain('2026年下半年');

    // Certificates from the bureau's spreadsheet: an .xlsx as Excel saves it, 证书号码 and 证件号码 as text.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师资格证书');
    ws.addRow(IMPORT_COLUMNS.certificates.map((c) => c.label));
    ws.addRow([CERT_NUMBER, TEACHER.name, '居民身份证', TEACHER.idNumber, '初级中学教师资格', '数学', new Date(Date.UTC(2010, 6, 1)), BUREAU_NAME, '有效']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const importPage = await follow(admin.b, admin.home, '数据导入');
    const uploaded = await admin.b.agent.post('/staff/import').field('_csrf', csrfFrom(importPage.html)).field('kind', 'certificates')
      .attach('file', xlsx, '台山市教师资格证书.xlsx');
    expect([uploaded.status, summary(uploaded.text)]).toEqual([303, expect.any(String)]);
    const job = uploaded.headers.location as string;
    const checked = await watchJob(admin.b, job, /检查结果/);
    expect(plain(checked)).toContain('可以导入 1（新增 1');
    expect(await count('certificates')).toBe(0); // the dry run writes nothing
    const run = await admin.b.agent.post(`${job}/run`).type('form').send({ _csrf: csrfFrom(checked) });
    expect([run.status, run.headers.location]).toEqual([303, job]);
    const done = await watchJob(admin.b, job, /导入完成/);
    expect(plain(/id="import-result"[\s\S]*?<\/table>/.exec(done)?.[0] ?? '')).toMatch(/新增 1 更新 0/);

    // ---- a teacher registers (captcha, the SMS code from the gateway), signs in and passes 实名认证 -----------------
    const teacher = new Browser(app);
    const fields = {
      idType: '1', idNumber: TEACHER.idNumber, name: TEACHER.name, email: TEACHER.email, mobile: TEACHER.mobile,
      password: TEACHER.password, password2: TEACHER.password, agree: '1',
    };
    const registerPage = await teacher.get('/register');
    const smsSent = await teacher.agent.post('/register').type('form')
      .send({ _csrf: csrfFrom(registerPage.text), ...captcha(registerPage.text), ...fields, action: 'send-sms' });
    expect([smsSent.status, summary(smsSent.text)]).toEqual([200, expect.any(String)]);
    const sms = gateway.sent.find((s) => s.mobile === TEACHER.mobile);
    const smsCode = /(\d{6})/.exec(sms?.text ?? '')?.[1];
    expect(smsCode).toBeDefined();
    const registered = await teacher.agent.post('/register').type('form')
      .send({ _csrf: csrfFrom(smsSent.text), ...captcha(smsSent.text), ...fields, smsCode, action: 'register' });
    expect([registered.status, summary(registered.text)]).toEqual([303, expect.any(String)]);

    const loginPage = await teacher.get(registered.headers.location);
    const signedIn = await teacher.agent.post('/login').type('form')
      .send({ _csrf: csrfFrom(loginPage.text), ...captcha(loginPage.text), idNumber: TEACHER.idNumber, password: TEACHER.password });
    expect(signedIn.status).toBe(303);
    // First login: 补充个人身份信息 (民族, 证件有效期), then 实名认证.
    const firstPage = await teacher.get('/me');
    expect([firstPage.status, firstPage.headers.location]).toEqual([303, '/me/complete']);
    const completed = await teacher.submit('/me/complete', { ethnicityCode: '01', validity: '20', validFrom: '2015-03-01' });
    expect([completed.status, summary(completed.text)]).toEqual([303, expect.any(String)]);
    const verified = await teacher.submit('/me/realname', { name: TEACHER.name });
    expect([verified.status, summary(verified.text)]).toEqual([303, expect.any(String)]);

    // ---- 业务平台 → 报名 → step 1 → step 2 offers the new bureau and point -------------------------------------
    const platform = await teacher.get('/platform');
    expect(platform.status).toBe(200);
    expect(plain(platform.text)).toContain(BUREAU_NAME);
    const step1 = await teacher.submit('/apply/step/1', { agree: '1' });
    expect([step1.status, step1.headers.location]).toEqual([303, '/apply/step/2']);
    // Without JavaScript: each choice, then 查询, and the server answers the next list.
    const cascade = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04' };
    let step2 = await teacher.get(`/apply/step/2?${new URLSearchParams(cascade)}`);
    expect(step2.status).toBe(200);
    const chosenBureau = optionValue(step2.text, 'bureauId', BUREAU_NAME);
    step2 = await teacher.get(`/apply/step/2?${new URLSearchParams({ ...cascade, bureauId: chosenBureau })}`);
    // The window the bureau set: from 00:00 today to 23:59 of its last day, local time.
    expect(plain(step2.text)).toMatch(new RegExp(`网报开始时间 网报结束时间 ${day(0)} 00:00(:00)? ${day(30)} 23:59`));
    const chosenPoint = radioValue(step2.text, 'pointId', POINT_NAME);
    const posted = await teacher.agent.post('/apply/step/2').type('form')
      .send({ _csrf: csrfFrom(step2.text), ...cascade, bureauId: chosenBureau, pointId: chosenPoint, action: 'next' });
    expect([posted.status, posted.headers.location, summary(posted.text)]).toEqual([303, '/apply/step/3', expect.any(String)]);
    const step3 = await teacher.get('/apply/step/3');
    expect(step3.status).toBe(200);
    expect(plain(step3.text)).toContain(CERT_NUMBER);
    const certificateId = /<input[^>]*type="radio"[^>]*name="certificateId"[^>]*value="(\d+)"/.exec(step3.text)?.[1];
    expect(certificateId).toBeDefined();

    // ---- and on to the end: the application reaches the new point's counter ----------------------------------
    let details = teacher.agent.post('/apply/step/3').field('_csrf', csrfFrom(step3.text));
    for (const [k, v] of Object.entries({ ...DETAILS, certificateId: certificateId as string })) details = details.field(k, v);
    const step3Done = await details.attach('photo', await cameraPhoto(), 'photo.jpg');
    expect([step3Done.status, step3Done.headers.location, summary(step3Done.text)]).toEqual([303, '/apply/step/4', expect.any(String)]);
    const review = await teacher.get('/apply/step/4');
    for (const shown of [BUREAU_NAME, POINT_NAME, CERT_NUMBER, '首次注册']) expect(plain(review.text)).toContain(shown);
    expect((await teacher.submit('/apply/step/4', {})).status).toBe(303);
    expect((await teacher.submit('/apply/step/5', {})).status).toBe(303);
    const submitted = await teacher.submit('/apply/step/6', { promise: 'agree' });
    expect([submitted.status, summary(submitted.text)]).toEqual([303, expect.any(String)]);
    const applicationNo = /^\/apply\/done\/(\d{8})$/.exec(submitted.headers.location)?.[1] as string;
    expect(applicationNo).toBeDefined();
    const receipt = plain((await teacher.get(submitted.headers.location)).text);
    for (const shown of [POINT_NAME, '0750-5522000', '请在网报时间内完成网上申报']) expect(receipt).toContain(shown);
    const counter = await operator.b.get(`/staff/counter/find?no=${applicationNo}`);
    expect([counter.status, counter.headers.location]).toEqual([303, `/staff/applications/${applicationNo}`]);
    expect(plain((await operator.b.get(counter.headers.location)).text)).toContain(TEACHER.name);
  }, 120_000);

  test('an SMS gateway that fails is a clear message by the field with everything typed kept, never a 500', async () => {
    gateway.state.down = true;
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const b = new Browser(app);
      const page = await b.get('/register');
      const fields = { idType: '1', idNumber: TEACHER.idNumber, name: '李四', email: 'lisi@example.com', mobile: '13902220002', agree: '1' };
      const res = await b.agent.post('/register').type('form').send({ _csrf: csrfFrom(page.text), ...captcha(page.text), ...fields, action: 'send-sms' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(plain(res.text)).toContain(M.sms.sendFailed);
      expect(res.text).toContain('value="13902220002"');
      expect(res.text).toContain('value="lisi@example.com"');
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('[sms]'));
    } finally {
      gateway.state.down = false;
      errors.mockRestore();
    }
  });
});

test('init run without the service\'s production environment says what is missing, without a stack trace, and writes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-empty-'));
  const lines: string[] = [];
  try {
    const env = { NODE_ENV: 'production', SQLITE_PATH: path.join(dir, 'app.sqlite'), STAFF_PASSWORD: SYSADMIN_PASSWORD };
    expect(await runAdmin(['init', '--bureau-name', BUREAU_NAME, '--region', '440781', '--level', '县级', '--username', 'admin'], env, (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toMatch(/^错误：环境变量有误：SESSION_SECRET/);
    expect(lines[1]).toContain('请用与服务相同的环境变量运行本命令');
    expect(fs.existsSync(env.SQLITE_PATH)).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
