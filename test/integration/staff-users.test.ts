import { makeTestApp, TestContext, Browser, escaped } from '../helpers/app';
import { signInStaff, staffBrowser, staffPost } from '../helpers/staff';
import { DEMO_STAFF_PASSWORD } from '../../seeds';
import { M } from '../../src/messages';
import { STAFF_ADMIN_MESSAGES } from '../../src/domain/staffAdmin';

/**
 * 工作人员账号 (/staff/users): bureau and system admins manage staff accounts through the pages — scope, the password
 * rule, the last-admin rule, sessions ending on disable and reset, audit rows without passwords; forms keep their values.
 */
let ctx: TestContext;
let taishan: number;
let kaiping: number;
let firstPoint: number;
let kaipingPoint: number;
beforeAll(async () => {
  ctx = await makeTestApp();
  taishan = (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id;
  kaiping = (await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id')).id;
  firstPoint = (await ctx.db('confirmation_points').where({ bureau_id: taishan }).orderBy('id').first('id')).id;
  const [row] = await ctx.db('confirmation_points').insert({ bureau_id: kaiping, name: '开平市确认点', active: true }).returning('id');
  kaipingPoint = typeof row === 'number' ? row : row.id;
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

const userId = async (username: string) => (await ctx.db('staff_users').where({ username }).first('id')).id as number;
const NEW = '/staff/users/new';
const good = (username: string, extra: Record<string, string> = {}) => ({
  username, name: '张确认', role: 'operator', pointId: String(firstPoint), password: 'Clerk#2026', passwordConfirm: 'Clerk#2026', ...extra,
});

test('a bureau admin lists the accounts of their own bureau only', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const res = await b.get('/staff/users');
  expect(res.status).toBe(200);
  for (const u of ['operator', 'reviewer', 'bureauadmin']) expect(res.text).toContain(`<td>${u}</td>`);
  expect(res.text).not.toContain('<td>sysadmin</td>');
  expect((await b.get(`/staff/users/${await userId('sysadmin')}`)).status).toBe(404);
  const home = await b.get('/staff');
  expect(home.text).toContain('href="/staff/users"');
  expect(home.text).toContain('href="/staff/settings"');
});

test('creating an account: bad input comes back 422 with messages and the values (never the passwords)', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const empty = await staffPost(b, '/staff/users', {}, NEW);
  expect(empty.status).toBe(422);
  expect(empty.text).toContain('请修改以下内容后重新提交');
  expect(empty.text).toContain('用户名须为3-40位字母、数字或 _ . -');
  const cases: [Record<string, string>, string][] = [
    [{ password: 'weakpass', passwordConfirm: 'weakpass' }, M.password.policy],
    [{ passwordConfirm: 'Other#2026' }, M.password.mismatch],
    [{ role: 'system_admin' }, '请选择角色：确认点操作员、注册机构审核员、机构管理员'],
    [{ pointId: String(kaipingPoint) }, STAFF_ADMIN_MESSAGES.pointRequired],
    [{ username: 'operator' }, '该用户名已存在'],
  ];
  for (const [change, message] of cases) {
    const res = await staffPost(b, '/staff/users', good('clerk1', change), NEW);
    expect([change, res.status]).toEqual([change, 422]);
    expect(res.text).toContain(escaped(message));
    expect(res.text).toContain('value="张确认"');
    expect(res.text).not.toContain('Clerk#2026');
  }
  expect(await ctx.db('staff_users').where({ username: 'clerk1' }).first()).toBeUndefined();
});

test('a bureau admin creates an operator of their point; it is audited without the password and can sign in', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  // A bureau id sent by hand is ignored: a bureau admin's accounts are of their own bureau.
  const res = await staffPost(b, '/staff/users', good('clerk2', { bureauId: String(kaiping) }), NEW);
  expect(res.status).toBe(303);
  const row = await ctx.db('staff_users').where({ username: 'clerk2' }).first();
  expect(row).toMatchObject({ role: 'operator', bureau_id: taishan, point_id: firstPoint });
  const audit = await ctx.db('audit_log').where({ action: 'staff.create', target: `staff:${row.id}` }).first();
  expect(audit.actor_type).toBe('staff');
  expect(audit.detail).not.toContain('Clerk#2026');
  const clerk = new Browser(ctx.app);
  expect((await signInStaff(ctx, clerk, 'clerk2', 'Clerk#2026')).status).toBe(303);
});

test('changing role and point: audited before → after; the other bureau\'s point and system admin are refused', async () => {
  const b = await staffBrowser(ctx, 'bureauadmin');
  const id = await userId('clerk2');
  const page = `/staff/users/${id}`;
  const bad = await staffPost(b, page, { name: '张确认', role: 'operator', pointId: String(kaipingPoint) }, page);
  expect(bad.status).toBe(422);
  expect(bad.text).toContain(escaped(STAFF_ADMIN_MESSAGES.pointRequired));
  const sys = await staffPost(b, page, { name: '张确认', role: 'system_admin', pointId: '' }, page);
  expect(sys.status).toBe(422);
  const empty = await staffPost(b, page, { name: '', role: 'reviewer', pointId: '' }, page);
  expect(empty.status).toBe(422);
  expect(empty.text).toContain('请填写姓名');
  expect(empty.text).toMatch(/<option value="reviewer" selected>/);
  const ok = await staffPost(b, page, { name: '张审核', role: 'reviewer', pointId: String(firstPoint) }, page);
  expect(ok.status).toBe(303);
  expect(await ctx.db('staff_users').where({ id }).first()).toMatchObject({ name: '张审核', role: 'reviewer', point_id: null });
  const audit = await ctx.db('audit_log').where({ action: 'staff.update', target: `staff:${id}` }).first();
  expect(audit.detail).toContain('角色：确认点操作员 → 注册机构审核员');
  expect(audit.detail).toContain('姓名：张确认 → 张审核');
});

test('disabling ends the account\'s sessions and its sign-in; enabling lets it sign in again', async () => {
  const admin = await staffBrowser(ctx, 'bureauadmin');
  const id = await userId('clerk2');
  const clerk = new Browser(ctx.app);
  expect((await signInStaff(ctx, clerk, 'clerk2', 'Clerk#2026')).status).toBe(303);
  expect((await clerk.get('/staff')).status).toBe(200);
  const bad = await staffPost(admin, `/staff/users/${id}/active`, { active: 'maybe' }, `/staff/users/${id}`);
  expect(bad.status).toBe(422);
  expect((await staffPost(admin, `/staff/users/${id}/active`, { active: 'no' }, `/staff/users/${id}`)).status).toBe(303);
  const after = await clerk.get('/staff');
  expect(after.status).toBe(303);
  expect(after.headers.location).toMatch(/^\/staff\/login/);
  const again = new Browser(ctx.app);
  expect((await signInStaff(ctx, again, 'clerk2', 'Clerk#2026')).status).toBe(422);
  expect(await ctx.db('audit_log').where({ action: 'staff.disable', target: `staff:${id}` }).first()).toBeDefined();
  expect((await staffPost(admin, `/staff/users/${id}/active`, { active: 'yes' }, `/staff/users/${id}`)).status).toBe(303);
  expect((await signInStaff(ctx, again, 'clerk2', 'Clerk#2026')).status).toBe(303);
});

test('resetting a password: the rule applies, old sessions end, the new password signs in, nothing of it is audited', async () => {
  const admin = await staffBrowser(ctx, 'bureauadmin');
  const id = await userId('clerk2');
  const clerk = new Browser(ctx.app);
  await signInStaff(ctx, clerk, 'clerk2', 'Clerk#2026');
  const url = `/staff/users/${id}/password`;
  const weak = await staffPost(admin, url, { password: 'short', passwordConfirm: 'short' }, `/staff/users/${id}`);
  expect(weak.status).toBe(422);
  expect(weak.text).toContain(escaped(M.password.policy));
  const mismatch = await staffPost(admin, url, { password: 'Fresh#2026', passwordConfirm: 'Fresh#2027' }, `/staff/users/${id}`);
  expect(mismatch.status).toBe(422);
  expect(mismatch.text).not.toContain('Fresh#2026');
  expect((await staffPost(admin, url, { password: 'Fresh#2026', passwordConfirm: 'Fresh#2026' }, `/staff/users/${id}`)).status).toBe(303);
  expect((await clerk.get('/staff')).status).toBe(303);
  expect((await signInStaff(ctx, new Browser(ctx.app), 'clerk2', 'Fresh#2026')).status).toBe(303);
  const rows = await ctx.db('audit_log').where({ target: `staff:${id}` });
  for (const r of rows) expect(String(r.detail)).not.toMatch(/Fresh#2026|Clerk#2026/);
});

test('the system admin manages every bureau\'s accounts, makes no admin-class account (三权分立), and cannot disable itself', async () => {
  const sys = await staffBrowser(ctx, 'sysadmin');
  const list = await sys.get('/staff/users');
  expect(list.text).toContain('<td>sysadmin</td>');
  expect(list.text).toContain('所属机构');
  const kp = await staffPost(sys, '/staff/users', good('kpadmin', { role: 'bureau_admin', bureauId: String(kaiping), pointId: '' }), NEW);
  expect(kp.status).toBe(303);
  expect(await ctx.db('staff_users').where({ username: 'kpadmin' }).first()).toMatchObject({ bureau_id: kaiping, role: 'bureau_admin' });
  const noBureau = await staffPost(sys, '/staff/users', good('kpreviewer', { role: 'reviewer', bureauId: '', pointId: '' }), NEW);
  expect(noBureau.status).toBe(422);
  expect(noBureau.text).toContain('请指定该账号所属的注册机构');
  for (const role of ['system_admin', 'audit_admin', 'security_admin']) {
    const refused = await staffPost(sys, '/staff/users', good('sys2', { role, pointId: '' }), NEW);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('请选择角色：确认点操作员、注册机构审核员、机构管理员');
  }
  expect(await ctx.db('staff_users').where({ username: 'sys2' }).first()).toBeUndefined();
  const self = await userId('sysadmin');
  const own = await staffPost(sys, `/staff/users/${self}/active`, { active: 'no' }, `/staff/users/${self}`);
  expect(own.status).toBe(422);
  expect(own.text).toContain(STAFF_ADMIN_MESSAGES.self);
  // The 开平 admin sees only 开平's accounts.
  await ctx.container.services.staff.resetPassword('kpadmin', DEMO_STAFF_PASSWORD);
  const kpBrowser = await staffBrowser(ctx, 'kpadmin');
  const kpList = await kpBrowser.get('/staff/users');
  expect(kpList.text).toContain('<td>kpadmin</td>');
  expect(kpList.text).not.toContain('<td>operator</td>');
  expect((await kpBrowser.get(`/staff/users/${await userId('operator')}`)).status).toBe(404);
  const foreign = await staffPost(kpBrowser, `/staff/users/${await userId('operator')}/active`, { active: 'no' }, '/staff/users');
  expect(foreign.status).toBe(404);
  expect(Boolean((await ctx.db('staff_users').where({ username: 'operator' }).first()).active)).toBe(true);
});

test('the last active admin of a bureau can be neither disabled nor demoted', async () => {
  // An install whose system admins are all disabled (possible before this page existed): each bureau then rests on its admins.
  await ctx.db('staff_users').where({ role: 'system_admin' }).update({ active: false });
  try {
    const kp = await staffBrowser(ctx, 'kpadmin');
    const id = await userId('kpadmin');
    const demote = await staffPost(kp, `/staff/users/${id}`, { name: '开平管理员', role: 'reviewer', pointId: '' }, `/staff/users/${id}`);
    expect(demote.status).toBe(422);
    expect(demote.text).toContain(escaped(STAFF_ADMIN_MESSAGES.lastBureauAdmin));
    expect(demote.text).toContain('value="开平管理员"');
    expect(await ctx.db('staff_users').where({ id }).first()).toMatchObject({ role: 'bureau_admin' });
    // With a second active admin of 开平 the first may step down.
    expect((await staffPost(kp, '/staff/users', good('kpadmin2', { role: 'bureau_admin', pointId: '' }), NEW)).status).toBe(303);
    const id2 = await userId('kpadmin2');
    expect((await staffPost(kp, `/staff/users/${id2}/active`, { active: 'no' }, `/staff/users/${id2}`)).status).toBe(303);
    expect((await staffPost(kp, `/staff/users/${id}`, { name: '开平管理员', role: 'reviewer', pointId: '' }, `/staff/users/${id}`)).status).toBe(422);
    expect((await staffPost(kp, `/staff/users/${id2}/active`, { active: 'yes' }, `/staff/users/${id2}`)).status).toBe(303);
    expect((await staffPost(kp, `/staff/users/${id}`, { name: '开平管理员', role: 'reviewer', pointId: '' }, `/staff/users/${id}`)).status).toBe(303);
    expect(await ctx.db('staff_users').where({ id }).first()).toMatchObject({ role: 'reviewer' });
  } finally {
    await ctx.db('staff_users').where({ role: 'system_admin' }).update({ active: true });
  }
});

test('安全管理员: creates admin-class accounts, changes roles (inside their class), resets a second factor (audited); no passwords, no 停用', async () => {
  const sec = await staffBrowser(ctx, 'securityadmin');
  const list = await sec.get('/staff/users');
  expect(list.status).toBe(200);
  for (const u of ['operator', 'sysadmin', 'auditadmin', 'securityadmin']) expect(list.text).toContain(`<td>${u}</td>`);
  expect(list.text).toContain('已绑定');
  const form = await sec.get(NEW);
  expect(form.text).not.toContain('name="bureauId"');
  const business = await staffPost(sec, '/staff/users', good('clerk9'), NEW);
  expect(business.status).toBe(422);
  const made = await staffPost(sec, '/staff/users', good('auditor2', { role: 'audit_admin', pointId: '' }), NEW);
  expect(made.status).toBe(303);
  const auditor = await ctx.db('staff_users').where({ username: 'auditor2' }).first();
  expect(auditor).toMatchObject({ role: 'audit_admin', bureau_id: null, point_id: null, totp_secret: null });
  // Roles: inside the admin class, and a business account among the business roles; never across.
  const cross = await staffPost(sec, `/staff/users/${auditor.id}`, { name: auditor.name, role: 'reviewer', pointId: '' }, `/staff/users/${auditor.id}`);
  expect(cross.status).toBe(422);
  expect(cross.text).toContain(escaped(STAFF_ADMIN_MESSAGES.crossClass));
  expect((await staffPost(sec, `/staff/users/${auditor.id}`, { name: auditor.name, role: 'system_admin', pointId: '' }, `/staff/users/${auditor.id}`)).status).toBe(303);
  expect((await ctx.db('staff_users').where({ id: auditor.id }).first()).role).toBe('system_admin');
  const reviewerId = await userId('reviewer');
  expect((await staffPost(sec, `/staff/users/${reviewerId}`, { name: '注册审核员', role: 'bureau_admin', pointId: '' }, `/staff/users/${reviewerId}`)).status).toBe(303);
  expect((await staffPost(sec, `/staff/users/${reviewerId}`, { name: '注册审核员', role: 'reviewer', pointId: '' }, `/staff/users/${reviewerId}`)).status).toBe(303);
  // The last audit admin stays one.
  const lastAuditor = await userId('auditadmin');
  const demote = await staffPost(sec, `/staff/users/${lastAuditor}`, { name: '审计管理员', role: 'system_admin', pointId: '' }, `/staff/users/${lastAuditor}`);
  expect(demote.status).toBe(422);
  expect(demote.text).toContain(escaped(STAFF_ADMIN_MESSAGES.lastAuditAdmin));
  // Passwords and 停用 are the account managers' (403 by role), second factors the security admin's alone.
  const clerk2 = await userId('clerk2');
  expect((await staffPost(sec, `/staff/users/${clerk2}/password`, { password: 'Fresh#2099', passwordConfirm: 'Fresh#2099' }, `/staff/users/${clerk2}`)).status).toBe(403);
  expect((await staffPost(sec, `/staff/users/${clerk2}/active`, { active: 'no' }, `/staff/users/${clerk2}`)).status).toBe(403);
  const sys = await staffBrowser(ctx, 'sysadmin');
  expect((await staffPost(sys, `/staff/users/${clerk2}/second-factor`, {}, `/staff/users/${clerk2}`)).status).toBe(403);
  // Reset: the account's sessions end, it enrols again at its next sign-in.
  const clerk = new Browser(ctx.app);
  expect((await signInStaff(ctx, clerk, 'clerk2', 'Fresh#2026')).status).toBe(303);
  const page = await sec.get(`/staff/users/${clerk2}`);
  expect(page.text).toContain('重置动态口令');
  expect((await staffPost(sec, `/staff/users/${clerk2}/second-factor`, {}, `/staff/users/${clerk2}`)).status).toBe(303);
  expect(await ctx.db('staff_users').where({ id: clerk2 }).first()).toMatchObject({ totp_secret: null, totp_last_step: null });
  expect((await clerk.get('/staff')).status).toBe(303);
  expect(await ctx.db('audit_log').where({ action: 'staff.totp-reset', target: `staff:${clerk2}` }).first()).toMatchObject({ actor_id: await userId('securityadmin') });
  const again = new Browser(ctx.app);
  await again.submit('/staff/login', { username: 'clerk2', password: 'Fresh#2026' });
  expect((await again.get('/staff/login/code')).text).toContain('绑定动态口令');
});
