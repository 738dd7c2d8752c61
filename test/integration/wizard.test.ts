import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, loginAs, DEMO, escaped, countRows, byIdNumber } from '../helpers/app';
import { BUREAU, DETAILS, cameraPhoto, demoIds, expectPhotoSpec, fillUpToPromise, postDetails } from '../helpers/wizard';
import { WINDOW_MESSAGES } from '../../src/domain/planWindow';
import { DUE_MESSAGES } from '../../src/domain/registrationDue';
import { createApp } from '../../src/app';
import { createContainer } from '../../src/container';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

describe('the whole journey as plain form posts (no JavaScript)', () => {
  test('steps 1–7: 报名成功, an 8-digit 报名号, the draft gone, the application in 网报待确认', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    expect((await b.get('/apply')).headers.location).toBe('/apply/step/1');
    const ids = await fillUpToPromise(ctx, b);
    const review = await b.get('/apply/step/4');
    expect(review.text).toContain('台山市教育局');
    expect(review.text).toContain('20094478131000123');
    expect(review.text).toContain('定期注册');
    expect(review.text).toContain('华南师范大学');
    const done = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/^\/apply\/done\/26\d{6}$/);
    const receipt = await b.get(done.headers.location);
    expect(receipt.text).toMatch(/报名成功! 报名号: <strong>26\d{6}<\/strong>/);
    expect(receipt.text).toContain('台山市教育局人事股');
    const app = await ctx.db('applications').first();
    expect(app).toMatchObject({ status: '网报待确认', plan_id: ids.planId, reg_type: '定期注册', version: 1 });
    expect(await countRows(ctx, 'drafts')).toBe(0);
    const events = await ctx.db('application_events').where({ application_id: app.id });
    expect(events).toHaveLength(1);
    // The stored photo meets the spec.
    const photo = await ctx.db('files').where({ id: app.photo_file_id }).first();
    await expectPhotoSpec(ctx.container.personal.openBytes(photo.data)); // stored encrypted
    // 查询报名信息
    const list = await b.get('/applications');
    expect(list.text).toContain(app.application_no);
    expect(list.text).toContain('网报待确认');
    expect(list.text).toContain('修改报名信息');
    expect(list.text).toContain('定期注册材料确认情况');
  });

  test('steps cannot be skipped by typing a URL', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    for (const n of [2, 3, 4, 5, 6]) {
      const res = await b.get(`/apply/step/${n}`);
      expect([n, res.status, res.headers.location]).toEqual([n, 303, '/apply/step/1']);
    }
    const post = await b.submit('/apply/step/1', {}, '/apply/step/6').catch(() => null);
    expect(post?.status).toBe(303);
    expect(await countRows(ctx, 'applications')).toBe(0);
  });

  test('an applicant without 实名认证 is sent there', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).update({ realname_status: 'failed' });
    const res = await b.get('/apply/step/1');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me/realname');
  });

  test('step 1 without ticking: the national message', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await b.submit('/apply/step/1', {});
    expect(res.status).toBe(422);
    expect(res.text).toContain('请先阅读网上申报协议并同意后才可以申报！');
  });
});

describe('step 2: 选择注册机构', () => {
  async function atStep2() {
    const b = await loginAs(ctx, DEMO.liMing);
    await b.submit('/apply/step/1', { agree: '1' });
    return b;
  }
  const bureauId = async (name: string) => String((await ctx.db('bureaus').where({ name }).first('id')).id);

  test('without JavaScript, 查询 re-renders the page with the next choices filled', async () => {
    const b = await atStep2();
    const r1 = await b.submit('/apply/step/2', { provinceCode: '440000', action: 'refresh' });
    expect(r1.status).toBe(200);
    expect(r1.text).toContain('<option value="440700">江门市</option>');
    const r2 = await b.submit('/apply/step/2', { ...BUREAU, action: 'refresh' });
    expect(r2.text).toContain('台山市教育局');
    const ids = await demoIds(ctx);
    const r3 = await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, action: 'refresh' });
    expect(r3.text).toContain('网报开始时间');
    expect(r3.text).toContain('台山市第一中学确认点');
    const searched = await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, q: '职业', action: 'refresh' });
    expect(searched.text).toContain('台山市培英职业技术学校确认点');
    expect(searched.text).not.toContain('台山市第一中学确认点');
  });

  test('with htmx, each choice returns the cascade fragment only', async () => {
    const b = await atStep2();
    const ids = await demoIds(ctx);
    const res = await b.get(`/apply/cascade?mode=apply&provinceCode=440000&cityCode=440700&stage=3&subject=C04&bureauId=${ids.bureauId}`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('id="bureau-cascade"');
    expect(res.text).toContain('台山市教育局人事股');
    expect(res.headers.vary).toContain('HX-Request');
  });

  test.each([
    ['江门市蓬江区教育局', WINDOW_MESSAGES.noPlan],
    ['江门市新会区教育局', WINDOW_MESSAGES.outside],
    ['开平市教育局', WINDOW_MESSAGES.noPoints],
  ])('%s: %s', async (name, message) => {
    const b = await atStep2();
    const shown = await b.submit('/apply/step/2', { ...BUREAU, bureauId: await bureauId(name), action: 'refresh' });
    expect(shown.text).toContain(message);
    const next = await b.submit('/apply/step/2', { ...BUREAU, bureauId: await bureauId(name), action: 'next' });
    expect(next.status).toBe(422);
    expect(next.text).toContain(message);
  });

  test('no point chosen, no stage: messages beside the fields', async () => {
    const b = await atStep2();
    const ids = await demoIds(ctx);
    const res = await b.submit('/apply/step/2', { provinceCode: '440000', cityCode: '440700', bureauId: ids.bureauId, action: 'next' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('请选择现任教学段');
    expect(res.text).toContain('请选择确认点');
  });

  test('the online window: one second before and after', async () => {
    const ids = await demoIds(ctx);
    const plan = await ctx.db('plans').where({ id: ids.planId }).first();
    ctx.clock.set(new Date(Date.parse(plan.online_end) + 1000));
    const b = await atStep2();
    const after = await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    expect(after.text).toContain(WINDOW_MESSAGES.outside);
    ctx.clock.set(new Date(Date.parse(plan.online_end) - 1000));
    const b2 = await atStep2();
    const inside = await b2.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    expect(inside.status).toBe(303);
  });
});

describe('step 3: 填写注册信息', () => {
  async function atStep3() {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await demoIds(ctx);
    await b.submit('/apply/step/1', { agree: '1' });
    await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    return { b, ids };
  }

  test('a certificate not yet due shows 本教师资格证注册时间未到 and cannot be chosen', async () => {
    const b = await loginAs(ctx, DEMO.huang);
    const ids = await demoIds(ctx);
    await b.submit('/apply/step/1', { agree: '1' });
    await b.submit('/apply/step/2', { provinceCode: '440000', cityCode: '440700', stage: '2', subject: 'C03', bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    const page = await b.get('/apply/step/3');
    expect(page.text).toContain(DUE_MESSAGES.notDue);
    const cert = await ctx.db('certificates').where({ cert_number: '20084478121000789' }).first('id');
    expect(page.text).not.toContain(`id="cert-${cert.id}"`);
    const res = await postDetails(b, { ...DETAILS, certificateId: String(cert.id) }, await cameraPhoto());
    expect(res.status).toBe(422);
    expect(res.text).toContain('请选择参与本次定期注册的教师资格证书');
  });

  test('a file that is not an image is refused; the rest of the step keeps its values', async () => {
    const { b, ids } = await atStep3();
    const res = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, Buffer.from('<html>not an image</html>'), 'photo.jpg');
    expect(res.status).toBe(422);
    expect(res.text).toContain('上传的文件不是有效的图片');
    expect(res.text).toContain('value="台山市台城第一初级中学"');
    expect(res.text).toContain('value="529200"');
    expect(res.text).toMatch(/<option value="0701" selected>/);
  });

  test('a tiny image is refused with a clear message', async () => {
    const { b, ids } = await atStep3();
    const tiny = await sharp({ create: { width: 40, height: 50, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const res = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, tiny);
    expect(res.status).toBe(422);
    expect(res.text).toContain('照片太小或比例异常');
  });

  test('a good photo with other errors is kept: the next post needs no new upload', async () => {
    const { b, ids } = await atStep3();
    const first = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, postcode: '12' }, await cameraPhoto());
    expect(first.status).toBe(422);
    expect(first.text).toContain('通讯邮编须为6位数字');
    expect(first.text).toMatch(/src="\/apply\/photo\/\d+"/);
    const second = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, null);
    expect(second.status).toBe(303);
  });

  test.each([
    ['empty', {}, '请选择普通话证书信息'],
    ['dates in the future', { graduationDate: '2099-01-01' }, '毕业时间不能晚于今天'],
    ['employment before work start', { employmentDate: '2006-01-01' }, '现任教聘用日期不能早于开始参加工作时间'],
    ['bad date', { workStartDate: '2007-13-01' }, '请填写正确的开始参加工作时间'],
    ['unknown school', { graduationSchool: '不存在的大学' }, '未查到该毕业学校'],
    ['a series heading instead of a 教师职务', { teacherTitle: 'M' }, '请选择教师职务'],
    ['a 专业 not in the list', { major: '0799' }, '请选择所学专业'],
    ['too long', { address: '地'.repeat(101) }, '通讯地址不能超过100个字符'],
  ])('%s', async (_label, change, message) => {
    const { b, ids } = await atStep3();
    const fields = Object.keys(change).length ? { ...DETAILS, certificateId: ids.certificateId, ...change } : {};
    const res = await postDetails(b, fields, await cameraPhoto());
    expect(res.status).toBe(422);
    expect(res.text).toContain(escaped(message));
  });

  test('毕业学校: 查询 lists matches, a pick fills the field, 新增学校 adds one', async () => {
    const { b, ids } = await atStep3();
    const search = await postDetails(b, { ...DETAILS, graduationSchool: '师范', action: 'search-school' }, null);
    expect(search.status).toBe(200);
    expect(search.text).toContain('华南师范大学');
    expect(search.text).toContain('韩山师范学院');
    const pick = await postDetails(b, { ...DETAILS, graduationSchool: '师范', pickSchool: '韩山师范学院' }, null);
    expect(pick.text).toContain('value="韩山师范学院"');
    const noType = await postDetails(b, { ...DETAILS, newSchoolName: '台山市第二师范学校', action: 'add-school' }, null);
    expect(noType.status).toBe(422);
    expect(noType.text).toContain('请选择办学类型');
    const added = await postDetails(b, { ...DETAILS, newSchoolName: '台山市第二师范学校', newSchoolType: '3', action: 'add-school' }, null);
    expect(added.text).toContain('value="台山市第二师范学校"');
    const school = await ctx.db('schools').where({ name: '台山市第二师范学校' }).first();
    expect(school).toMatchObject({ school_type: '3' });
    const done = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, graduationSchool: '台山市第二师范学校' }, await cameraPhoto());
    expect(done.status).toBe(303);
  });
});

describe('drafts, back links and 修改 from step 4', () => {
  test('a draft survives logout and a server restart; the applicant resumes where they left', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await demoIds(ctx);
    await b.submit('/apply/step/1', { agree: '1' });
    await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    await b.submit('/me', {}, '/logout');
    // A new app on the same database file: a restart.
    const restarted = createApp(createContainer(ctx.db, ctx.config, ctx.clock));
    const again = new Browser(restarted);
    expect((await again.submit('/login', DEMO.liMing)).status).toBe(303);
    const resume = await again.get('/apply');
    expect(resume.headers.location).toBe('/apply/step/3');
    const step2 = await again.get('/apply/step/2');
    expect(step2.text).toMatch(new RegExp(`value="${ids.pointId}" id="point-${ids.pointId}" checked`));
  });

  test('修改 from step 4 returns to step 4; going back keeps later answers', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await fillUpToPromise(ctx, b);
    const review = await b.get('/apply/step/4');
    expect(review.text).toContain('/apply/step/3?from=review');
    const back = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, schoolName: '台山市新宁中学', from: 'review' }, null, 'p.jpg', '/apply/step/3?from=review');
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/apply/step/4');
    const again = await b.get('/apply/step/4');
    expect(again.text).toContain('台山市新宁中学');
    // Going back to step 2 shows the saved choice; step 3's answers are still there.
    const s3 = await b.get('/apply/step/3');
    expect(s3.text).toContain('value="台山市新宁中学"');
  });

  test('不同意 abandons the draft after a confirmation and returns to the platform', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await fillUpToPromise(ctx, b);
    const choose = await b.submit('/apply/step/6', { promise: 'disagree' });
    expect(choose.headers.location).toBe('/apply/abandon');
    expect(await countRows(ctx, 'drafts')).toBe(1);
    const confirmed = await b.submit('/apply/abandon', { confirm: '1' });
    expect(confirmed.headers.location).toBe('/platform');
    expect(await countRows(ctx, 'drafts')).toBe(0);
    expect(await countRows(ctx, 'applications')).toBe(0);
  });
});

describe('submission', () => {
  test('double submit (two posts at once, then a retry) creates exactly one application', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    await fillUpToPromise(ctx, b);
    const page = await b.get('/apply/step/6');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] as string;
    const post = () => b.agent.post('/apply/step/6').type('form').send({ _csrf: token, promise: 'agree' });
    const [r1, r2] = await Promise.all([post(), post()]);
    const r3 = await post();
    const apps = await ctx.db('applications');
    expect(apps).toHaveLength(1);
    for (const r of [r1, r2, r3]) {
      expect(r.status).toBe(303);
      expect(r.headers.location).toBe(`/apply/done/${apps[0].application_no}`);
    }
  });

  test('submitting after the window closed is refused with the window\'s dates', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await fillUpToPromise(ctx, b);
    const plan = await ctx.db('plans').where({ id: ids.planId }).first();
    // Stay signed in: the window closes while the applicant reads the promise.
    await ctx.db('plans').where({ id: ids.planId }).update({ online_end: new Date(ctx.clock.now().getTime() - 1000).toISOString() });
    const res = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('当前时间不在该机构的网报时间段内');
    expect(res.text).toContain('网报时间：');
    expect(await countRows(ctx, 'applications')).toBe(0);
    expect(plan).toBeTruthy();
  });

  test('报名号 are unique and never reused', async () => {
    const numbers = new Set<string>();
    for (const who of [DEMO.liMing]) {
      const b = await loginAs(ctx, who);
      await fillUpToPromise(ctx, b);
      const res = await b.submit('/apply/step/6', { promise: 'agree' });
      numbers.add(res.headers.location.split('/').pop() as string);
    }
    const counter = await ctx.db('counters').first();
    expect(counter.value).toBe(1);
    await ctx.db('applications').del().catch(() => undefined);
    expect(numbers.size).toBe(1);
  });
});

describe('网报时间查询 → 定期注册报名', () => {
  test('the selection made in the query rides along to step 2', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await demoIds(ctx);
    const query = `provinceCode=440000&cityCode=440700&stage=3&subject=C04&bureauId=${ids.bureauId}`;
    const window = await b.get(`/platform/window?${query}`);
    expect(window.status).toBe(200);
    expect(window.text).toContain('网报开始时间');
    expect(window.text).toContain('formaction="/apply"');
    const start = await b.get(`/apply?${query}&q=`);
    expect(start.headers.location).toBe(`/apply/step/1?${query}`);
    const step1 = await b.get(start.headers.location);
    expect(step1.text).toContain(`name="bureauId" value="${ids.bureauId}"`);
    const unticked = await b.submit(start.headers.location, { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: ids.bureauId }, '/apply/step/1');
    expect(unticked.status).toBe(422);
    expect(unticked.text).toContain(`name="bureauId" value="${ids.bureauId}"`);
    const agreed = await b.submit(start.headers.location, { agree: '1', provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: ids.bureauId }, '/apply/step/1');
    expect(agreed.headers.location).toBe(`/apply/step/2?${query}`);
    const step2 = await b.get(agreed.headers.location);
    expect(step2.text).toContain('<option value="440700" selected>江门市</option>');
    expect(step2.text).toContain('台山市教育局人事股');
  });
});
