import sharp from 'sharp';
import { makeTestApp, TestContext, loginAs, DEMO, csrfFrom, Browser, escaped, byIdNumber } from '../helpers/app';
import { M } from '../../src/messages';
import { MAX_UPLOAD_BYTES } from '../../src/services/images';
import { BUREAU, DETAILS, cameraPhoto, demoIds } from '../helpers/wizard';

/** Each refused part of a multipart form is reported by its own field, never by another one. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

const jpeg = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#f0e6d2' } }).jpeg().toBuffer();
const tooBig = () => Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024, 1);
const tooLong = 'x'.repeat(70 * 1024); // beyond the 64 KB a multipart text value may have
const TOO_LARGE = M.upload.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024);

/** The message shown by a field ('' when it has none). */
function fieldError(html: string, name: string): string {
  return [...html.matchAll(/<p class="error-message" id="error-([A-Za-z]+)">([^<]*)<\/p>/g)].find((m) => m[1] === name)?.[2] ?? '';
}

async function post(b: Browser, url: string, parts: Array<[string, string] | [string, Buffer, string]>) {
  const page = await b.get(url);
  let req = b.agent.post(url).field('_csrf', csrfFrom(page.text));
  for (const part of parts) req = part.length === 2 ? req.field(part[0], part[1]) : req.attach(part[0], part[1], part[2]);
  return req;
}

const CERT = {
  holderName: '李明', idNumber: '440781198503151236', certNumber: '20024478131000777', issueDate: '2002-07-01',
  provinceCode: '440000', cityName: '江门市', qualificationCode: '3', subjectCode: 'C04',
};

describe('添加教师资格证书信息', () => {
  const url = '/apply/certificates/new/form';

  test('an over-long text value is reported by that field, not as "not an image" on the photo', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await post(b, url, [...Object.entries(CERT), ['authority', tooLong], ['photo', await jpeg(800, 600), 'photo.jpg']]);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'authority')).toBe(escaped(M.upload.fieldTooLong));
    expect(fieldError(res.text, 'photo')).toBe('');
    expect(res.text).not.toContain(escaped(M.upload.notImage));
    expect(res.text).toContain('value="20024478131000777"'); // what came before is kept
  });

  test('a too large second file is blamed on the second file, not the first', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await post(b, url, [...Object.entries(CERT), ['authority', '台山市教育局'],
      ['photo', await jpeg(800, 600), 'photo.jpg'], ['extraPhoto', tooBig(), 'extra.jpg']]);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'extraPhoto')).toBe(escaped(TOO_LARGE));
    expect(fieldError(res.text, 'photo')).toBe('');
  });

  test('a file on a field that takes none is reported there', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const res = await post(b, url, [...Object.entries(CERT), ['authority', '台山市教育局'], ['photo', await jpeg(800, 600), 'photo.jpg'], ['photo', await jpeg(800, 600), 'again.jpg']]);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'photo')).toBe(escaped(M.upload.oneFile));
  });
});

describe('申请人工审核', () => {
  test('a too large 国徽面 is reported by 国徽面, not by 人像面', async () => {
    const b = await loginAs(ctx, DEMO.huang);
    await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'failed' });
    const res = await post(b, '/me/realname/review', [['name', '黄志强'], ['front', await jpeg(800, 500), 'front.jpg'], ['back', tooBig(), 'back.jpg']]);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'back')).toBe(escaped(TOO_LARGE));
    expect(fieldError(res.text, 'front')).toBe('');
    expect(res.text).toContain('value="黄志强"');
    await ctx.db('accounts').where(byIdNumber(ctx, DEMO.huang.idNumber)).update({ realname_status: 'verified' });
  });
});

describe('填写注册信息 (step 3)', () => {
  test('an over-long 通讯地址 is reported by 通讯地址; the photo is not called "not an image"', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await demoIds(ctx);
    expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
    expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
    const fields = Object.entries({ ...DETAILS, certificateId: ids.certificateId, address: tooLong });
    const res = await post(b, '/apply/step/3', [...fields, ['photo', await cameraPhoto(), 'photo.jpg']]);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'address')).toBe(escaped(M.upload.fieldTooLong));
    expect(res.text).not.toContain(escaped(M.upload.notImage));
    expect(res.text).toContain(`value="${DETAILS.postcode}"`);
  });
});
