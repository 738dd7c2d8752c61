import sharp from 'sharp';
import { Browser, csrfFrom, TestContext } from './app';

/** A portrait-ish camera photo: decodable, bigger than the spec, with some structure for the crop. */
export async function cameraPhoto(width = 900, height = 1200): Promise<Buffer> {
  const face = await sharp({ create: { width: Math.round(width / 2), height: Math.round(height / 2), channels: 3, background: '#d8a47f' } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: face, top: Math.round(height / 6), left: Math.round(width / 4) }])
    .jpeg({ quality: 95 })
    .withMetadata()
    .toBuffer();
}

export const DETAILS = {
  putonghua: '3', education: '21', majorCategory: '1', major: '0701', degree: '4', graduationSchool: '华南师范大学',
  graduationDate: '2007-07-01', learningForm: '1', schoolName: '台山市台城第一初级中学', schoolNature: '1', schoolLocation: '1',
  workStartDate: '2007-09-01', teacherTitle: 'M3', employmentDate: '2019-09-01', hukou: '广东省台山市台城街道', postType: '11',
  political: '13', postcode: '529200', address: '广东省台山市台城街道环市北路1号',
};

export const BUREAU = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04' };

/** Ids the demo seed gave the 台山 bureau, its first point and 李明's first certificate. */
export async function demoIds(ctx: TestContext) {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const cert = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first('id');
  const plan = await ctx.db('plans').where({ bureau_id: bureau.id, business: 'registration' }).first('id');
  return { bureauId: String(bureau.id), pointId: String(point.id), certificateId: String(cert.id), planId: plan.id as number };
}

/** Posts step 3 as a browser would: multipart, with the page's CSRF token first. */
export async function postDetails(b: Browser, fields: Record<string, string>, photo: Buffer | null, photoName = 'photo.jpg', url = '/apply/step/3') {
  const page = await b.get(url);
  let req = b.agent.post(url).field('_csrf', csrfFrom(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (photo) req = req.attach('photo', photo, photoName);
  return req;
}

/** Walks steps 1–5 for a demo applicant; returns the ids used. */
export async function fillUpToPromise(ctx: TestContext, b: Browser) {
  const ids = await demoIds(ctx);
  const s1 = await b.submit('/apply/step/1', { agree: '1' });
  if (s1.status !== 303) throw new Error(`step 1: ${s1.status}`);
  const s2 = await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
  if (s2.status !== 303) throw new Error(`step 2: ${s2.status} ${s2.text.slice(0, 3000)}`);
  const s3 = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, await cameraPhoto());
  if (s3.status !== 303) throw new Error(`step 3: ${s3.status} ${/error-summary[\s\S]*?<\/ul>/.exec(s3.text)?.[0]}`);
  if ((await b.submit('/apply/step/4', {})).status !== 303) throw new Error('step 4');
  if ((await b.submit('/apply/step/5', {})).status !== 303) throw new Error('step 5');
  return ids;
}

/** The stored applicant photo meets the national spec: JPEG, 290–300 × 408–418 px, under 190 KB, no EXIF. */
export async function expectPhotoSpec(data: Buffer): Promise<void> {
  const meta = await sharp(data).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.width).toBeGreaterThanOrEqual(290);
  expect(meta.width).toBeLessThanOrEqual(300);
  expect(meta.height).toBeGreaterThanOrEqual(408);
  expect(meta.height).toBeLessThanOrEqual(418);
  expect(data.length).toBeLessThan(190 * 1024);
  expect(meta.exif).toBeUndefined();
}
