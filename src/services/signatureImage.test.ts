import sharp from 'sharp';
import { readSignature, signatureFromPad, signatureFromPhoto, SIGNATURE_MESSAGES } from './signatureImage';

/** A transparent 500 × 200 canvas as the pad sends it, with a scribble of `strokes` lines drawn in SVG. */
async function padPng(strokes: number): Promise<string> {
  const lines = Array.from({ length: strokes }, (_, i) => `<path d="M ${40 + i * 30} 150 C ${80 + i * 30} 20, ${120 + i * 30} 180, ${160 + i * 30} 60" stroke="#111" stroke-width="4" fill="none"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="200">${lines}</svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('个人承诺书 signature images', () => {
  it('a drawn signature becomes a small PNG cropped to the ink', async () => {
    const r = await signatureFromPad(await padPng(4));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ mime: 'image/png', source: 'pad' });
    expect(r.value.width).toBeLessThan(500);
    expect((await sharp(r.value.data).metadata()).format).toBe('png');
  });

  it('refuses a blank pad, a dot, and data that is not a PNG', async () => {
    expect(await signatureFromPad(await padPng(0))).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.blank } });
    expect(await signatureFromPad('data:image/png;base64,aGVsbG8=')).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.notImage } });
    expect(await signatureFromPad('data:text/html;base64,PGI+')).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.notImage } });
  });

  it('a photo of the signed promise is decoded and re-encoded; a tiny or fake one is refused', async () => {
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#f4f4f4' } }).jpeg().toBuffer();
    const r = await signatureFromPhoto(photo);
    expect(r.ok && r.value).toMatchObject({ mime: 'image/jpeg', source: 'photo', width: 1200, height: 900 });
    const tiny = await sharp({ create: { width: 100, height: 60, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await signatureFromPhoto(tiny)).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.tooSmall } });
    expect(await signatureFromPhoto(Buffer.from('%PDF-1.4 not an image'))).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.notImage } });
  });

  it('the pad wins over a photo; neither is refused with the message that says what to do', async () => {
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const both = await readSignature(await padPng(3), photo);
    expect(both.ok && both.value.source).toBe('pad');
    expect(await readSignature('  ', null)).toEqual({ ok: false, errors: { signature: SIGNATURE_MESSAGES.missing } });
  });
});
