import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { requireRole } from '../../src/web/middleware/roles';
import { paths } from '../../src/web/paths';
import { projectRoot } from '../../src/paths';
import type { Principal } from '../../src/domain/principal';

/*
 * A tiny app with the real views: a test header stands in for the session middleware that will set
 * req.principal, so this tests the guard alone.
 */
function tinyApp() {
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot, 'views'));
  Object.assign(app.locals, { paths, siteName: '测试站点' });
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    res.locals.flash = [];
    res.locals.csrfToken = '';
    const who = req.get('X-Test-Principal');
    if (who) req.principal = JSON.parse(who) as Principal;
    if (req.get('X-Test-Session-Ended')) res.locals.sessionEnded = true;
    next();
  });
  app.get('/staff/review', requireRole('reviewer'), (_req, res) => { res.send('审核页面'); });
  app.post('/staff/confirm', requireRole('operator'), (_req, res) => { res.send('已确认'); });
  app.get('/staff/users', requireRole('bureau_admin', 'system_admin'), (_req, res) => { res.send('账号管理'); });
  return app;
}

const staff = (role: string, bureauId: number | null = 1, pointId: number | null = null) => JSON.stringify({ kind: 'staff', staffId: 5, role, bureauId, pointId });
const applicant = JSON.stringify({ kind: 'applicant', accountId: 1 });

describe('requireRole', () => {
  const app = tinyApp();

  test('an anonymous GET goes to the staff login and comes back afterwards', async () => {
    const res = await request(app).get('/staff/review?batch=2');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent('/staff/review?batch=2')}`);
  });

  test('an anonymous POST comes back to the page it was sent from', async () => {
    const res = await request(app).post('/staff/confirm').set('Referer', 'http://localhost/staff/confirm/25000001').type('form').send({ result: 'complete' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent('/staff/confirm/25000001')}`);
    expect(res.text).not.toContain('已确认');
  });

  test('an ended session says so on the login page', async () => {
    const res = await request(app).get('/staff/review').set('X-Test-Session-Ended', '1');
    expect(res.headers.location).toBe(`/staff/login?next=${encodeURIComponent('/staff/review')}&expired=1`);
  });

  test('htmx is told to load the login page, not to swap it into a fragment', async () => {
    const res = await request(app).get('/staff/review').set('HX-Request', 'true');
    expect(res.status).toBe(204);
    expect(res.headers['hx-redirect']).toBe(`/staff/login?next=${encodeURIComponent('/staff/review')}`);
  });

  test('a signed-in applicant is not staff: the staff login, not the page', async () => {
    const res = await request(app).get('/staff/review').set('X-Test-Principal', applicant);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/staff\/login\?next=/);
  });

  test.each([
    ['/staff/review', 'reviewer', '审核页面'],
    ['/staff/users', 'bureau_admin', '账号管理'],
    ['/staff/users', 'system_admin', '账号管理'],
  ])('%s opens for a %s', async (url, role, body) => {
    const res = await request(app).get(url).set('X-Test-Principal', staff(role));
    expect(res.status).toBe(200);
    expect(res.text).toBe(body);
  });

  test('the right role may POST', async () => {
    const res = await request(app).post('/staff/confirm').set('X-Test-Principal', staff('operator', 1, 11)).type('form').send({});
    expect(res.status).toBe(200);
    expect(res.text).toBe('已确认');
  });

  test.each([
    ['get', '/staff/review', 'operator', '您没有权限访问此页面，此功能仅限注册机构审核员使用'],
    ['get', '/staff/review', 'bureau_admin', '您没有权限访问此页面，此功能仅限注册机构审核员使用'],
    ['get', '/staff/review', 'system_admin', '您没有权限访问此页面，此功能仅限注册机构审核员使用'],
    ['post', '/staff/confirm', 'reviewer', '您没有权限访问此页面，此功能仅限确认点操作员使用'],
    ['get', '/staff/users', 'reviewer', '您没有权限访问此页面，此功能仅限机构管理员、系统管理员使用'],
  ] as const)('%s %s by a %s is a 403 Chinese page', async (method, url, role, message) => {
    const res = await request(app)[method](url).set('X-Test-Principal', staff(role, 1, 11));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<title>没有权限 - 测试站点</title>');
    expect(res.text).toContain(message);
    expect(res.text).not.toMatch(/审核页面|已确认|账号管理/);
  });

  test('a guard open to no role is a wiring mistake, caught at start-up', () => {
    expect(() => requireRole()).toThrow('requireRole needs at least one role');
  });
});
