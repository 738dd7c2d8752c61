import { makeTestApp, TestContext, Browser, loginAs, DEMO, escaped, byIdNumber } from '../helpers/app';
import { BUREAU, cameraPhoto, expectPhotoSpec } from '../helpers/wizard';
import {
  applicationRow, editBureauUrl, editDetailsUrl, editFields, hiddenFields, leaveMessage, listRow, postEditDetails, stateOf, staffStatus, submittedApplication,
} from '../helpers/applications';
import { DEFAULT_NOTES } from '../../src/domain/notices';
import { readSnapshot, snapshotOf } from '../../src/journeys/registration';
import type { Answers } from '../../src/journeys/registration';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const REFUSED = '只有注册结论为“网报待确认”且在确认结束时间之前，才可修改报名信息；注册机构和确认点只能在网报时间内修改（“机构选择有误”时除外）。';
const STALE = '报名信息已在其他页面修改，请刷新后重试';
const closeOnlineWindow = (planId: number) =>
  ctx.db('plans').where({ id: planId }).update({ online_end: new Date(ctx.clock.now().getTime() - 1000).toISOString() });
/** The online window and the confirmation (the plan's and every point's of it) both over. */
const closeConfirmation = async (planId: number) => {
  const past = new Date(ctx.clock.now().getTime() - 1000).toISOString();
  await ctx.db('plans').where({ id: planId }).update({ online_end: past, confirm_end: past });
  const plan = await ctx.db('plans').where({ id: planId }).first('bureau_id');
  await ctx.db('confirmation_points').where({ bureau_id: plan.bureau_id }).whereNotNull('confirm_end').update({ confirm_end: past });
};

describe('查询报名信息', () => {
  test('the table: 注册报名号, 证书号码, 现任教学段, 现任教学科, 注册结论, 注册机构 and the 操作 links', async () => {
    const { b, no } = await submittedApplication(ctx);
    const res = await b.get('/applications');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<th scope="col">注册报名号</th><th scope="col">证书号码</th><th scope="col">现任教学段</th><th scope="col">现任教学科</th><th scope="col">注册结论</th><th scope="col">注册机构</th><th scope="col">操作</th>');
    const row = listRow(res.text, no);
    expect(row?.cells).toEqual([no, '20094478131000123', '初级中学', '数学', '网报待确认', '台山市教育局']);
    expect(row?.ops).toContain(`<a href="/applications/${no}/notes">查看注册事项</a>`);
    expect(row?.ops).toContain(`<a href="/applications/${no}">查看报名信息</a>`);
    expect(row?.ops).toContain(`<a href="/applications/${no}/edit/details">修改报名信息</a>`);
    // 000 §3.3.5: 查看留言信息 shows only once the point or the bureau has left a message.
    expect(row?.ops).not.toContain('查看留言信息');
    expect(row?.ops).toContain(`<a href="/applications/${no}/form">定期注册申请表预览</a>`);
    expect(row?.materials).toBe('您的报名信息已被注册机构台山市教育局受理，请按照机构要求准备材料并修改报名信息。');
  });

  test('the explanations of 网报待确认, 待注册审批 and 确认未通过 (seed 000 §3.3)', async () => {
    const { b } = await submittedApplication(ctx);
    const res = await b.get('/applications');
    expect(res.text).toContain('“网报待确认”是指申请人网上报名成功但还没有到现场确认时间或已经进入现场确认时间段，但本人还没有去现场确认的状况。');
    expect(res.text).toContain('“待注册审批”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，且提交的申请材料齐全，等待注册机构审批期间的过程。');
    expect(res.text).toContain('“确认未通过”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，并提交申报材料，但所提交材料不齐全。');
  });

  test.each(['待注册审批', '确认未通过', '注册合格'])('in %s there is no 修改报名信息 link; the other links stay', async (status) => {
    const { b, no, row: app } = await submittedApplication(ctx);
    await staffStatus(ctx, app.id, status);
    const row = listRow((await b.get('/applications')).text, no);
    expect(row?.cells[4]).toBe(status);
    expect(row?.ops).not.toContain('修改报名信息');
    for (const link of ['查看注册事项', '查看报名信息', '定期注册申请表预览']) expect(row?.ops).toContain(link);
  });

  test('in 网报待确认 after the online window: 修改报名信息 until the confirmation end (001 §5, 003), none after it', async () => {
    const { b, no, ids } = await submittedApplication(ctx);
    await closeOnlineWindow(ids.planId);
    const open = listRow((await b.get('/applications')).text, no);
    expect(open?.cells[4]).toBe('网报待确认');
    expect(open?.ops).toContain(`<a href="/applications/${no}/edit/details">修改报名信息</a>`);
    await closeConfirmation(ids.planId);
    expect(listRow((await b.get('/applications')).text, no)?.ops).not.toContain('修改报名信息');
  });

  test('定期注册材料确认情况 shows the missing materials of the latest event that lists them', async () => {
    const { b, no, row: app } = await submittedApplication(ctx);
    const t = ctx.clock.now().getTime();
    await staffStatus(ctx, app.id, '确认未通过', { missing: '《教师资格定期注册申请表》一式2份', at: new Date(t + 1000).toISOString() });
    await staffStatus(ctx, app.id, '确认未通过', { missing: '年度考核证明、培训证明', at: new Date(t + 2000).toISOString() });
    // A later event without missing materials does not hide them.
    await ctx.db('application_events').insert({ application_id: app.id, actor_type: 'staff', actor_id: null, action: 'note', from_status: '确认未通过', to_status: '确认未通过', reason: '电话已通知', missing_materials: null, created_at: new Date(t + 3000).toISOString() });
    const row = listRow((await b.get('/applications')).text, no);
    expect(row?.cells[4]).toBe('确认未通过');
    expect(row?.materials).toBe('材料不全，缺少：年度考核证明、培训证明');
  });

  test('materials confirmed: 待注册审批 without missing materials', async () => {
    const { b, no, row: app } = await submittedApplication(ctx);
    await staffStatus(ctx, app.id, '待注册审批');
    expect(listRow((await b.get('/applications')).text, no)?.materials).toBe('材料已确认');
  });

  test('an applicant without applications sees 暂无报名记录 and nobody else\'s', async () => {
    const { no } = await submittedApplication(ctx);
    const huang = await loginAs(ctx, DEMO.huang);
    const res = await huang.get('/applications');
    expect(res.status).toBe(200);
    expect(res.text).toContain('暂无报名记录');
    expect(res.text).not.toContain(no);
  });
});

describe('修改报名信息: 注册信息 (edit/details)', () => {
  test('the form is filled with the application; a successful edit bumps version and records an edit event', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const form = await b.get(editDetailsUrl(no));
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="台山市台城第一初级中学"');
    expect(form.text).toContain(`name="pendingPhotoId" value="${before.photo_file_id}"`);
    const res = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { schoolName: '台山市新宁中学', postcode: '529201' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/applications/${no}`);
    const after = await applicationRow(ctx, no);
    expect(after.version).toBe(before.version + 1);
    expect(after.status).toBe('网报待确认');
    expect(after.photo_file_id).toBe(before.photo_file_id);
    expect(readSnapshot(after.data).answers.details).toMatchObject({ schoolName: '台山市新宁中学', postcode: '529201' });
    const events = await ctx.db('application_events').where({ application_id: before.id }).orderBy('id');
    expect(events.map((e) => e.action)).toEqual(['submit', 'edit']);
    const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
    expect(events[1]).toMatchObject({ actor_type: 'applicant', actor_id: account.id, from_status: '网报待确认', to_status: '网报待确认', reason: '修改注册信息' });
    const shown = await b.get(`/applications/${no}`);
    expect(shown.text).toContain('报名信息修改成功');
    expect(shown.text).toContain('台山市新宁中学');
    expect(shown.text).toContain('修改报名信息：修改注册信息');
  });

  test('a validation error re-renders with the summary and the typed values (422); nothing is saved', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const res = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { schoolName: '台山市新宁中学', postcode: '12', graduationDate: '2099-01-01' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="error-summary"');
    expect(res.text).toContain('href="#field-postcode"');
    expect(res.text).toContain('通讯邮编须为6位数字');
    expect(res.text).toContain('毕业时间不能晚于今天');
    expect(res.text).toContain('value="台山市新宁中学"');
    expect(res.text).toContain('value="12"');
    expect(res.text).toContain('value="2099-01-01"');
    expect(res.text).toMatch(/<option value="0701" selected>/);
    const after = await applicationRow(ctx, no);
    expect(after).toEqual(before);
    expect(await ctx.db('application_events').where({ application_id: before.id, action: 'edit' })).toHaveLength(0);
  });

  test('a new photo is normalised (JPEG 290–300 × 408–418, < 190 KB) and becomes applications.photo_file_id', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const res = await postEditDetails(b, editDetailsUrl(no), editFields(ids), await cameraPhoto(1600, 1200));
    expect(res.status).toBe(303);
    const after = await applicationRow(ctx, no);
    expect(after.photo_file_id).not.toBe(before.photo_file_id);
    expect(after.version).toBe(before.version + 1);
    expect(readSnapshot(after.data).answers.details?.photoFileId).toBe(after.photo_file_id);
    const photo = await ctx.db('files').where({ id: after.photo_file_id }).first();
    const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
    expect(photo).toMatchObject({ kind: 'photo', mime: 'image/jpeg', account_id: account.id });
    await expectPhotoSpec(ctx.container.personal.openBytes(photo.data)); // stored encrypted
    // The page shows the new photo, and the owner can load it.
    expect((await b.get(`/applications/${no}`)).text).toContain(`src="/apply/photo/${after.photo_file_id}"`);
    const img = await b.get(`/apply/photo/${after.photo_file_id}`);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
  });

  test('a good new photo with another error is kept for the next post; a file that is not an image changes nothing', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const bad = await postEditDetails(b, editDetailsUrl(no), editFields(ids), Buffer.from('<html>not an image</html>'));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('上传的文件不是有效的图片');
    expect(await applicationRow(ctx, no)).toEqual(before);
    const withError = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { postcode: '12' }), await cameraPhoto());
    expect(withError.status).toBe(422);
    const pending = Number(/name="pendingPhotoId" value="(\d+)"/.exec(withError.text)?.[1]);
    expect(pending).not.toBe(before.photo_file_id);
    expect((await applicationRow(ctx, no)).photo_file_id).toBe(before.photo_file_id);
    const ok = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { pendingPhotoId: String(pending) }));
    expect(ok.status).toBe(303);
    expect((await applicationRow(ctx, no)).photo_file_id).toBe(pending);
  });
});

describe('修改报名信息: 注册机构和确认点 (edit/bureau)', () => {
  test('another confirmation point: saved, version bumped, an edit event 修改注册机构', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const form = await b.get(editBureauUrl(no));
    expect(form.status).toBe(200);
    expect(form.text).toMatch(new RegExp(`value="${ids.pointId}" id="point-${ids.pointId}" checked`));
    const other = await ctx.db('confirmation_points').where({ name: '台山市第一中学确认点' }).first('id');
    const res = await b.submit(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, pointId: String(other.id), action: 'save' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/applications/${no}`);
    const after = await applicationRow(ctx, no);
    expect(after).toMatchObject({ point_id: other.id, version: before.version + 1, status: '网报待确认', plan_id: ids.planId });
    expect(readSnapshot(after.data).answers.bureau?.pointId).toBe(other.id);
    expect(readSnapshot(after.data).answers.details).toEqual(readSnapshot(before.data).answers.details);
    const edit = await ctx.db('application_events').where({ application_id: before.id, action: 'edit' }).first();
    expect(edit).toMatchObject({ from_status: '网报待确认', to_status: '网报待确认', reason: '修改注册机构' });
    const notes = await b.get(`/applications/${no}/notes`);
    expect(notes.text).toContain('台山市第一中学确认点');
  });

  test('no point chosen: 422 with the message, nothing saved', async () => {
    const { b, no, ids, row: before } = await submittedApplication(ctx);
    const res = await b.submit(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, action: 'save' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="error-summary"');
    expect(res.text).toContain('请选择确认点');
    expect(await applicationRow(ctx, no)).toEqual(before);
  });
});

describe('修改报名信息 is refused outside 网报待确认 and outside the online window', () => {
  async function expectRefusedEverywhere(b: Browser, no: string, ids: { bureauId: string; pointId: string; certificateId: string; planId: number }, applicationId: number) {
    const before = await stateOf(ctx, applicationId);
    const other = await ctx.db('confirmation_points').where({ name: '台山市第一中学确认点' }).first('id');
    const attempts = [
      await b.get(editDetailsUrl(no)),
      await b.get(editBureauUrl(no)),
      await postEditDetails(b, editDetailsUrl(no), editFields(ids, { schoolName: '台山市新宁中学' }), await cameraPhoto(), { tokenFrom: '/applications' }),
      await b.post(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, pointId: String(other.id), action: 'save' }, '/applications'),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/applications');
    }
    expect(await stateOf(ctx, applicationId)).toEqual(before);
    const list = await b.get('/applications');
    expect(list.text).toContain(REFUSED);
  }

  test.each(['待注册审批', '确认未通过', '注册合格'])('in %s: every edit redirects to /applications with a message, nothing changes', async (status) => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, status);
    await expectRefusedEverywhere(b, no, ids, row.id);
  });

  test('in 网报待确认 after the confirmation end: refused, nothing changes', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    await closeConfirmation(ids.planId);
    await expectRefusedEverywhere(b, no, ids, row.id);
  });

  test('in 网报待确认 after the online window, before the confirmation end: the 注册信息 are saved; the bureau stays', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    await closeOnlineWindow(ids.planId);
    const shown = await b.get(`/applications/${no}`);
    expect(shown.text).toContain(`href="/applications/${no}/edit/details"`);
    expect(shown.text).not.toContain(`href="/applications/${no}/edit/bureau"`);
    const saved = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { schoolName: '台山市新宁中学' }), null, { tokenFrom: `/applications/${no}` });
    expect([saved.status, saved.headers.location]).toEqual([303, `/applications/${no}`]);
    expect(await applicationRow(ctx, no)).toMatchObject({ status: '网报待确认', version: row.version + 1 });
    const bureau = await b.get(editBureauUrl(no));
    expect([bureau.status, bureau.headers.location]).toEqual([303, '/applications']);
  });

  test('in 网报待确认 before the online window opens (a plan moved later): refused', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    await ctx.db('plans').where({ id: ids.planId }).update({ online_start: new Date(ctx.clock.now().getTime() + 1000).toISOString() });
    await expectRefusedEverywhere(b, no, ids, row.id);
  });

  test('the show page offers no edit buttons then', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    expect((await b.get(`/applications/${no}`)).text).toContain(`href="/applications/${no}/edit/details"`);
    await staffStatus(ctx, row.id, '待注册审批');
    const shown = await b.get(`/applications/${no}`);
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain('/edit/details');
    expect(shown.text).not.toContain('/edit/bureau');
  });
});

describe('机构选择有误', () => {
  test('the applicant re-chooses bureau and point (not details); the status returns to 网报待确认 with an event', async () => {
    const { b, no, ids, row: submitted } = await submittedApplication(ctx);
    const row = await staffStatus(ctx, submitted.id, '机构选择有误'); // a status change is a new version too
    const shown = await b.get(`/applications/${no}`);
    expect(shown.text).toContain(`href="/applications/${no}/edit/bureau"`);
    expect(shown.text).not.toContain(`href="/applications/${no}/edit/details"`);
    // The table never links to the 注册信息 form, which would only be refused.
    const listed = listRow((await b.get('/applications')).text, no);
    expect(listed?.cells[4]).toBe('机构选择有误');
    expect(listed?.ops).not.toContain('/edit/details');
    expect((await b.get('/applications')).text).toContain('“机构选择有误”是指注册机构不受理您的申报');
    // 注册信息 stay locked.
    const before = await stateOf(ctx, row.id);
    const details = await b.get(editDetailsUrl(no));
    expect([details.status, details.headers.location]).toEqual([303, '/applications']);
    const postDetails = await postEditDetails(b, editDetailsUrl(no), editFields(ids, { schoolName: '台山市新宁中学' }), null, { tokenFrom: '/applications' });
    expect([postDetails.status, postDetails.headers.location]).toEqual([303, '/applications']);
    expect(await stateOf(ctx, row.id)).toEqual(before);
    // The bureau choice is open.
    const form = await b.get(editBureauUrl(no));
    expect(form.status).toBe(200);
    expect(form.text).toContain('机构选择有误');
    const other = await ctx.db('confirmation_points').where({ name: '台山市培英职业技术学校确认点' }).first('id');
    const res = await b.submit(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, pointId: String(other.id), action: 'save' });
    expect(res.status).toBe(303);
    const after = await applicationRow(ctx, no);
    expect(after).toMatchObject({ status: '网报待确认', point_id: other.id, version: row.version + 1 });
    const last = await ctx.db('application_events').where({ application_id: row.id }).orderBy('id', 'desc').first();
    expect(last).toMatchObject({ actor_type: 'applicant', action: 'edit', from_status: '机构选择有误', to_status: '网报待确认', reason: '修改注册机构' });
    // Back in 网报待确认: 注册信息 may be edited again.
    expect((await b.get(editDetailsUrl(no))).status).toBe(200);
  });

  test('correctable whatever the wrong bureau’s window says: to a bureau whose online window is open', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '机构选择有误');
    await closeConfirmation(ids.planId);
    expect(listRow((await b.get('/applications')).text, no)?.ops).toContain(`<a href="/applications/${no}/edit/bureau">修改报名信息</a>`);
    // 开平 has an open plan; it gets a point here.
    const kaiping = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
    await ctx.db('confirmation_points').insert({ bureau_id: kaiping.id, name: '开平市教育局确认点', active: true });
    const pointId = (await ctx.db('confirmation_points').where({ bureau_id: kaiping.id }).first('id')).id;
    // The wrong bureau's own window is closed: choosing it again is refused by its window, not by the status.
    const same = await b.post(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'save' }, `/applications/${no}/edit/bureau`);
    expect(same.status).toBe(422);
    expect(same.text).toContain('当前时间不在该机构的网报时间段内');
    const res = await b.post(editBureauUrl(no), { ...BUREAU, cityCode: '440700', bureauId: String(kaiping.id), pointId: String(pointId), action: 'save' }, `/applications/${no}/edit/bureau`);
    expect(res.status).toBe(303);
    expect(await applicationRow(ctx, no)).toMatchObject({ status: '网报待确认', bureau_id: kaiping.id, point_id: pointId });
  });
});

describe('查看留言信息', () => {
  test('messages with author and time; the unread count on /applications disappears after viewing (read_at set)', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    await leaveMessage(ctx, row.id, '请补交年度考核证明。', '2026-11-23T01:30:00.000Z');
    await leaveMessage(ctx, row.id, '现场确认时请携带<教师资格证书>原件 & 复印件。', '2026-11-23T01:45:00.000Z', 'reviewer');
    const list = listRow((await b.get('/applications')).text, no);
    expect(list?.ops).toContain('查看留言信息 <span class="badge">有留言（2条未读）</span>');
    const page = await b.get(`/applications/${no}/messages`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<strong>台山市教育局人事股</strong> · 留言时间: 2026-11-23 09:30');
    expect(page.text).toContain('<strong>台山市教育局</strong> · 留言时间: 2026-11-23 09:45');
    expect(page.text).toContain('请补交年度考核证明。');
    expect(page.text).toContain(escaped('现场确认时请携带<教师资格证书>原件 & 复印件。'));
    expect(page.text).not.toContain('<教师资格证书>');
    expect(page.text.indexOf('请补交年度考核证明')).toBeLessThan(page.text.indexOf('现场确认时请携带'));
    const rows = await ctx.db('messages').where({ application_id: row.id });
    expect(rows.map((m) => m.read_at)).toEqual([ctx.clock.now().toISOString(), ctx.clock.now().toISOString()]);
    const again = listRow((await b.get('/applications')).text, no);
    expect(again?.ops).toContain(`<a href="/applications/${no}/messages">查看留言信息 <span class="badge">有留言</span></a>`);
    expect(again?.ops).not.toContain('未读');
    // A new message counts again, alone.
    await leaveMessage(ctx, row.id, '材料已收到。', '2026-11-23T01:50:00.000Z');
    expect(listRow((await b.get('/applications')).text, no)?.ops).toContain('有留言（1条未读）');
  });

  test('no messages: 暂无留言', async () => {
    const { b, no } = await submittedApplication(ctx);
    const page = await b.get(`/applications/${no}/messages`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('暂无留言');
  });
});

describe('查看注册事项', () => {
  test('the confirmation point, the plan\'s confirmation window and the five default notes', async () => {
    const { b, no } = await submittedApplication(ctx);
    const page = await b.get(`/applications/${no}/notes`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`报名号：<strong>${no}</strong>`);
    // The demo plan: confirmation from 25 days before TEST_NOW (10:00 China time) to 75 days after.
    expect(page.text).toContain('请您在确认时间: <strong>2026-10-29 00:00 至 2027-02-06 23:59</strong>');
    expect(page.text).toContain('到确认点: <strong>台山市教育局人事股</strong> 进行现场确认');
    expect(page.text).toContain('地址：台山市台城环市北路教育局3楼');
    expect(DEFAULT_NOTES).toHaveLength(5);
    for (const note of DEFAULT_NOTES.slice(0, 4)) expect(page.text).toContain(`<p>${note}</p>`);
    // (五)'s second sentence (000) points at this bureau's section of the public contacts page.
    const bureauId = (await applicationRow(ctx, no)).bureau_id;
    expect(page.text).toContain(`<p>（五）申请人如有疑问，可咨询所在学校和所在区的定期注册机构。各区注册机构联系方式见本系统“<a href="/contacts#bureau-${bureauId}">联系方式</a>”页面。</p>`);
    expect(page.text).toContain('台山市2026年度中小学教师资格定期注册工作安排');
  });

  test('the bureau\'s own notes replace the defaults; a point\'s own window wins over the plan\'s', async () => {
    const { b, no, ids } = await submittedApplication(ctx);
    await ctx.db('bureaus').where({ id: Number(ids.bureauId) }).update({ notes: '一、请携带身份证原件。\n二、请携带教师资格证书原件。' });
    await ctx.db('confirmation_points').where({ id: Number(ids.pointId) }).update({ confirm_start: '2026-12-01T01:00:00.000Z', confirm_end: '2026-12-05T09:00:00.000Z' });
    const page = await b.get(`/applications/${no}/notes`);
    expect(page.text).toContain('<p>一、请携带身份证原件。</p>');
    expect(page.text).toContain('<p>二、请携带教师资格证书原件。</p>');
    for (const note of DEFAULT_NOTES) expect(page.text).not.toContain(note);
    expect(page.text).toContain('<strong>2026-12-01 09:00 至 2026-12-05 17:00</strong>');
  });

  // BUG: src/web/routes/applications.ts:64-68 takes the window from registration.bureauContext(), i.e. the
  // bureau's *current* plan (currentPlan: open, else upcoming, else latest), not the application's own
  // plan (application.plan_id) as /apply/done/:no does (src/web/routes/apply.ts:199). Once 网报 has closed
  // and the bureau has published its next plan, 查看注册事项 shows the next plan's confirmation window.
  test('the confirmation window is the application\'s plan\'s, even after the bureau published its next plan', async () => {
    const { b, no, ids } = await submittedApplication(ctx);
    const day = 24 * 3600 * 1000;
    const at = (days: number) => new Date(ctx.clock.now().getTime() + days * day).toISOString();
    await ctx.db('plans').where({ id: ids.planId }).update({ online_end: at(-1) }); // 网报 closed, 现场确认 goes on
    await ctx.db('plans').insert({
      bureau_id: Number(ids.bureauId), year: 2027, batch: 1, title: '2027年度定期注册', online_start: at(200), online_end: at(230),
      confirm_start: at(205), confirm_end: at(240), stages: '1,2,3,4,5', created_at: at(0),
    });
    const page = await b.get(`/applications/${no}/notes`);
    expect(page.text).toContain('<strong>2026-10-29 00:00 至 2027-02-06 23:59</strong>');
  });
});

describe('access: only the owner, and only real numbers', () => {
  const areaUrls = (no: string, photoId: number) => [
    `/applications/${no}`, `/applications/${no}/notes`, `/applications/${no}/messages`, `/applications/${no}/edit/details`,
    `/applications/${no}/edit/bureau`, `/apply/done/${no}`, `/apply/photo/${photoId}`,
  ];

  test('another applicant gets 404 on every page, photo and form of the application, and reading marks nothing', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    await leaveMessage(ctx, row.id, '请补交年度考核证明。', '2026-11-23T01:30:00.000Z');
    // The owner can open them all.
    const owner = await Promise.all(areaUrls(no, row.photo_file_id).filter((u) => !u.endsWith('/messages')).map((u) => b.get(u)));
    expect(owner.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const before = await stateOf(ctx, row.id);
    const huang = await loginAs(ctx, DEMO.huang);
    for (const url of areaUrls(no, row.photo_file_id)) {
      const res = await huang.get(url);
      expect([url, res.status]).toEqual([url, 404]);
      expect(res.text).not.toContain(no);
      expect(res.text).not.toContain('台山市台城第一初级中学');
    }
    expect(await stateOf(ctx, row.id)).toEqual(before);
    expect(before.messages[0].read_at).toBeNull();
  });

  test('another applicant\'s POSTs: 404 with his own CSRF token, 403 without one; nothing changes', async () => {
    const { ids, no, row } = await submittedApplication(ctx);
    const before = await stateOf(ctx, row.id);
    const huang = await loginAs(ctx, DEMO.huang);
    const other = await ctx.db('confirmation_points').where({ name: '台山市第一中学确认点' }).first('id');
    const bureauFields = { ...BUREAU, bureauId: ids.bureauId, pointId: String(other.id), action: 'save' };
    const detailsFields = editFields(ids, { schoolName: '台山市新宁中学' });

    const bureauWithToken = await huang.post(editBureauUrl(no), bureauFields, '/me');
    expect(bureauWithToken.status).toBe(404);
    const detailsWithToken = await postEditDetails(huang, editDetailsUrl(no), detailsFields, await cameraPhoto(), { tokenFrom: '/me' });
    expect(detailsWithToken.status).toBe(404);
    const bureauNoToken = await huang.agent.post(editBureauUrl(no)).type('form').send(bureauFields);
    expect(bureauNoToken.status).toBe(403);
    const detailsNoToken = await postEditDetails(huang, editDetailsUrl(no), detailsFields, await cameraPhoto(), { token: null });
    expect(detailsNoToken.status).toBe(403);
    const detailsWrongToken = await postEditDetails(huang, editDetailsUrl(no), detailsFields, null, { token: 'x'.repeat(64) });
    expect(detailsWrongToken.status).toBe(403);

    const after = await stateOf(ctx, row.id);
    expect(after.application).toEqual(before.application);
    expect(after.events).toEqual(before.events);
    // Huang's own uploads may be stored as his files, never attached to 李明's application.
    expect(after.application.photo_file_id).toBe(row.photo_file_id);
  });

  test('anonymous requests are sent to /login (303)', async () => {
    const { no, row, ids } = await submittedApplication(ctx);
    const anonymous = new Browser(ctx.app);
    for (const url of ['/applications', ...areaUrls(no, row.photo_file_id)]) {
      const res = await anonymous.get(url);
      expect([url, res.status]).toEqual([url, 303]);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
    const before = await stateOf(ctx, row.id);
    const bureau = await anonymous.post(editBureauUrl(no), { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'save' }, '/login');
    expect(bureau.status).toBe(303);
    expect(bureau.headers.location).toMatch(/^\/login\?/);
    const details = await postEditDetails(anonymous, editDetailsUrl(no), editFields(ids), null, { tokenFrom: '/login' });
    expect(details.status).toBe(303);
    expect(details.headers.location).toMatch(/^\/login\?/);
    expect(await stateOf(ctx, row.id)).toEqual(before);
  });

  test.each(['abc', '123456789', '%3Cscript%3E', '2600000', '26999999', '26000001%00', '..%2F..%2Fme', '-1'])(
    'a malformed or unknown number (%s) gives 404, never 500', async (bad) => {
      const { b } = await submittedApplication(ctx);
      for (const url of [`/applications/${bad}`, `/applications/${bad}/notes`, `/applications/${bad}/messages`, `/applications/${bad}/edit/details`,
        `/applications/${bad}/edit/bureau`, `/apply/done/${bad}`, `/apply/photo/${bad}`]) {
        const res = await b.get(url);
        expect([url, res.status]).toEqual([url, 404]);
        expect(res.text).toContain('您访问的页面不存在');
      }
      const post = await b.post(`/applications/${bad}/edit/bureau`, { action: 'save' }, '/applications');
      expect(post.status).toBe(404);
    });

  test('a broken percent-encoding is a 4xx page, not a 500', async () => {
    const { b } = await submittedApplication(ctx);
    const res = await b.get('/applications/%E0%A4%A');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('optimistic concurrency', () => {
  // BUG: the version is never carried by the form. src/web/routes/applications.ts (the `own` loader, line 34)
  // reads the application afresh on every POST and updateApplication (src/services/registration.ts:318)
  // checks that fresh version, so a second tab loaded at version 1 overwrites the first edit silently
  // (303 instead of 409). The edit forms (views/pages/applications/edit-*.ejs) need a hidden version
  // field and the routes need to pass it to updateApplication.
  test('two edits of 注册信息 from pages loaded at the same version: the second is refused (409), the first stays', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    const tabA = await b.get(editDetailsUrl(no));
    const tabB = await b.get(editDetailsUrl(no));
    expect([tabA.status, tabB.status]).toEqual([200, 200]);
    // Each tab posts back what its page held (hidden fields included), as a browser would.
    const first = await postEditDetails(b, editDetailsUrl(no), { ...hiddenFields(tabA.text), ...editFields(ids, { schoolName: '台山市新宁中学' }) }, null, { tokenFrom: '/applications' });
    expect(first.status).toBe(303);
    const second = await postEditDetails(b, editDetailsUrl(no), { ...hiddenFields(tabB.text), ...editFields(ids, { schoolName: '台山市台城第二中学' }) }, null, { tokenFrom: '/applications' });
    expect(second.status).toBe(409);
    expect(second.text).toContain(STALE);
    const after = await applicationRow(ctx, no);
    expect(after.version).toBe(row.version + 1);
    expect(readSnapshot(after.data).answers.details?.schoolName).toBe('台山市新宁中学');
    expect(after.school_name).toBe('台山市新宁中学');
  });

  // BUG: the same as above for 注册机构和确认点 (edit/bureau).
  test('two edits of 注册机构和确认点 from pages loaded at the same version: the second is refused (409)', async () => {
    const { b, no, ids, row } = await submittedApplication(ctx);
    const points = await ctx.db('confirmation_points').where({ bureau_id: Number(ids.bureauId) }).orderBy('id');
    const tabA = await b.get(editBureauUrl(no));
    const tabB = await b.get(editBureauUrl(no));
    const first = await b.post(editBureauUrl(no), { ...hiddenFields(tabA.text), ...BUREAU, bureauId: ids.bureauId, pointId: String(points[1].id), action: 'save' }, '/applications');
    expect(first.status).toBe(303);
    const second = await b.post(editBureauUrl(no), { ...hiddenFields(tabB.text), ...BUREAU, bureauId: ids.bureauId, pointId: String(points[2].id), action: 'save' }, '/applications');
    expect(second.status).toBe(409);
    expect(second.text).toContain(STALE);
    expect(await applicationRow(ctx, no)).toMatchObject({ point_id: points[1].id, version: row.version + 1 });
  });

  test('the service refuses a write on a stale version with the message, and the first write stays', async () => {
    const { no, row } = await submittedApplication(ctx);
    const { applications } = ctx.container.services;
    const account = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber).then((found) => found[0]);
    const answers = readSnapshot(row.data).answers;
    const edit = async (changed: Answers) => {
      const { snapshot, columns } = await snapshotOf(ctx.container.journeyDeps.registration, account, changed);
      return applications.applicantEdit(account, row, { part: 'details', columns, data: JSON.stringify(snapshot), ip: null });
    };
    const first = await edit({ ...answers, details: { ...answers.details!, schoolName: '台山市新宁中学' } });
    expect(first.ok).toBe(true);
    const second = await edit({ ...answers, details: { ...answers.details!, schoolName: '台山市台城第二中学' } });
    expect(second).toEqual({ ok: false, errors: { _form: STALE } });
    const after = await applicationRow(ctx, no);
    expect(after.version).toBe(row.version + 1);
    expect(readSnapshot(after.data).answers.details?.schoolName).toBe('台山市新宁中学');
    expect(after.school_name).toBe('台山市新宁中学');
    expect(await ctx.db('application_events').where({ application_id: row.id, action: 'edit' })).toHaveLength(1);
  });
});
