import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, escaped } from '../helpers/app';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from '../../seeds';
import { M } from '../../src/messages';
import { runAdmin } from '../../src/cli/admin';
import { passSecondFactor, signInStaff } from '../helpers/staff';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

/** Both steps: password, then the 动态口令 (helpers/staff.ts). */
async function staffLogin(username: string, password = DEMO_STAFF_PASSWORD, b = new Browser(ctx.app)) {
  const res = await signInStaff(ctx, b, username, password);
  return { b, res };
}

describe('the staff entrance', () => {
  test('the demo seed has the six roles; each signs in (password, then 动态口令) to its 工作台', async () => {
    expect(DEMO_STAFF.map((s) => s.username)).toEqual(['operator', 'reviewer', 'bureauadmin', 'sysadmin', 'auditadmin', 'securityadmin']);
    for (const s of DEMO_STAFF) {
      const { b, res } = await staffLogin(s.username);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/staff');
      const home = await b.get('/staff');
      expect(home.status).toBe(200);
      expect(home.text).toContain('工作台');
      expect(home.text).toContain(s.note.slice(0, 4));
    }
    const audit = await ctx.db('audit_log').where({ action: 'staff.login' });
    expect(audit).toHaveLength(6);
  });

  test('the staff cookie is its own, sent only to /staff; the session id changes at login', async () => {
    const b = new Browser(ctx.app);
    const page = await b.get('/staff/login');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="field-username"><span class="req">*</span>用户名</label>');
    const res = await b.agent.post('/staff/login').type('form').send({ _csrf: csrfFrom(page.text), username: 'operator', password: DEMO_STAFF_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/staff/login/code');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const staffCookie = cookies.find((c) => c.startsWith('tr.staff='));
    expect(staffCookie).toMatch(/Path=\/staff/);
    expect(staffCookie).toMatch(/HttpOnly/);
    expect(cookies.some((c) => c.startsWith('tr.sid='))).toBe(false);
    // Half signed in: no staff page yet. The 动态口令 step gives the session another id.
    expect((await b.get('/staff')).headers.location).toMatch(/^\/staff\/login/);
    const done = await passSecondFactor(ctx, b, 'operator');
    expect(done.status).toBe(303);
    const second = ([] as string[]).concat(done.headers['set-cookie'] ?? []).find((c) => c.startsWith('tr.staff='));
    expect(second?.split(';')[0]).not.toBe(staffCookie?.split(';')[0]);
    expect((await b.get('/staff')).status).toBe(200);
  });

  test('an applicant session never opens a staff page, and a staff session never an applicant page', async () => {
    const applicant = await loginAs(ctx, DEMO.liMing);
    const toStaff = await applicant.get('/staff');
    expect(toStaff.status).toBe(303);
    expect(toStaff.headers.location).toMatch(/^\/staff\/login/);
    const { b: staff } = await staffLogin('reviewer');
    const toMe = await staff.get('/me');
    expect(toMe.status).toBe(303);
    expect(toMe.headers.location).toMatch(/^\/login/);
    expect((await staff.get('/staff')).status).toBe(200);
    expect((await applicant.get('/me')).status).toBe(200);
  });

  test('wrong password, unknown user and a missing captcha get the same 登录失败！ or a field message; nothing typed is lost but the password', async () => {
    const wrong = await staffLogin('operator', 'Wrong#2026!');
    expect(wrong.res.status).toBe(422);
    expect(wrong.res.text).toContain(M.login.failed);
    expect(wrong.res.text).toContain('value="operator"');
    expect(wrong.res.text).not.toContain('Wrong#2026!');
    const unknown = await staffLogin('nobody', 'Wrong#2026!');
    expect(unknown.res.status).toBe(422);
    expect(unknown.res.text).toContain(M.login.failed);
    const empty = await staffLogin('', '');
    expect(empty.res.status).toBe(422);
    expect(empty.res.text).toContain(M.required('用户名'));
    expect(empty.res.text).toContain(M.required('密码'));
  });

  test('five failures from one source lock it out of that account; the owner still signs in from elsewhere', async () => {
    const ctx2 = await makeTestApp({ env: { TRUST_PROXY: 'loopback' } });
    try {
      const attempt = async (ip: string, password: string) => {
        const b = new Browser(ctx2.app);
        const page = await b.get('/staff/login');
        return b.agent.post('/staff/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(page.text), username: 'reviewer', password });
      };
      for (let i = 0; i < 4; i++) expect((await attempt('203.0.113.9', 'Wrong#2026!')).status).toBe(422);
      const locked = await attempt('203.0.113.9', 'Wrong#2026!');
      expect(locked.status).toBe(429);
      expect(locked.text).toContain(escaped(M.staff.locked(15)));
      expect((await attempt('203.0.113.9', DEMO_STAFF_PASSWORD)).status).toBe(429);
      expect((await attempt('198.51.100.4', DEMO_STAFF_PASSWORD)).status).toBe(303);
    } finally {
      await ctx2.close();
    }
  });

  test('CSRF: a login or logout without the token is refused', async () => {
    const b = new Browser(ctx.app);
    expect((await b.agent.post('/staff/login').type('form').send({ username: 'operator', password: DEMO_STAFF_PASSWORD })).status).toBe(403);
    const { b: signedIn } = await staffLogin('operator');
    expect((await signedIn.agent.post('/staff/logout').type('form').send({})).status).toBe(403);
    expect((await signedIn.get('/staff')).status).toBe(200);
  });

  test('退出 ends the staff session; a password reset ends every session of the account', async () => {
    const { b } = await staffLogin('bureauadmin');
    const out = await b.post('/staff/logout', {}, '/staff');
    expect(out.status).toBe(303);
    expect((await b.get('/staff')).headers.location).toMatch(/^\/staff\/login/);
    const { b: again } = await staffLogin('bureauadmin');
    expect((await ctx.container.services.staff.resetPassword('bureauadmin', 'Fresh#2026!')).ok).toBe(true);
    expect((await again.get('/staff')).headers.location).toMatch(/^\/staff\/login\?.*expired=1/);
    expect((await staffLogin('bureauadmin', 'Fresh#2026!')).res.status).toBe(303);
    await ctx.container.services.staff.resetPassword('bureauadmin', DEMO_STAFF_PASSWORD);
  });
});

describe('npm run admin', () => {
  test('create-staff and reset-staff-password on an instance; weak passwords and bad roles refused with a message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-admin-'));
    const env = { NODE_ENV: 'test', SQLITE_PATH: path.join(dir, 'admin.sqlite'), DATABASE_URL: ctx.config.databaseUrl ? ctx.config.databaseUrl : '' };
    const useOwnDb = !ctx.config.databaseUrl;
    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    try {
      expect(await runAdmin([], env, out)).toBe(2);
      expect(await runAdmin(['create-staff', 'clerk1', '张三', 'operator'], env, out)).toBe(2); // no STAFF_PASSWORD
      expect(lines.join('\n')).toContain('STAFF_PASSWORD');
      if (!useOwnDb) return; // the PostgreSQL run shares its database with the app under test: the SQLite run covers the CLI
      expect(await runAdmin(['create-staff', 'clerk1', '张三', 'superuser'], { ...env, STAFF_PASSWORD: 'Strong#2026!' }, out)).toBe(1);
      expect(lines.join('\n')).toContain('角色须为');
      expect(await runAdmin(['create-staff', 'admin1', '李四', 'system_admin'], { ...env, STAFF_PASSWORD: 'weak' }, out)).toBe(1);
      expect(lines.join('\n')).toContain(M.password.policy);
      expect(await runAdmin(['create-staff', 'admin1', '李四', 'system_admin'], { ...env, STAFF_PASSWORD: 'Strong#2026!' }, out)).toBe(0);
      expect(await runAdmin(['create-staff', 'admin1', '李四', 'system_admin'], { ...env, STAFF_PASSWORD: 'Strong#2026!' }, out)).toBe(1);
      expect(lines.join('\n')).toContain('该用户名已存在');
      expect(await runAdmin(['reset-staff-password', 'admin1'], { ...env, STAFF_PASSWORD: 'Other#2026!' }, out)).toBe(0);
      expect(await runAdmin(['reset-staff-password', 'nobody'], { ...env, STAFF_PASSWORD: 'Other#2026!' }, out)).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
