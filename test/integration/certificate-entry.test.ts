import sharp from 'sharp';
import { makeTestApp, TestContext, loginAs, DEMO, csrfFrom, Browser, escaped, lastSmsCode } from '../helpers/app';
import { M } from '../../src/messages';
import { MANUAL_CERT_MESSAGES } from '../../src/domain/manualCertificate';
import { submittedApplication } from '../helpers/applications';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const photo = (w = 2400, h = 1700) => sharp({ create: { width: w, height: h, channels: 3, background: '#f0e6d2' } }).jpeg({ quality: 100 }).toBuffer();
const valid = {
  holderName: '李明', idNumber: '440781198503151236', certNumber: '20024478131000777', issueDate: '2002-07-01',
  provinceCode: '440000', cityName: '江门市', qualificationCode: '3', subjectCode: 'C04', authority: '台山市教育局',
};

async function post(b: Browser, fields: Record<string, string>, files: Record<string, Buffer> = {}) {
  const page = await b.get('/apply/certificates/new/form');
  let req = b.agent.post('/apply/certificates/new/form').field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const [k, buf] of Object.entries(files)) req = req.attach(k, buf, `${k}.jpg`);
  return req;
}

test('添加说明 first, then the form; a pre-2008 certificate is added, compressed under 190 KB, and can be chosen', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const help = await b.get('/apply/certificates/new');
  expect(help.text).toContain('确认要添加教师资格证');
  const res = await post(b, valid, { photo: await photo(), extraPhoto: await photo(1200, 900) });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/apply/step/3');
  const cert = await ctx.db('certificates').where({ cert_number: valid.certNumber }).first();
  expect(cert).toMatchObject({ source: 'manual', verify_status: 'pending', holder_name: '李明', subject_name: '数学' });
  const file = await ctx.db('files').where({ id: cert.photo_file_id }).first();
  expect(file.size).toBeLessThan(190 * 1024);
  expect(file.data.subarray(0, 4).toString('latin1')).toBe('ENC1'); // encrypted at rest
  expect((await sharp(ctx.container.personal.openBytes(file.data)).metadata()).format).toBe('jpeg');
});

test.each([
  ['issued 2008 or later', { issueDate: '2009-05-01' }, MANUAL_CERT_MESSAGES.synced],
  ['a number of the synced era', { certNumber: '20094478131000999' }, MANUAL_CERT_MESSAGES.synced],
  ['a 16-digit number', { certNumber: '2002447813100077' }, MANUAL_CERT_MESSAGES.number],
  ['someone else\'s certificate', { holderName: '张三' }, MANUAL_CERT_MESSAGES.holder],
  ['no subject', { subjectCode: '' }, '请选择任教学科'],
])('%s is refused with its message, values kept', async (_l, change, message) => {
  const b = await loginAs(ctx, DEMO.liMing);
  const res = await post(b, { ...valid, ...change }, { photo: await photo(800, 600) });
  expect(res.status).toBe(422);
  expect(res.text).toContain(escaped(message));
  expect(res.text).toContain('value="台山市教育局"');
});

test('广西 certificates may be added up to 2011', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const res = await post(b, { ...valid, provinceCode: '450000', issueDate: '2010-03-01', certNumber: '20104581310007770' }, { photo: await photo(800, 600) });
  expect(res.status).toBe(303);
});

test('a certificate the system already has is refused', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  await post(b, valid, { photo: await photo(800, 600) });
  const again = await post(b, valid, { photo: await photo(800, 600) });
  expect(again.status).toBe(409);
  expect(again.text).toContain(MANUAL_CERT_MESSAGES.exists);
});

test('without the photo, or with a file that is not an image', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  const none = await post(b, valid);
  expect(none.status).toBe(422);
  expect(none.text).toContain(MANUAL_CERT_MESSAGES.photo);
  const bad = await post(b, valid, { photo: Buffer.from('GIF89a-not-really') });
  expect(bad.text).toContain('上传的文件不是有效的图片');
});

test('a hand-entered certificate is not answered by the public 证书查询 until verified; the personal centre marks it', async () => {
  const b = await loginAs(ctx, DEMO.liMing);
  expect((await post(b, valid, { photo: await photo(800, 600) })).status).toBe(303);
  const cert = await ctx.db('certificates').where({ cert_number: valid.certNumber }).first();

  async function publicQuery(certNumber: string) {
    const visitor = new Browser(ctx.app);
    const fields = { name: '李明', idNumber: valid.idNumber, certNumber, mobile: '13800001234', captcha: 'x' };
    expect((await visitor.submit('/certificates/query', { ...fields, action: 'send-sms' })).status).toBe(200);
    ctx.clock.advance(61_000); // the SMS cool-down of the next query
    return visitor.submit('/certificates/query', { ...fields, smsCode: await lastSmsCode(ctx, '13800001234'), action: 'query' });
  }

  const synced = await publicQuery('20094478131000123');
  expect(synced.status).toBe(200);
  expect(synced.text).toContain('认定机构名称');
  const pending = await publicQuery(valid.certNumber);
  expect(pending.status).toBe(404);
  expect(pending.text).toContain(M.certQuery.none);

  const list = await b.get('/me/certificates');
  expect(list.text).toMatch(new RegExp(`${valid.certNumber} <strong class="unverified">（待人工核验）</strong>`));
  expect(list.text).not.toMatch(/20094478131000123 <strong/);
  expect((await b.get(`/me/certificates/${cert.id}`)).text).toContain('待人工核验');

  await ctx.db('certificates').where({ id: cert.id }).update({ verify_status: 'rejected' });
  expect((await publicQuery(valid.certNumber)).status).toBe(404);
  expect((await b.get('/me/certificates')).text).toContain('（核验未通过）');

  await ctx.db('certificates').where({ id: cert.id }).update({ verify_status: 'verified' });
  const verified = await publicQuery(valid.certNumber);
  expect(verified.status).toBe(200);
  expect(verified.text).toContain(valid.certNumber);
  expect((await b.get('/me/certificates')).text).not.toContain('class="unverified"');
});

describe('教师资格证书信息: which certificates, and a hand-added one\'s 修改 and 删除 (000 §2.2, step 3)', () => {
  async function added(b: Browser) {
    expect((await post(b, valid, { photo: await photo(800, 600) })).status).toBe(303);
    return ctx.db('certificates').where({ cert_number: valid.certNumber }).first();
  }
  async function postEdit(b: Browser, id: number, fields: Record<string, string>, files: Record<string, Buffer> = {}) {
    const page = await b.get(`/me/certificates/${id}/edit`);
    let req = b.agent.post(`/me/certificates/${id}/edit`).field('_csrf', csrfFrom(page.text));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [k, buf] of Object.entries(files)) req = req.attach(k, buf, `${k}.jpg`);
    return req;
  }

  test('a synced certificate issued before 2008 is not listed; hand-added ones are, marked 待人工核验, with 修改 and 删除', async () => {
    await ctx.db('certificates').insert({
      cert_number: '20054478131000555', holder_name: '李明', id_type: '1', id_number: '440781198503151236', sex: '1', issue_date: '2005-07-01',
      province_code: '440000', qualification_code: '3', subject_code: 'C04', subject_name: '数学', issuing_authority: '台山市教育局', source: 'synced', created_at: ctx.clock.now().toISOString(),
    });
    await ctx.container.services.protection.sealLegacyRows(); // written plain, as an import before encryption did
    const b = await loginAs(ctx, DEMO.liMing);
    const cert = await added(b);
    const page = await b.get('/me/certificates');
    expect(page.text).not.toContain('20054478131000555');
    expect(page.text).toContain('20094478131000123');
    expect(page.text).toContain(`${valid.certNumber} <strong class="unverified">（待人工核验）</strong>`);
    expect(page.text).toContain(`<a href="/me/certificates/${cert.id}/edit">修改</a> <a href="/me/certificates/${cert.id}/delete">删除</a>`);
    // Synced rows have neither; step 3 shows 修改 on the hand-added row, as 000 does.
    expect(page.text.match(/>修改</g)).toHaveLength(1);
    expect((await b.get('/apply/step/3')).status).toBeLessThan(500);
  });

  test('修改: the form holds its facts; a wrong value re-renders 422 with the values kept; a correction goes back to 待人工核验, audited', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const cert = await added(b);
    await ctx.db('certificates').where({ id: cert.id }).update({ verify_status: 'rejected', verify_note: '照片不清晰' });
    const form = await b.get(`/me/certificates/${cert.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${valid.certNumber}"`);
    expect(form.text).toContain(`action="/me/certificates/${cert.id}/edit"`);
    const bad = await postEdit(b, cert.id, { ...valid, issueDate: '2009-05-01', authority: '江门市教育局' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(escaped(MANUAL_CERT_MESSAGES.synced));
    expect(bad.text).toContain('value="江门市教育局"');
    const ok = await postEdit(b, cert.id, { ...valid, authority: '江门市教育局' });
    expect([ok.status, ok.headers.location]).toEqual([303, `/me/certificates/${cert.id}`]);
    const after = await ctx.db('certificates').where({ id: cert.id }).first();
    expect(after).toMatchObject({ issuing_authority: '江门市教育局', verify_status: 'pending', verify_note: null, photo_file_id: cert.photo_file_id });
    const audit = await ctx.db('audit_log').where({ action: 'certificate.manual-edit' }).first();
    expect(audit).toMatchObject({ actor_type: 'applicant', target: `certificate:${valid.certNumber}` });
  });

  test('删除 asks first, then removes it (audited); someone else\'s is a 404', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const cert = await added(b);
    const other = await loginAs(ctx, DEMO.huang);
    expect((await other.get(`/me/certificates/${cert.id}/delete`)).status).toBe(404);
    expect((await other.get(`/me/certificates/${cert.id}/edit`)).status).toBe(404);
    const confirm = await b.get(`/me/certificates/${cert.id}/delete`);
    expect(confirm.text).toContain('确认删除');
    const res = await b.submit(`/me/certificates/${cert.id}/delete`, {});
    expect([res.status, res.headers.location]).toEqual([303, '/me/certificates']);
    expect(await ctx.db('certificates').where({ id: cert.id }).first()).toBeUndefined();
    expect(await ctx.db('audit_log').where({ action: 'certificate.manual-delete' }).first()).toMatchObject({ actor_type: 'applicant' });
  });

  test('once an application holds it: no 修改/删除, and a direct POST is refused with the reason, nothing changes', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const cert = await added(b);
    const { row } = await submittedApplication(ctx);
    await ctx.db('applications').where({ id: row.id }).update({ certificate_id: cert.id }); // as if submitted with it
    const page = await b.get('/me/certificates');
    expect(page.text).not.toContain(`/me/certificates/${cert.id}/edit`);
    expect((await b.get(`/me/certificates/${cert.id}/edit`)).headers.location).toBe('/me/certificates');
    const token = csrfFrom((await b.get('/me/certificates')).text);
    let req = b.agent.post(`/me/certificates/${cert.id}/edit`).field('_csrf', token);
    for (const [k, v] of Object.entries({ ...valid, authority: '江门市教育局' })) req = req.field(k, v);
    const refused = await req;
    expect([refused.status, refused.headers.location]).toEqual([303, '/me/certificates']);
    expect((await b.get('/me/certificates')).text).toContain('该证书已用于提交的定期注册申请，不能再修改或删除。');
    const del = await b.post(`/me/certificates/${cert.id}/delete`, {}, '/me/certificates');
    expect([del.status, del.headers.location]).toEqual([303, '/me/certificates']);
    expect(await ctx.db('certificates').where({ id: cert.id }).first()).toMatchObject({ issuing_authority: '台山市教育局' });
  });
});
