import sharp from 'sharp';
import { makeTestApp, TestContext, Browser, DEMO, loginAs, escaped, byIdNumber, csrfFrom } from '../helpers/app';
import { cameraPhoto } from '../helpers/wizard';
import { staffBrowser } from '../helpers/staff';
import { importRows } from '../helpers/imports';
import { submittedCertification } from '../helpers/certification';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';
import { RECORD_MESSAGES } from '../../src/domain/certificationRecords';
import { CERTIFICATION_MESSAGES as MSG } from '../../src/domain/certification/notices';

/**
 * 认定's 步骤二 填写身份信息 and its side trips over HTTP without JavaScript (seed 002 §3.1.2 ③④): 添加普通话证书 leads to the
 * personal centre and back to the step (or to 修改's copy of it) with the new certificate chosen — only to those pages;
 * 是否在校生 = 是 with 同步学籍 (once only) and 补充数据 (only 注册学籍 qualifies), choices kept on every refusal.
 */
let ctx: TestContext;
let zhang: Browser;
const ZHANG = DEMO.zhangXiaowen.idNumber;
const HUANG = DEMO.huang.idNumber;
const header = (kind: keyof typeof CERTIFICATION_IMPORT_COLUMNS) => CERTIFICATION_IMPORT_COLUMNS[kind].map((c) => c.label);
const STEP2 = '/certify/step/2';
const RETURN = `return=${encodeURIComponent(STEP2)}`;

beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  const admin = await staffBrowser(ctx, 'bureauadmin');
  await importRows(ctx, admin, 'putonghua', [header('putonghua'), ['44071920230777', '张晓雯', '', ZHANG, '一级乙等', '93.5', '2023-05-20', '广东省语言文字工作委员会']]);
  zhang = await loginAs(ctx, DEMO.zhangXiaowen);
  await zhang.submit('/certify/step/1', { agree: '1', authorise: '1' });
});
afterAll(async () => {
  await ctx?.container.services.importJobs.idle();
  await ctx?.close();
});

const putonghuaId = async (certNumber: string) => Number((await ctx.db('putonghua_certificates').where({ cert_number: certNumber }).first('id')).id);
const signaturePng = () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#fff"/><path d="M20 200 C120 20 200 280 320 100 S 480 260 580 60" stroke="#111" stroke-width="8" fill="none"/></svg>')).png().toBuffer();
const accountId = async (idNumber: string) => Number((await ctx.db('accounts').where(byIdNumber(ctx, idNumber)).first('id')).id);
const checked = (html: string, id: number) => new RegExp(`id="putonghua-${id}" value="${id}" checked`).test(html);

describe('添加普通话证书 from 步骤二', () => {
  test('the step links to 普通话证书信息 with a return to itself; the list and its forms carry it on', async () => {
    const step = (await zhang.get(STEP2)).text;
    expect(step).toContain(`href="/me/putonghua?${escaped(RETURN)}"`);
    const list = (await zhang.get(`/me/putonghua?${RETURN}`)).text;
    expect(list).toContain(`href="/me/putonghua/verify?${escaped(RETURN)}"`);
    expect(list).toContain(`href="/me/putonghua/enter?${escaped(RETURN)}"`);
    expect(list).toContain(`<a href="${STEP2}">返回填写身份信息</a>`);
    const form = (await zhang.get(`/me/putonghua/verify?${RETURN}`)).text;
    expect(form).toContain(`<input type="hidden" name="return" value="${STEP2}">`);
    expect(form).toContain(`href="/me/putonghua?${escaped(RETURN)}">返回</a>`);
  });

  test('a refused 核验 keeps the return; 核验 then leads back to the step with the new certificate chosen', async () => {
    const bad = await zhang.post('/me/putonghua/verify', { certNumber: '44071920239999', return: STEP2 }, `/me/putonghua/verify?${RETURN}`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(`<input type="hidden" name="return" value="${STEP2}">`);
    const ok = await zhang.post('/me/putonghua/verify', { certNumber: '44071920230777', return: STEP2 }, `/me/putonghua/verify?${RETURN}`);
    const id = await putonghuaId('44071920230777');
    expect([ok.status, ok.headers.location]).toEqual([303, `${STEP2}?putonghua=${id}`]);
    const step = (await zhang.get(ok.headers.location)).text;
    expect(step).toContain('核验通过，普通话证书信息已同步');
    expect(checked(step, id)).toBe(true);
    // Without the offer nothing is chosen yet (the step was never answered).
    expect(checked((await zhang.get(STEP2)).text, id)).toBe(false);
  });

  test('删除 on the list keeps the way back to the step', async () => {
    await zhang.post('/me/putonghua/enter', { certNumber: '0055443', level: '二级甲等', score: '88', testedOn: '2005-06-20', issuer: '广东省普通话培训测试中心', return: STEP2 }, `/me/putonghua/enter?${RETURN}`);
    const id = await putonghuaId('0055443');
    const list = (await zhang.get(`/me/putonghua?${RETURN}`)).text;
    expect(list).toMatch(new RegExp(`action="/me/putonghua/${id}/delete"[^>]*>.*?<input type="hidden" name="return" value="${STEP2}">`, 's'));
    const res = await zhang.post(`/me/putonghua/${id}/delete`, { return: STEP2 }, `/me/putonghua?${RETURN}`);
    expect([res.status, res.headers.location]).toEqual([303, `/me/putonghua?${RETURN}`]);
    expect(await ctx.db('putonghua_certificates').where({ id }).first()).toBeUndefined();
    // A foreign return is dropped, as everywhere.
    await zhang.post('/me/putonghua/enter', { certNumber: '0055444', level: '二级甲等', score: '88', testedOn: '2005-06-20', issuer: '广东省普通话培训测试中心' }, '/me/putonghua/enter');
    const other = await zhang.post(`/me/putonghua/${await putonghuaId('0055444')}/delete`, { return: 'https://evil.example/' }, '/me/putonghua');
    expect(other.headers.location).toBe('/me/putonghua');
  });

  test('another account’s certificate offered in the address is not chosen', async () => {
    const li = await loginAs(ctx, DEMO.liMing);
    await li.post('/me/putonghua/enter', { certNumber: '0099887', level: '二级乙等', score: '85', testedOn: '2005-05-20', issuer: '广东省普通话培训测试中心' }, '/me/putonghua/enter');
    const foreign = await putonghuaId('0099887');
    const step = (await zhang.get(`${STEP2}?putonghua=${foreign}`)).text;
    expect(step).not.toContain(`putonghua-${foreign}`);
    expect(step).not.toMatch(/name="putonghuaId"[^>]* checked/);
  });

  test('a foreign, absolute or other return is ignored: the list is where a success leads, and nothing carries it', async () => {
    const evil = ['https://evil.example/certify/step/2', '//evil.example/certify/step/2', '/me/password', '/certify/step/2/../../logout', '/certify/step/2?x=1', `${STEP2}\r\nX: 1`];
    for (const [i, back] of evil.entries()) {
      const list = (await zhang.get(`/me/putonghua?return=${encodeURIComponent(back)}`)).text;
      expect(list).not.toContain('返回填写身份信息');
      expect(list).toContain('href="/me/putonghua/enter"');
      const form = (await zhang.get(`/me/putonghua/enter?return=${encodeURIComponent(back)}`)).text;
      expect(form).not.toContain('name="return"');
      const res = await zhang.post('/me/putonghua/enter', { certNumber: `00123${i}`, level: '二级乙等', score: '85', testedOn: '2005-05-20', issuer: '广东省普通话培训测试中心', return: back }, '/me/putonghua/enter');
      expect([res.status, res.headers.location]).toEqual([303, '/me/putonghua']);
    }
  });
});

test('添加普通话证书 from 修改 (个人身份信息) comes back to that form with the new certificate chosen', async () => {
  const { no } = await submittedCertification(ctx, DEMO.liMing);
  const li = await loginAs(ctx, DEMO.liMing);
  const back = `/certifications/${no}/edit/identity`;
  const form = (await li.get(back)).text;
  expect(form).toContain(`href="/me/putonghua?return=${escaped(encodeURIComponent(back))}"`);
  const res = await li.post('/me/putonghua/enter', { certNumber: '0077665', level: '一级乙等', score: '93', testedOn: '2006-05-20', issuer: '广东省普通话培训测试中心', return: back }, `/me/putonghua/enter?return=${encodeURIComponent(back)}`);
  const id = await putonghuaId('0077665');
  expect([res.status, res.headers.location]).toEqual([303, `${back}?putonghua=${id}`]);
  expect(checked((await li.get(res.headers.location)).text, id)).toBe(true);
});

describe('是否在校生 = 是: 同步学籍 and 补充数据 from 步骤二', () => {
  const choices = async () => ({ examChoice: `exam:${(await ctx.db('qualification_proofs').first('id')).id}`, putonghuaId: String(await putonghuaId('4407812022000456')) });
  const keeps = (html: string, values: { examChoice: string; putonghuaId: string }) => {
    expect(html).toContain(`value="${values.examChoice}" checked`);
    expect(checked(html, Number(values.putonghuaId))).toBe(true);
    expect(html).toMatch(/id="student-1" value="1" checked/);
  };

  test('同步学籍 with nothing imported says what to do by the field and keeps what was chosen', async () => {
    const values = await choices();
    const res = await zhang.submit(STEP2, { ...values, student: '1', action: 'sync-student' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="error-student">${escaped(RECORD_MESSAGES.studentNotFound)}`);
    keeps(res.text, values);
  });

  test('同步学籍 reads the imported 学籍 and shows it, keeping the choices; 下一步 takes 是 with that 学籍', async () => {
    const admin = await staffBrowser(ctx, 'bureauadmin');
    await importRows(ctx, admin, 'enrolments', [header('enrolments'), ['张晓雯', '', ZHANG, '岭南师范学院', '汉语言文学', '本科', '普通全日制', '2023010101', '2023-09-01', '2027-06-30', '注册学籍']]);
    const values = await choices();
    const res = await zhang.submit(STEP2, { ...values, student: '1', action: 'sync-student' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('学籍已同步。学籍同步后，学籍信息将无法再次同步。');
    expect(res.text).toContain('岭南师范学院 汉语言文学 本科，学籍状态：注册学籍，预计毕业时间：2027-06-30（已同步）');
    expect(res.text).not.toContain('value="sync-student"');
    keeps(res.text, values);
    const next = await zhang.submit(STEP2, { ...values, student: '1' });
    expect([next.status, next.headers.location]).toEqual([303, '/certify/step/3']);
    const draft = await ctx.container.services.drafts.find<{ identity: { student: boolean; studentStatusId: number } }>(await accountId(ZHANG), 'certification');
    const row = await ctx.db('student_statuses').where({ account_id: await accountId(ZHANG) }).first('id', 'source');
    expect(row.source).toBe('synced');
    expect(draft.answers.identity).toMatchObject({ student: true, studentStatusId: Number(row.id) });
  });

  test('a second 同步学籍 (a stale page, or by hand) is refused by the field with the choices kept, the 学籍 unchanged', async () => {
    const before = await ctx.db('student_statuses').where({ account_id: await accountId(ZHANG) }).first();
    const values = await choices();
    const res = await zhang.submit(STEP2, { ...values, student: '1', action: 'sync-student' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="error-student">${escaped(RECORD_MESSAGES.studentSynced)}`);
    keeps(res.text, values);
    expect(await ctx.db('student_statuses').where({ account_id: await accountId(ZHANG) }).first()).toEqual(before);
  });

  test('补充数据 may replace a synced 学籍 that is not as expected (002); 同步学籍 stays used up', async () => {
    const values = await choices();
    const step = (await zhang.get(STEP2)).text;
    expect(step).toContain(`href="/me/education/student-status/supplement?${escaped(RETURN)}"`);
    const typed = { schoolName: '岭南师范学院', major: '小学教育', level: '本科', studyForm: '普通全日制', studentNumber: '2023010101', enrolledOn: '2023-09-01', expectedGraduation: '2027-06-30', status: '注册学籍', return: STEP2 };
    const res = await zhang.post('/me/education/student-status/supplement', typed, `/me/education/student-status/supplement?${RETURN}`);
    expect(res.headers.location).toBe(`${STEP2}?student=1`);
    const back = (await zhang.get(res.headers.location)).text;
    expect(back).toContain('岭南师范学院 小学教育 本科，学籍状态：注册学籍，预计毕业时间：2027-06-30（手工录入）');
    expect(back).not.toContain('value="sync-student"');
    const again = await zhang.submit(STEP2, { ...values, student: '1', action: 'sync-student' });
    expect(again.status).toBe(422);
    expect(again.text).toContain(escaped(RECORD_MESSAGES.studentSynced));
    expect(again.text).toContain('（手工录入）');
  });

  describe('补充数据', () => {
    let huang: Browser;
    let putonghua: string;
    const SUPPLEMENT = '/me/education/student-status/supplement';
    const fields = { schoolName: '江门幼儿师范高等专科学校', major: '学前教育', level: '专科', studyForm: '普通全日制', studentNumber: '', enrolledOn: '2023-09-01', expectedGraduation: '2026-06-30', status: '休学', return: STEP2 };
    const identity = () => ({ examChoice: 'nonExam', putonghuaId: putonghua, student: '1' });
    beforeAll(async () => {
      huang = await loginAs(ctx, DEMO.huang);
      await huang.post('/me/putonghua/enter', { certNumber: '0055443', level: '二级甲等', score: '88', testedOn: '2006-05-20', issuer: '广东省普通话培训测试中心' }, '/me/putonghua/enter');
      putonghua = String(await putonghuaId('0055443'));
      await huang.submit('/certify/step/1', { agree: '1', authorise: '1' });
    });

    test('the step links to 补充数据 with a return; a 学籍状态 not in the list is refused by the field, everything typed kept', async () => {
      expect((await huang.get(STEP2)).text).toContain(`href="${SUPPLEMENT}?${escaped(RETURN)}"`);
      const res = await huang.post(SUPPLEMENT, { ...fields, status: '在读' }, `${SUPPLEMENT}?${RETURN}`);
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="error-status"');
      expect(res.text).toContain(escaped(RECORD_MESSAGES.choose('学籍状态')));
      for (const v of ['江门幼儿师范高等专科学校', '学前教育', '2023-09-01', '2026-06-30']) expect(res.text).toContain(`value="${v}"`);
      expect(res.text).toMatch(/<option value="专科" selected>/);
      expect(res.text).toContain(`<input type="hidden" name="return" value="${STEP2}">`);
    });

    test('a 学籍 in 休学 is saved, back on the step with 是 chosen, and 下一步 refuses it by the field keeping the choices', async () => {
      const res = await huang.post(SUPPLEMENT, fields, `${SUPPLEMENT}?${RETURN}`);
      expect([res.status, res.headers.location]).toEqual([303, `${STEP2}?student=1`]);
      const step = (await huang.get(res.headers.location)).text;
      expect(step).toContain('学籍信息已保存');
      expect(step).toContain('学籍状态：休学');
      expect(step).toContain('（手工录入）');
      expect(step).toMatch(/id="student-1" value="1" checked/);
      const refused = await huang.submit(STEP2, identity());
      expect(refused.status).toBe(422);
      expect(refused.text).toContain(`id="error-student">${escaped(MSG.studentNotRegistered)}`);
      expect(refused.text).toContain('value="nonExam" checked');
      expect(checked(refused.text, Number(putonghua))).toBe(true);
      expect(refused.text).toMatch(/id="student-1" value="1" checked/);
    });

    test('补充数据 again with 注册学籍 replaces it; the step then takes 是', async () => {
      const res = await huang.post(SUPPLEMENT, { ...fields, status: '注册学籍' }, `${SUPPLEMENT}?${RETURN}`);
      expect(res.headers.location).toBe(`${STEP2}?student=1`);
      expect((await ctx.db('student_statuses').where({ account_id: await accountId(HUANG) }).select('status')).map((r) => r.status)).toEqual(['注册学籍']);
      const next = await huang.submit(STEP2, identity());
      expect([next.status, next.headers.location]).toEqual([303, '/certify/step/3']);
    });

    test('a 学籍 changed to 休学 after step 2 is refused at 提交 with what to do; back in 注册学籍 it is submitted', async () => {
      const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
      const point = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
      await huang.submit('/certify/step/3', { address: '广东省台山市台城街道环市北路1号', provinceCode: '440000', cityCode: '440700', qualificationCode: '2', bureauId: String(bureau.id), pointId: String(point.id) });
      const token = csrfFrom((await huang.get('/certify/step/4')).text);
      let step4 = huang.agent.post('/certify/step/4').field('_csrf', token);
      for (const [k, v] of Object.entries({ subjectCode: 'C03', delivery: 'self', resumeRows: '3', resume_0_from: '2019-09', resume_0_to: '', resume_0_employer: '无', resume_0_occupation: '学生', resume_0_title: '无' })) step4 = step4.field(k, v);
      expect((await step4.attach('photo', await cameraPhoto(), 'photo.jpg').attach('signaturePhoto', await signaturePng(), 'promise.png')).headers.location).toBe('/certify/step/5');
      await huang.submit('/certify/step/5', {});
      await huang.submit('/certify/step/6', {});
      // Meanwhile, in the personal centre: the 学籍 is now 休学.
      await huang.post(SUPPLEMENT, { ...fields, return: '' }, SUPPLEMENT);
      const refused = await huang.submit('/certify/step/7', { promise: 'agree' });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain(escaped('在校学籍的学籍状态为“休学”，只有学籍状态为“注册学籍”的申请人才符合认定要求，请返回“填写身份信息”重新选择'));
      await huang.post(SUPPLEMENT, { ...fields, status: '注册学籍', return: '' }, SUPPLEMENT);
      const done = await huang.submit('/certify/step/7', { promise: 'agree' });
      expect(done.headers.location).toMatch(/^\/certify\/done\/\d{8}$/);
      const row = await ctx.db('applications').where({ application_no: done.headers.location.split('/').pop() }).first('data');
      expect(JSON.parse(row.data).student).toMatchObject({ status: '注册学籍', schoolName: '江门幼儿师范高等专科学校' });
    });
  });
});
