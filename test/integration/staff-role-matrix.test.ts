import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom } from '../helpers/app';
import { staffOf, submittedApplication } from '../helpers/applications';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from '../../seeds';
import { STAFF_ROLES, StaffRole } from '../../src/domain/principal';
import { signInStaff } from '../helpers/staff';
import { submittedCertification } from '../helpers/certification';

/**
 * Every staff URL with every role, with another bureau's and another point's staff, with an applicant session and
 * anonymously. The routes and their roles are read from the app's own router (requireRole carries its roles), so a
 * page added later is in the matrix without editing this file — and a staff page without a role guard fails it.
 */
interface Layer { route?: { path: string; methods: Record<string, boolean>; stack: { handle: { staffRoles?: StaffRole[] } }[] }; handle?: { stack?: Layer[] } }
interface StaffRoute { method: 'get' | 'post'; path: string; roles: StaffRole[] | null }

function staffRoutes(stack: Layer[]): StaffRoute[] {
  const found: StaffRoute[] = [];
  for (const layer of stack) {
    if (layer.route && layer.route.path.startsWith('/staff')) {
      const roles = layer.route.stack.map((l) => l.handle.staffRoles).find(Boolean) ?? null;
      for (const method of ['get', 'post'] as const) if (layer.route.methods[method]) found.push({ method, path: layer.route.path, roles });
    } else if (layer.handle?.stack) found.push(...staffRoutes(layer.handle.stack));
  }
  return found;
}

const PUBLIC = ['/staff/login', '/staff/login/code', '/staff/logout'];
let ctx: TestContext;
let no: string;
let routes: StaffRoute[];
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  ({ no } = await submittedApplication(ctx));
  routes = staffRoutes((ctx.app as unknown as { router: { stack: Layer[] } }).router.stack);
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const concrete = (path: string) => path.replace(':no', no).replace(/:(\w+)/g, '1');
const usernameOf = (role: StaffRole) => DEMO_STAFF.find((s) => s.role === role)!.username;

async function signIn(username: string): Promise<Browser> {
  const b = new Browser(ctx.app);
  const res = await signInStaff(ctx, b, username, DEMO_STAFF_PASSWORD);
  if (res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
  return b;
}

/** A request as that browser would make it: a GET, or a POST with its CSRF token (so the role check is what answers). */
async function call(b: Browser, r: StaffRoute) {
  const url = concrete(r.path);
  if (r.method === 'get') return b.get(url);
  const home = await b.get('/staff');
  const token = csrfFrom((home.status === 200 ? home : await b.get('/staff/login')).text);
  return b.agent.post(url).type('form').send({ _csrf: token });
}

async function otherStaff(role: StaffRole, where: { bureau_id: number; point_id: number | null }) {
  const principal = await staffOf(ctx, where, role);
  const row = await ctx.db('staff_users').where({ id: principal.staffId }).first('username');
  await ctx.container.services.staff.resetPassword(row.username, DEMO_STAFF_PASSWORD);
  return signIn(row.username);
}

test('the route list is real, and every staff page but the entrance has a role guard', () => {
  expect(routes.length).toBeGreaterThanOrEqual(8);
  for (const p of ['/staff', '/staff/applications/:no', '/staff/applications/:no/transition']) expect(routes.map((r) => r.path)).toContain(p);
  // 代码维护, 毕业学校维护 and 数据导入: the bureau and system admins only.
  for (const p of ['/staff/codes', '/staff/codes/:list', '/staff/schools', '/staff/schools/:id/rename', '/staff/schools/:id/merge',
    '/staff/import', '/staff/import/templates/:name', '/staff/import/jobs/:id', '/staff/import/jobs/:id/status', '/staff/import/jobs/:id/run', '/staff/import/jobs/:id/discard']) {
    expect(routes.filter((r) => r.path === p).map((r) => r.roles)).toContainEqual(['bureau_admin', 'system_admin']);
  }
  // 数据导出 and 统计: the bureau's roles and the operator (their point's), not the system admin.
  for (const p of ['/staff/export', '/staff/export/download', '/staff/stats']) {
    expect([p, routes.find((r) => r.path === p)?.roles?.slice().sort()]).toEqual([p, ['bureau_admin', 'operator', 'reviewer']]);
  }
  const unguarded = routes.filter((r) => !r.roles && !PUBLIC.includes(r.path));
  expect(unguarded).toEqual([]);
});

test('三权分立: accounts, roles and second factors, the audit log — each route\'s roles', () => {
  const expected: Array<[string, string, string[]]> = [
    // Accounts: bureau and system admins; the security admin also lists, creates (admin-class) and changes roles.
    ['get', '/staff/users', ['bureau_admin', 'security_admin', 'system_admin']],
    ['get', '/staff/users/new', ['bureau_admin', 'security_admin', 'system_admin']],
    ['post', '/staff/users', ['bureau_admin', 'security_admin', 'system_admin']],
    ['get', '/staff/users/:id', ['bureau_admin', 'security_admin', 'system_admin']],
    ['post', '/staff/users/:id', ['bureau_admin', 'security_admin', 'system_admin']],
    ['post', '/staff/users/:id/password', ['bureau_admin', 'system_admin']],
    ['post', '/staff/users/:id/active', ['bureau_admin', 'system_admin']],
    ['post', '/staff/users/:id/second-factor', ['security_admin']],
    ['get', '/staff/settings', ['bureau_admin', 'system_admin']],
    ['post', '/staff/settings', ['bureau_admin', 'system_admin']],
    // The audit log: the audit admin alone, read and export, nothing else.
    ['get', '/staff/audit', ['audit_admin']],
    ['get', '/staff/audit/export', ['audit_admin']],
  ];
  for (const [method, path, roles] of expected) {
    expect([method, path, routes.find((r) => r.method === method && r.path === path)?.roles?.slice().sort()]).toEqual([method, path, roles]);
  }
  // The audit admin reaches nothing but the 工作台 and the audit log; the security admin nothing but those and 工作人员账号.
  const reach = (role: StaffRole) => routes.filter((r) => r.roles?.includes(role)).map((r) => `${r.method} ${r.path}`).sort();
  expect(reach('audit_admin')).toEqual(['get /staff', 'get /staff/audit', 'get /staff/audit/export']);
  expect(reach('security_admin').filter((r) => !r.includes('/staff/users'))).toEqual(['get /staff']);
  // No route of any role writes to the audit log's URLs.
  expect(routes.filter((r) => r.path.startsWith('/staff/audit') && r.method !== 'get')).toEqual([]);
});

test('anonymous visitors, applicants and a staff user past the password but not the 动态口令 are sent to the staff login from every staff page', async () => {
  const anonymous = new Browser(ctx.app);
  const applicant = await loginAs(ctx, DEMO.liMing);
  const halfway = new Browser(ctx.app);
  expect((await halfway.submit('/staff/login', { username: 'sysadmin', password: DEMO_STAFF_PASSWORD })).headers.location).toBe('/staff/login/code');
  for (const r of routes.filter((route) => !PUBLIC.includes(route.path))) {
    for (const b of [anonymous, applicant, halfway]) {
      const res = await call(b, r);
      expect([r.method, r.path, res.status]).toEqual([r.method, r.path, 303]);
      expect(res.headers.location).toMatch(/^\/staff\/login/);
    }
  }
});

test('each role (all six): its pages and forms answer (never a 500), the others answer 403', async () => {
  expect(STAFF_ROLES.map(usernameOf)).toEqual(['operator', 'reviewer', 'bureauadmin', 'sysadmin', 'auditadmin', 'securityadmin']);
  for (const role of STAFF_ROLES) {
    const b = await signIn(usernameOf(role));
    // POSTs go last and carry an empty form: an allowed role gets a message, never a 500, and changes nothing real.
    for (const r of routes.filter((route) => route.roles).sort((x, y) => (x.method === y.method ? 0 : x.method === 'get' ? -1 : 1))) {
      const res = await call(b, r);
      const allowed = r.roles!.includes(role);
      if (!allowed) expect([role, r.path, res.status]).toEqual([role, r.path, 403]);
      else expect([role, r.path, res.status < 500 || (r.path.endsWith('.pdf') && res.status === 503)]).toEqual([role, r.path, true]);
    }
  }
}, 60_000); // every staff route × every role: it grows with each page and runs long on a busy machine

test('another bureau\'s staff and another point\'s operator find none of this bureau\'s applications', async () => {
  const app = await ctx.db('applications').where({ application_no: no }).first();
  const neighbour = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
  const [pointRow] = await ctx.db('confirmation_points').insert({ bureau_id: neighbour.id, name: '开平市确认点', active: true }).returning('id');
  const neighbourPoint = typeof pointRow === 'number' ? pointRow : pointRow.id;
  const secondPoint = await ctx.db('confirmation_points').where({ bureau_id: app.bureau_id }).orderBy('id').offset(1).first('id');
  const outsiders = [
    await otherStaff('operator', { bureau_id: neighbour.id, point_id: neighbourPoint }),
    await otherStaff('reviewer', { bureau_id: neighbour.id, point_id: null }),
    await otherStaff('bureau_admin', { bureau_id: neighbour.id, point_id: null }),
    await otherStaff('operator', { bureau_id: app.bureau_id, point_id: secondPoint.id }),
  ];
  // A plan of this bureau is an unknown plan to them (400 with the message, no file, no counts).
  const plan = await ctx.db('plans').where({ bureau_id: app.bureau_id }).first('id');
  for (const b of outsiders.slice(0, 3)) {
    for (const url of [`/staff/export/download?plan=${plan.id}`, `/staff/stats?plan=${plan.id}`, `/staff/export?plan=${plan.id}`]) {
      const res = await b.get(url);
      expect([url, res.status, res.headers['content-type']]).toEqual([url, 400, expect.stringContaining('text/html')]);
    }
  }
  const withNumber = routes.filter((r) => r.path.includes(':no') && r.method === 'get');
  expect(withNumber.length).toBeGreaterThan(0);
  for (const b of outsiders) {
    for (const r of withNumber) expect([r.path, (await call(b, r)).status]).toEqual([r.path, 404]);
  }
  const before = await ctx.db('applications').where({ application_no: no }).first();
  const token = csrfFrom((await outsiders[0].get('/staff')).text);
  const post = await outsiders[0].agent.post(`/staff/applications/${no}/transition`).type('form').send({ _csrf: token, action: 'confirmComplete', version: String(before.version) });
  expect(post.status).toBe(404);
  expect(await ctx.db('applications').where({ application_no: no }).first()).toEqual(before);
});

test('another bureau\'s admin finds none of this bureau\'s 网报计划 and 确认点, and changes none', async () => {
  const app = await ctx.db('applications').where({ application_no: no }).first();
  const neighbour = await ctx.db('bureaus').whereNot({ id: app.bureau_id }).orderBy('id').first('id');
  const outsider = await otherStaff('bureau_admin', { bureau_id: neighbour.id, point_id: null });
  const withId = routes.filter((r) => /^\/staff\/(plans|points)\/:id$/.test(r.path));
  expect(withId.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['get /staff/plans/:id', 'get /staff/points/:id', 'post /staff/plans/:id', 'post /staff/points/:id']);
  const plan = await ctx.db('plans').where({ bureau_id: app.bureau_id }).first();
  const point = await ctx.db('confirmation_points').where({ id: app.point_id }).first();
  for (const r of withId) {
    const url = r.path.replace(':id', String(r.path.includes('plans') ? plan.id : point.id));
    expect([r.method, url, (await call(outsider, { ...r, path: url })).status]).toEqual([r.method, url, 404]);
  }
  expect(await ctx.db('plans').where({ id: plan.id }).first()).toEqual(plan);
  expect(await ctx.db('confirmation_points').where({ id: point.id }).first()).toEqual(point);
});

test('a 教师资格认定 application: its pages (the signature too) answer its bureau\'s application roles, 404 to another bureau and point', async () => {
  const cert = await submittedCertification(ctx, DEMO.chenFang);
  // Pages of the application itself (an upload's own page needs an upload: certification-after.test.ts covers it).
  const withNumber = routes.filter((r) => r.path.includes(':no') && !r.path.includes(':id') && r.method === 'get' && !r.path.endsWith('.pdf') && !r.path.endsWith('/form'));
  expect(withNumber.map((r) => r.path)).toContain('/staff/applications/:no/signature');
  const at = (r: StaffRoute) => r.path.replace(':no', cert.no);
  for (const username of ['operator', 'reviewer', 'bureauadmin']) {
    const b = await signIn(username);
    for (const r of withNumber) expect([username, r.path, (await b.get(at(r))).status]).toEqual([username, r.path, 200]);
  }
  const neighbour = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
  const secondPoint = await ctx.db('confirmation_points').where({ bureau_id: cert.row.bureau_id }).orderBy('id').offset(1).first('id');
  for (const b of [await otherStaff('reviewer', { bureau_id: neighbour.id, point_id: null }), await otherStaff('operator', { bureau_id: cert.row.bureau_id, point_id: secondPoint.id })]) {
    for (const r of withNumber) expect([r.path, (await b.get(at(r))).status]).toEqual([r.path, 404]);
  }
});
