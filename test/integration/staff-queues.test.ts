import sharp from 'sharp';
import { staffBrowser as signInStaff } from '../helpers/staff';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, csrfFrom, escaped, byIdNumber, accountRow } from '../helpers/app';
import { staffStatus, submittedApplication } from '../helpers/applications';
import { M } from '../../src/messages';
import { migrationSource } from '../../migrations';

let ctx: TestContext;
afterEach(async () => ctx?.close());

const jpeg = (w: number, h: number, background = '#88aacc') => sharp({ create: { width: w, height: h, channels: 3, background } }).jpeg().toBuffer();

const staffBrowser = (username: string) => signInStaff(ctx, username);

/** 黄志强 fails 实名认证 (as the verifier would say), then asks for 人工审核 over HTTP with both photos. */
async function requestReview(name = '黄志强', note = '生僻字', who = DEMO.huang, browser?: Browser) {
  const applicant = browser ?? (await loginAs(ctx, who));
  await ctx.db('accounts').where(byIdNumber(ctx, who.idNumber)).update({ realname_status: 'failed' });
  const page = await applicant.get('/me/realname/review');
  const res = await applicant.agent.post('/me/realname/review').field('_csrf', csrfFrom(page.text)).field('name', name).field('note', note)
    .attach('front', await jpeg(900, 600), 'front.jpg').attach('back', await jpeg(900, 600, '#ccaa88'), 'back.jpg');
  if (res.status !== 303) throw new Error(`review request: ${res.status}`);
  const account = await ctx.container.repos.accounts.findByIdNumber(who.idNumber).then((found) => found[0]);
  const review = await ctx.db('realname_reviews').where({ account_id: account.id }).orderBy('id', 'desc').first();
  return { applicant, account, reviewId: review.id as number };
}

/** 李明 adds a pre-2008 certificate over HTTP, with its photo and an extra one. */
async function addManualCertificate(certNumber = '20024478131000777') {
  const applicant = await loginAs(ctx, DEMO.liMing);
  const page = await applicant.get('/apply/certificates/new/form');
  const fields = {
    holderName: '李明', idNumber: DEMO.liMing.idNumber, certNumber, issueDate: '2002-07-01', provinceCode: '440000', cityName: '江门市',
    qualificationCode: '3', subjectCode: 'C04', authority: '台山市教育局',
  };
  let req = applicant.agent.post('/apply/certificates/new/form').field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  const res = await req.attach('photo', await jpeg(1200, 900), 'photo.jpg').attach('extraPhoto', await jpeg(800, 600), 'extra.jpg');
  if (res.status !== 303) throw new Error(`manual certificate: ${res.status}`);
  const cert = await ctx.db('certificates').where({ cert_number: certNumber }).first();
  return { applicant, certId: cert.id as number };
}

describe('实名认证人工审核 (system admin by default)', () => {
  beforeEach(async () => { ctx = await makeTestApp(); });

  test('approve: the request is listed with its photos; approved under a corrected name, the applicant is verified and reads it', async () => {
    const { applicant, account, reviewId } = await requestReview('黄志刚', '身份证上的姓名');
    const admin = await staffBrowser('sysadmin');
    expect((await admin.get('/staff')).text).toContain('href="/staff/realname"');
    const list = await admin.get('/staff/realname');
    expect(list.status).toBe(200);
    expect(list.text).toContain('黄志刚');
    expect(list.text).toContain(`href="/staff/realname/${reviewId}"`);
    const page = await admin.get(`/staff/realname/${reviewId}`);
    expect(page.text).toContain('黄志强'); // the current name
    expect(page.text).toContain('身份证上的姓名');
    expect(page.text).not.toContain(DEMO.huang.idNumber); // masked
    for (const side of ['front', 'back']) {
      const photo = await admin.get(`/staff/realname/${reviewId}/photo/${side}`);
      expect(photo.status).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(photo.headers['cache-control']).toBe('no-store');
    }
    const done = await admin.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'approve', reason: '' });
    expect(done.status).toBe(303);
    expect(await accountRow(ctx, account.id)).toMatchObject({ name: '黄志刚', realname_status: 'verified' });
    const audit = await ctx.db('audit_log').where({ action: 'realname.review-decided' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'staff', target: `account:${account.id}` });
    expect(JSON.parse(audit[0].detail)).toMatchObject({ decision: 'approved', name: '黄志刚', previousName: '黄志强' });
    expect((await admin.get('/staff/realname')).text).not.toContain(`/staff/realname/${reviewId}"`);
    const mine = await applicant.get('/me/realname');
    expect(mine.text).toContain('您的人工审核申请已审核通过');
    // The applicant is told (SMS to the account's mobile), without the details.
    const sms = await ctx.container.repos.outbox.latestTo((await accountRow(ctx, account.id)).mobile);
    expect(sms?.body).toContain('人工审核申请已通过');
    // Decided once: a second decision is refused with a message.
    const again = await admin.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'reject', reason: '重复' });
    expect(again.status).toBe(409);
    expect(again.text).toContain(M.realname.reviewDecided);
  });

  test('reject needs a reason; the applicant reads it escaped and may ask again', async () => {
    const { applicant, account, reviewId } = await requestReview();
    const admin = await staffBrowser('sysadmin');
    const token = csrfFrom((await admin.get(`/staff/realname/${reviewId}`)).text);
    const post = (fields: Record<string, string>) => admin.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ _csrf: token, ...fields });
    const empty = await post({ decision: 'reject', reason: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain(M.queues.reasonRequired);
    const long = await post({ decision: 'reject', reason: '长'.repeat(300) });
    expect(long.status).toBe(422);
    expect(long.text).toContain(M.queues.reasonTooLong(200));
    expect(long.text).toContain('长'.repeat(200)); // kept
    const unknown = await post({ decision: "approve' or 1=1 --", reason: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain(M.queues.decision);
    expect((await accountRow(ctx, account.id)).realname_status).toBe('pending_review');
    const reason = '照片<模糊> & 不清晰';
    expect((await post({ decision: 'reject', reason })).status).toBe(303);
    expect((await accountRow(ctx, account.id)).realname_status).toBe('failed');
    const mine = await applicant.get('/me/realname');
    expect(mine.text).toContain('您的人工审核申请未通过');
    expect(mine.text).toContain(escaped(reason));
    expect(mine.text).not.toContain(reason);
    expect(mine.text).toContain('href="/me/realname/review"');
    expect(await ctx.db('audit_log').where({ action: 'realname.review-decided', actor_type: 'staff' })).toHaveLength(1);
  });

  test('a rename is refused while an application is under review: the reviewer sees the message, nothing changes', async () => {
    // 李明 asks while his application waits at the counter (no lock yet); the counter confirms it before the answer.
    const { b, row } = await submittedApplication(ctx, DEMO.liMing);
    const { account, reviewId } = await requestReview('李铭', '改名', DEMO.liMing, b);
    await staffStatus(ctx, row.id, '待注册审批');
    const admin = await staffBrowser('sysadmin');
    const page = await admin.get(`/staff/realname/${reviewId}`);
    const res = await admin.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'approve' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(escaped(M.identity.locked));
    expect(await accountRow(ctx, account.id)).toMatchObject({ name: '李明', realname_status: 'pending_review' });
    expect(await ctx.db('audit_log').where({ action: 'realname.review-decided' })).toHaveLength(0);
  });

  test('only the system admin: anonymous and applicants go to the staff login, other roles get 403; CSRF; unknown ids', async () => {
    const { applicant, reviewId } = await requestReview();
    const urls = ['/staff/realname', `/staff/realname/${reviewId}`, `/staff/realname/${reviewId}/photo/front`, `/staff/realname/${reviewId}/photo/back`];
    for (const url of urls) {
      const anonymous = await new Browser(ctx.app).get(url);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/staff\/login/);
      expect((await applicant.get(url)).status).toBe(303);
    }
    for (const who of ['operator', 'reviewer', 'bureauadmin']) {
      const b = await staffBrowser(who);
      for (const url of urls) expect((await b.get(url)).status).toBe(403);
      expect((await b.get('/staff')).text).not.toContain('href="/staff/realname"');
    }
    const admin = await staffBrowser('sysadmin');
    const noToken = await admin.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ decision: 'approve' });
    expect(noToken.status).toBe(403);
    const token = csrfFrom((await admin.get('/staff/realname')).text);
    for (const url of ['/staff/realname/1e9999', '/staff/realname/0', '/staff/realname/999999', `/staff/realname/${reviewId}/photo/side`, '/staff/realname/1e9999/photo/front']) {
      const res = await admin.get(url);
      expect(res.status).toBe(404);
      expect(res.text).toContain(M.notFound);
    }
    expect((await admin.agent.post('/staff/realname/1e9999/decision').type('form').send({ _csrf: token, decision: 'approve' })).status).toBe(404);
    expect((await admin.agent.post('/staff/realname/999999/decision').type('form').send({ _csrf: token, decision: 'approve' })).status).toBe(404);
    expect((await ctx.container.repos.accounts.findByIdNumber(DEMO.huang.idNumber).then((found) => found[0])).realname_status).toBe('pending_review');
  });
});

describe('REALNAME_REVIEWER=bureau', () => {
  beforeEach(async () => { ctx = await makeTestApp({ env: { REALNAME_REVIEWER: 'bureau' } }); });

  test('the bureau\'s reviewer answers real-name requests too; operators and bureau admins still may not', async () => {
    const { reviewId } = await requestReview();
    const reviewer = await staffBrowser('reviewer');
    expect((await reviewer.get('/staff')).text).toContain('href="/staff/realname"');
    expect((await reviewer.get(`/staff/realname/${reviewId}/photo/front`)).status).toBe(200);
    const page = await reviewer.get(`/staff/realname/${reviewId}`);
    expect((await reviewer.agent.post(`/staff/realname/${reviewId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'approve' })).status).toBe(303);
    for (const who of ['operator', 'bureauadmin']) expect((await (await staffBrowser(who)).get('/staff/realname')).status).toBe(403);
  });
});

describe('补录证书核验', () => {
  beforeEach(async () => { ctx = await makeTestApp(); });

  test('verify: listed with its photos for the reviewer and the system admin; verified, the applicant sees it', async () => {
    const { applicant, certId } = await addManualCertificate();
    expect((await applicant.get(`/me/certificates/${certId}`)).text).toContain('待人工核验');
    const reviewer = await staffBrowser('reviewer');
    expect((await reviewer.get('/staff')).text).toContain('href="/staff/certificates"');
    const list = await reviewer.get('/staff/certificates');
    expect(list.text).toContain('20024478131000777');
    const page = await reviewer.get(`/staff/certificates/${certId}`);
    expect(page.status).toBe(200);
    for (const which of ['main', 'extra']) {
      const photo = await reviewer.get(`/staff/certificates/${certId}/photo/${which}`);
      expect(photo.status).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(photo.headers['cache-control']).toBe('no-store');
    }
    const done = await reviewer.agent.post(`/staff/certificates/${certId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'verify' });
    expect(done.status).toBe(303);
    const verified = await ctx.db('certificates').where({ id: certId }).first();
    expect(verified.verify_status).toBe('verified');
    const owner = await accountRow(ctx, verified.account_id);
    expect((await ctx.container.repos.outbox.latestTo(owner.mobile))?.body).toContain('人工核验已通过');
    expect(await ctx.db('audit_log').where({ action: 'certificate.verified', actor_type: 'staff', target: 'certificate:20024478131000777' })).toHaveLength(1);
    const mine = await applicant.get(`/me/certificates/${certId}`);
    expect(mine.text).toContain('核验通过');
    expect(mine.text).not.toContain('待人工核验');
    // The list's hint names 待人工核验 for every reader; the verified certificate's row carries no such mark.
    expect((await applicant.get('/me/certificates')).text).not.toContain('<strong class="unverified">（待人工核验）</strong>');
    expect((await reviewer.get('/staff/certificates')).text).not.toContain(`href="/staff/certificates/${certId}"`);
    const again = await reviewer.agent.post(`/staff/certificates/${certId}/decision`).type('form').send({ _csrf: csrfFrom(page.text), decision: 'reject', reason: 'x' });
    expect(again.status).toBe(409);
  });

  test('reject needs a reason; the applicant reads it escaped; CSRF; roles; unknown ids', async () => {
    const { applicant, certId } = await addManualCertificate();
    for (const who of ['operator', 'bureauadmin']) {
      const b = await staffBrowser(who);
      for (const url of ['/staff/certificates', `/staff/certificates/${certId}`, `/staff/certificates/${certId}/photo/main`]) expect((await b.get(url)).status).toBe(403);
    }
    for (const url of ['/staff/certificates', `/staff/certificates/${certId}/photo/main`]) {
      expect((await new Browser(ctx.app).get(url)).status).toBe(303);
      expect((await applicant.get(url)).status).toBe(303);
    }
    const admin = await staffBrowser('sysadmin');
    const page = await admin.get(`/staff/certificates/${certId}`);
    const token = csrfFrom(page.text);
    expect((await admin.agent.post(`/staff/certificates/${certId}/decision`).type('form').send({ decision: 'verify' })).status).toBe(403);
    const empty = await admin.agent.post(`/staff/certificates/${certId}/decision`).type('form').send({ _csrf: token, decision: 'reject' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain(M.queues.reasonRequired);
    for (const url of ['/staff/certificates/1e9999', '/staff/certificates/-1', '/staff/certificates/999999', `/staff/certificates/${certId}/photo/other`]) {
      expect((await admin.get(url)).status).toBe(404);
    }
    // A synced certificate is no hand-added one: not found here.
    const synced = await ctx.db('certificates').where({ source: 'synced' }).first('id');
    expect((await admin.get(`/staff/certificates/${synced.id}`)).status).toBe(404);
    expect((await admin.agent.post(`/staff/certificates/${synced.id}/decision`).type('form').send({ _csrf: token, decision: 'verify' })).status).toBe(404);
    const reason = "证书号码与照片不符 <b>'; drop table certificates; --";
    expect((await admin.agent.post(`/staff/certificates/${certId}/decision`).type('form').send({ _csrf: token, decision: 'reject', reason })).status).toBe(303);
    expect(await ctx.db('certificates').where({ id: certId }).first()).toMatchObject({ verify_status: 'rejected', verify_note: reason });
    expect(await ctx.db('audit_log').where({ action: 'certificate.rejected', actor_type: 'staff' })).toHaveLength(1);
    const mine = await applicant.get(`/me/certificates/${certId}`);
    expect(mine.text).toContain('核验未通过');
    expect(mine.text).toContain(escaped(reason));
    expect((await applicant.get('/me/certificates')).text).toContain('核验未通过');
  });
});

test('the migration that adds the certificate answer goes down and up again on this database', async () => {
  ctx = await makeTestApp();
  const name = '20261125000071_certificate_verification';
  await ctx.db.migrate.down({ migrationSource, name });
  expect(await ctx.db.schema.hasColumn('certificates', 'verify_note')).toBe(false);
  await ctx.db.migrate.up({ migrationSource, name });
  expect(await ctx.db.schema.hasColumn('certificates', 'verify_note')).toBe(true);
  expect(await ctx.db.schema.hasColumn('certificates', 'verified_at')).toBe(true);
});
