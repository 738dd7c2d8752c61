import sharp from 'sharp';
import { agreeToPromise, completeDraft, newApplicant } from '../helpers/applicants';
import { staffStatus } from '../helpers/applications';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, lastSmsCode, csrfFrom, escaped, byIdNumber, accountRow } from '../helpers/app';
import { M } from '../../src/messages';
import type { IdentityVerifier } from '../../src/services/realname';

let ctx: TestContext;
// A verifier that knows only the demo names, as a bureau's identity list would.
const known = new Map([[DEMO.liMing.idNumber, '李明'], [DEMO.huang.idNumber, '黄志强'], [DEMO.chenFang.idNumber, '陈芳']]);
const verifier: IdentityVerifier = { verify: async ({ idNumber, name }) => ({ passed: known.get(idNumber) === name }) };
beforeAll(async () => { ctx = await makeTestApp({ verifier }); });
afterAll(async () => ctx?.close());
beforeEach(() => ctx.clock.advance(24 * 3600_000));

const jpeg = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#88aacc' } }).jpeg().toBuffer();

async function accountId(idNumber: string): Promise<number> {
  return (await ctx.db('accounts').where(byIdNumber(ctx, idNumber)).first('id')).id;
}

describe('first login: 补充个人身份信息 before anything else', () => {
  test('陈芳 is sent to the completion page from every personal page, and fills it in', async () => {
    const b = await loginAs(ctx, DEMO.chenFang);
    for (const url of ['/me', '/me/certificates', '/me/realname']) {
      const res = await b.get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/me/complete');
    }
    const empty = await b.submit('/me/complete', {});
    expect(empty.status).toBe(422);
    expect(empty.text).toContain(M.identity.ethnicity);
    expect(empty.text).toContain(M.identity.validity);
    const future = await b.submit('/me/complete', { ethnicityCode: '01', validity: '10', validFrom: '2099-01-01' });
    expect(future.text).toContain(M.identity.validFromFuture);
    expect(future.text).toMatch(/<option value="01" selected>汉族<\/option>/);
    const expired = await b.submit('/me/complete', { ethnicityCode: '01', validity: '5', validFrom: '2010-01-01' });
    expect(expired.text).toContain(M.identity.expired);
    const ok = await b.submit('/me/complete', { ethnicityCode: '04', validity: '20', validFrom: '2020-05-06' });
    expect(ok.status).toBe(303);
    const row = await ctx.container.repos.accounts.findByIdNumber(DEMO.chenFang.idNumber).then((found) => found[0]);
    expect(row).toMatchObject({ ethnicity_code: '04', id_validity: '20', id_valid_from: '2020-05-06', id_valid_to: '2040-05-06' });
    const me = await b.get('/me');
    expect(me.status).toBe(200);
    expect(me.text).toContain('藏族');
  });
});

describe('修改个人身份信息', () => {
  test('edits 民族, validity and e-mail; ID number and mobile stay masked', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const page = await b.get('/me/identity');
    expect(page.text).toContain('44**************36');
    expect(page.text).not.toContain(DEMO.liMing.idNumber);
    expect(page.text).toContain('139****1236');
    const bad = await b.submit('/me/identity', { ethnicityCode: '01', validity: 'long', validFrom: '2019-02-30', email: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(M.identity.validFrom);
    expect(bad.text).toContain(M.email);
    expect(bad.text).toContain('value="2019-02-30"');
    const ok = await b.submit('/me/identity', { ethnicityCode: '01', validity: 'long', validFrom: '2019-02-28', email: 'liming@example.com' });
    expect(ok.status).toBe(303);
    const row = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber).then((found) => found[0]);
    expect(row).toMatchObject({ id_validity: 'long', id_valid_to: null, email: 'liming@example.com' });
  });

  test('while an application is under review, identity and mobile edits are refused with the seeds\' message', async () => {
    // A real application, moved by staff through the lifecycle service (no status set by SQL).
    const applicant = await newApplicant(ctx, 41);
    await completeDraft(ctx, applicant.account, applicant.certificateId);
    await agreeToPromise(ctx, applicant.account);
    const application = await ctx.db('applications').where({ account_id: applicant.account.id }).first();
    await staffStatus(ctx, application.id, '待注册审批');
    const b = await loginAs(ctx, { idNumber: applicant.idNumber, password: applicant.password });
    const page = await b.get('/me/identity');
    expect(page.text).toContain('申报信息正在审批中的将不允许修改个人身份信息');
    const res = await b.submit('/me/identity', { ethnicityCode: '02', validity: '20', validFrom: '2015-06-01', email: 'h@example.com' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(escaped(M.identity.locked));
    expect((await accountRow(ctx, applicant.account.id)).ethnicity_code).toBe('01');
    await staffStatus(ctx, application.id, '网报待确认'); // 退回修改: the applicant's again
    expect((await b.submit('/me/identity', { ethnicityCode: '02', validity: '20', validFrom: '2015-06-01', email: 'h@example.com' })).status).toBe(303);
  });
});

describe('实名认证', () => {
  test('a wrong name fails (status 核验未通过, link to 人工审核); the right one passes; 3 tries a day', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).update({ realname_status: 'unverified' });
    const fail = await b.submit('/me/realname', { name: '李敏' });
    expect(fail.status).toBe(422);
    expect(fail.text).toContain(M.realname.failed);
    expect(fail.text).toContain('href="/me/realname/review"');
    expect(fail.text).toContain('value="李敏"');
    const ok = await b.submit('/me/realname', { name: '李明' });
    expect(ok.status).toBe(303);
    const page = await b.get('/me/realname');
    expect(page.text).toContain('提示: 实名认证成功。');
    const third = await b.submit('/me/realname', { name: '李明' });
    expect(third.status).toBe(303);
    const fourth = await b.submit('/me/realname', { name: '李明' });
    expect(fourth.status).toBe(422);
    expect(fourth.text).toContain(M.realname.dailyLimit);
    ctx.clock.advance(24 * 3600_000); // the next day (and a new session: the old one idled out)
    const tomorrow = await loginAs(ctx, DEMO.liMing);
    expect((await tomorrow.submit('/me/realname', { name: '李明' })).status).toBe(303);
  });

  test('a name with a bad character is refused before counting an attempt', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await b.submit('/me/realname', { name: '李明<b>' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(escaped(M.name.chars));
    expect(res.text).not.toContain('李明<b>');
  });
});

describe('申请人工审核', () => {
  async function failedBrowser() {
    const b = await loginAs(ctx, DEMO.huang);
    await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'failed' });
    return b;
  }
  async function upload(b: Browser, fields: Record<string, string>, files: Record<string, [Buffer, string]>) {
    const page = await b.get('/me/realname/review');
    let req = b.agent.post('/me/realname/review').field('_csrf', csrfFrom(page.text));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [k, [buf, name]] of Object.entries(files)) req = req.attach(k, buf, name);
    return req;
  }

  test('needs a failed check first', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const page = await b.get('/me/realname/review');
    expect(page.text).toContain(M.realname.already);
  });

  test('a file that is not an image (named .jpg) is refused and the form keeps its values', async () => {
    const b = await failedBrowser();
    const res = await upload(b, { name: '黄志强', note: '姓名无变化' }, { front: [Buffer.from('%PDF-1.4 not an image'), 'front.jpg'], back: [await jpeg(800, 500), 'back.jpg'] });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.upload.notImage);
    expect(res.text).toContain('value="黄志强"');
    expect(res.text).toContain('姓名无变化');
  });

  test('absurd dimensions are refused', async () => {
    const b = await failedBrowser();
    const res = await upload(b, { name: '黄志强' }, { front: [await jpeg(2000, 20), 'a.jpg'], back: [await jpeg(800, 500), 'b.jpg'] });
    expect(res.status).toBe(422);
    expect(res.text).toContain(M.upload.dimensions);
  });

  test('without the CSRF token the upload is refused', async () => {
    const b = await failedBrowser();
    const res = await b.agent.post('/me/realname/review').field('name', '黄志强').attach('front', await jpeg(800, 500), 'a.jpg');
    expect(res.status).toBe(403);
  });

  test('photos are decoded, stored as JPEG without metadata; the account waits; 3 requests per period', async () => {
    const b = await failedBrowser();
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#ffffff' } }).png().withMetadata().toBuffer();
    const ok = await upload(b, { name: '黄志强' }, { front: [png, 'front.png'], back: [await jpeg(900, 600), 'back.jpeg'] });
    expect(ok.status).toBe(303);
    const account = await ctx.container.repos.accounts.findByIdNumber(DEMO.huang.idNumber).then((found) => found[0]);
    expect(account.realname_status).toBe('pending_review');
    const review = await ctx.db('realname_reviews').where({ account_id: account.id }).orderBy('id', 'desc').first();
    const front = await ctx.db('files').where({ id: review.front_file_id }).first();
    expect(front.mime).toBe('image/jpeg');
    const meta = await sharp(ctx.container.personal.openBytes(front.data)).metadata(); // stored encrypted
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    // While pending: no check, no new request.
    const check = await b.submit('/me/realname', { name: '黄志强' });
    expect(check.text).toContain(M.realname.pending);
    for (let i = 0; i < 2; i++) {
      await ctx.db('accounts').where({ id: account.id }).update({ realname_status: 'failed' });
      expect((await upload(b, { name: '黄志强' }, { front: [await jpeg(800, 500), 'a.jpg'], back: [await jpeg(800, 500), 'b.jpg'] })).status).toBe(303);
    }
    await ctx.db('accounts').where({ id: account.id }).update({ realname_status: 'failed' });
    const page = await b.get('/me/realname/review');
    expect(page.text).toContain('本周期人工审核次数已达上限');
    const fourth = await upload(b, { name: '黄志强' }, { front: [await jpeg(800, 500), 'a.jpg'], back: [await jpeg(800, 500), 'b.jpg'] });
    expect(fourth.status).toBe(409);
    await ctx.db('accounts').where({ id: account.id }).update({ realname_status: 'verified' });
  });
});

describe('修改密码 and 修改手机号码', () => {
  test('old password checked; other sessions end, this one stays', async () => {
    const other = await loginAs(ctx, DEMO.liMing);
    const b = await loginAs(ctx, DEMO.liMing);
    const wrong = await b.submit('/me/password', { oldPassword: 'Nope#1234', password: 'New#Pass11', password2: 'New#Pass11' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(M.password.oldWrong);
    const ok = await b.submit('/me/password', { oldPassword: DEMO.liMing.password, password: 'New#Pass11', password2: 'New#Pass11' });
    expect(ok.status).toBe(303);
    expect((await b.get('/me')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(303);
    const back = await b.submit('/me/password', { oldPassword: 'New#Pass11', password: DEMO.liMing.password, password2: DEMO.liMing.password });
    expect(back.status).toBe(303);
  });

  test('new mobile confirmed by an SMS code sent to it', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const sent = await b.submit('/me/mobile', { oldMobile: '13907501236', newMobile: '13700001111', action: 'send-sms' });
    expect(sent.text).toContain(M.sms.sent);
    const code = await lastSmsCode(ctx, '13700001111');
    const wrongOld = await b.submit('/me/mobile', { oldMobile: '13900000000', newMobile: '13700001111', smsCode: code, action: 'submit' });
    expect(wrongOld.status).toBe(422);
    expect(wrongOld.text).toContain(M.mobileOldWrong);
    const ok = await b.submit('/me/mobile', { oldMobile: '13907501236', newMobile: '13700001111', smsCode: code, action: 'submit' });
    expect(ok.status).toBe(303);
    const [li] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
    expect(li.mobile).toBe('13700001111');
    await ctx.container.repos.accounts.update(li.id, { mobile: '13907501236' });
  });
});

/** 李明's two certificates and two registrations are listed, and nothing of 黄志强's. */
async function expectLiMingsOwn(b: Browser) {
  const certs = await b.get('/me/certificates');
  expect(certs.text).toContain('20094478131000123');
  expect(certs.text).toContain('20154478141000456');
  expect(certs.text).not.toContain('20084478121000789');
  const regs = await b.get('/me/registrations');
  expect(regs.text).toContain('2014-06-30');
  expect(regs.text).toContain('2019-12-31');
  expect(regs.text).not.toContain('2024-12-31');
}

describe('教师资格证书信息 and 定期注册信息: only one\'s own', () => {
  test('李明 sees his two certificates and two registrations, and nothing of 黄志强', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await expectLiMingsOwn(b);
    const huangCert = await ctx.db('certificates').where({ cert_number: '20084478121000789' }).first('id');
    expect((await b.get(`/me/certificates/${huangCert.id}`)).status).toBe(404);
    const huangRecord = await ctx.db('registration_records').where({ certificate_id: huangCert.id }).first('id');
    expect((await b.get(`/me/registrations/${huangRecord.id}`)).status).toBe(404);
    const own = await ctx.db('registration_records').where({ concluded_on: '2019-12-31' }).first('id');
    const detail = await b.get(`/me/registrations/${own.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('定期注册');
    expect((await b.get('/me/certificates/abc')).status).toBe(404);
  });

  test('anonymous visitors are sent to login from every personal page', async () => {
    for (const url of ['/me', '/me/identity', '/me/realname', '/me/realname/review', '/me/password', '/me/mobile', '/me/certificates', '/me/certificates/1', '/me/registrations', '/me/registrations/1']) {
      const res = await new Browser(ctx.app).get(url);
      expect([url, res.status]).toEqual([url, 303]);
    }
  });
});

describe('a change of name through 实名认证', () => {
  /** An account with an application under review, faked in the database: used only where no real one can be made (see the note in the 人工审核 test). */
  async function underReview(idNumber: string, status = '待注册审批') {
    const id = await accountId(idNumber);
    const plan = await ctx.db('plans').first('id', 'bureau_id');
    const now = ctx.clock.now().toISOString();
    await ctx.db('applications').insert({
      application_no: '26000077', account_id: id, plan_id: plan.id, bureau_id: plan.bureau_id, status, data: '{}',
      version: 1, submitted_at: now, created_at: now, updated_at: now,
    });
    return id;
  }
  const account = async (id: number) => accountRow(ctx, id);

  test('is refused with the seeds\' message while an application is under review; allowed later, it keeps certificates and history', async () => {
    // 李明's real application, moved by staff through the lifecycle service.
    const id = await accountId(DEMO.liMing.idNumber);
    const li = await accountRow(ctx, id);
    const cert = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first('id');
    await completeDraft(ctx, li, cert.id);
    await agreeToPromise(ctx, li);
    const application = await ctx.db('applications').where({ account_id: id }).first();
    await staffStatus(ctx, application.id, '待注册审批');
    known.set(DEMO.liMing.idNumber, '李敏'); // the bureau's list now knows the new name
    try {
      const b = await loginAs(ctx, DEMO.liMing);
      expect((await b.get('/me/realname')).text).toContain('申报信息正在审批中的将不允许修改个人身份信息');
      const blocked = await b.submit('/me/realname', { name: '李敏' });
      expect(blocked.status).toBe(422);
      expect(blocked.text).toContain(escaped(M.identity.locked));
      expect(blocked.text).toContain('value="李敏"');
      expect((await account(id)).name).toBe('李明');
      expect(await ctx.container.services.realname.attemptsLeftToday(id)).toBe(3); // no attempt spent

      await staffStatus(ctx, application.id, '网报待确认'); // 退回修改
      expect((await b.submit('/me/realname', { name: '李敏' })).status).toBe(303);
      const renamed = await account(id);
      expect(renamed).toMatchObject({ name: '李敏', realname_status: 'verified' });

      await expectLiMingsOwn(b);
      const own = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first();
      expect(own).toMatchObject({ holder_name: '李明', account_id: id }); // the certificate keeps the name it bears
      expect((await b.get(`/me/certificates/${own.id}`)).status).toBe(200);
      const record = await ctx.db('registration_records').where({ concluded_on: '2019-12-31' }).first('id');
      expect((await b.get(`/me/registrations/${record.id}`)).status).toBe(200);
      // The wizard (step 3's certificate table) still offers them.
      const choices = await ctx.container.services.eligibility.certificateChoices(renamed);
      expect(choices.map((c) => c.certNumber).sort()).toEqual(['20094478131000123', '20154478141000456']);

      known.set(DEMO.liMing.idNumber, '李明');
      expect((await b.submit('/me/realname', { name: '李明' })).status).toBe(303);
      expect((await b.get('/me/certificates')).text).toContain('20154478141000456');
    } finally {
      known.set(DEMO.liMing.idNumber, '李明');
      await ctx.db('accounts').where({ id }).update({ name: '李明', realname_status: 'verified' });
      // The application ends here (tests share the database): its rows go, so later tests see 李明 without one.
      const mine = await ctx.db('applications').where({ account_id: id }).select('id');
      await ctx.db('application_events').whereIn('application_id', mine.map((a) => a.id)).del();
      await ctx.db('messages').whereIn('application_id', mine.map((a) => a.id)).del();
      await ctx.db('applications').where({ account_id: id }).del();
    }
  });

  test('人工审核: a request under a new name is refused while under review; an approved one renames and keeps the certificates', async () => {
    ctx.clock.advance(60 * 24 * 3600_000); // a new review period
    // 黄志强's certificate is not due (registered 2024) and this review period lies past the demo plan's windows, so
    // no real application can be made here: the one under review is faked, and only its status is read.
    const id = await underReview(DEMO.huang.idNumber);
    const { realname, certificates } = ctx.container.services;
    try {
      await ctx.db('accounts').where({ id }).update({ realname_status: 'failed' });
      const b = await loginAs(ctx, DEMO.huang);
      const page = await b.get('/me/realname/review');
      const blocked = await b.agent.post('/me/realname/review').field('_csrf', csrfFrom(page.text)).field('name', '黄志刚')
        .attach('front', await jpeg(800, 500), 'a.jpg').attach('back', await jpeg(800, 500), 'b.jpg');
      expect(blocked.status).toBe(409);
      expect(blocked.text).toContain(escaped(M.identity.locked));
      expect(await ctx.db('realname_reviews').where({ account_id: id, name: '黄志刚' })).toHaveLength(0);

      // A request made before the application went under review: its approval must wait too.
      const [review] = await ctx.db('realname_reviews').insert({
        account_id: id, name: '黄志刚', status: 'pending', created_at: ctx.clock.now().toISOString(),
      }).returning('id');
      const reviewId = typeof review === 'number' ? review : (review as { id: number }).id;
      await ctx.db('accounts').where({ id }).update({ realname_status: 'pending_review' });
      const sysadmin = await ctx.db('staff_users').where({ username: 'sysadmin' }).first('id');
      const reviewer = { kind: 'staff' as const, staffId: sysadmin.id as number, role: 'system_admin' as const, bureauId: null, pointId: null };
      expect(await realname.decideReview(reviewer, reviewId, true, null, '127.0.0.1')).toEqual({ ok: false, errors: { _form: M.identity.locked } });
      expect((await account(id)).name).toBe('黄志强');

      await ctx.db('applications').where({ account_id: id }).update({ status: '注册合格' });
      expect((await realname.decideReview(reviewer, reviewId, true, '与证件一致', '127.0.0.1')).ok).toBe(true);
      const renamed = await account(id);
      expect(renamed).toMatchObject({ name: '黄志刚', realname_status: 'verified' });
      expect((await ctx.db('realname_reviews').where({ id: reviewId }).first()).status).toBe('approved');
      expect((await certificates.ofAccount(renamed)).map((c) => c.cert_number)).toEqual(['20084478121000789']);
      expect((await certificates.recordsOfAccount(renamed)).map((r) => r.concluded_on)).toContain('2024-12-31');
      expect(await realname.decideReview(reviewer, reviewId, false, '重复', '127.0.0.1')).toEqual({ ok: false, errors: { _form: M.realname.reviewDecided } }); // decided once
      expect(await ctx.db('audit_log').where({ action: 'realname.review-decided', actor_type: 'staff', actor_id: sysadmin.id })).toHaveLength(1);
    } finally {
      await ctx.db('accounts').where({ id }).update({ name: '黄志强', realname_status: 'verified' });
      await ctx.db('applications').where({ account_id: id }).del();
    }
  });
});
