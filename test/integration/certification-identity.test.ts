import { makeTestApp, TestContext, Browser, DEMO, loginAs, escaped } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { importRows } from '../helpers/imports';
import { submittedCertification } from '../helpers/certification';
import { CERTIFICATION_IMPORT_COLUMNS } from '../../src/domain/certificationImports';

/**
 * 认定's 步骤二 填写身份信息 and its side trips over HTTP without JavaScript (seed 002 §3.1.2 ③④): 添加普通话证书 leads to the
 * personal centre and back to the step (or to 修改's copy of it) with the new certificate chosen — only to those pages.
 */
let ctx: TestContext;
let zhang: Browser;
const ZHANG = DEMO.zhangXiaowen.idNumber;
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
