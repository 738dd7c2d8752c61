import sharp from 'sharp';
import { normaliseApplicantPhoto, normaliseDocumentPhoto } from './images';
import { meetsPhotoSpec } from '../domain/photoSpec';

/** Real decoding with sharp: no mocks. */
describe('photo normalisation', () => {
  test.each([
    ['a big landscape JPEG', 3000, 2000, 'jpeg'],
    ['a portrait PNG', 600, 900, 'png'],
    ['a small but acceptable WebP', 200, 260, 'webp'],
  ])('%s becomes a JPEG inside the national spec', async (_l, width, height, format) => {
    const input = await sharp({ create: { width, height, channels: 3, background: '#abcdef' } }).toFormat(format as 'jpeg').toBuffer();
    const result = await normaliseApplicantPhoto(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const meta = await sharp(result.value.data).metadata();
    expect(meetsPhotoSpec({ format: meta.format ?? '', width: meta.width ?? 0, height: meta.height ?? 0, bytes: result.value.data.length })).toBe(true);
  });

  test('noisy photos still come in under 190 KB', async () => {
    const noise = Buffer.alloc(1200 * 1600 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const input = await sharp(noise, { raw: { width: 1200, height: 1600, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
    const result = await normaliseApplicantPhoto(input);
    expect(result.ok && result.value.data.length < 190 * 1024).toBe(true);
  });

  test.each([
    ['text with a .jpg name', Buffer.from('hello, I am not a photo')],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
  ])('%s is refused', async (_l, input) => {
    expect((await normaliseApplicantPhoto(input)).ok).toBe(false);
    expect((await normaliseDocumentPhoto(input)).ok).toBe(false);
  });

  test('tiny or absurdly shaped images are refused', async () => {
    const tiny = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#fff' } }).png().toBuffer();
    const strip = await sharp({ create: { width: 2000, height: 300, channels: 3, background: '#fff' } }).png().toBuffer();
    expect((await normaliseApplicantPhoto(tiny)).ok).toBe(false);
    expect((await normaliseApplicantPhoto(strip)).ok).toBe(false);
  });
});
