import sharp from 'sharp';
import type { ImageInput } from './images';
import { fail, ok, Result } from '../domain/validation';

/**
 * 个人承诺书 signatures of 教师资格认定 (issue 14, seed 002 步骤四 ②), in the two ways a form can bring one:
 * - drawn on the signature pad (public/js/signature-pad.js, with JavaScript): a PNG data URL of the strokes, made
 *   here into a small grey PNG cropped to the ink, refused when (nearly) blank;
 * - without JavaScript: a photo of the printed promise signed by hand, made a JPEG like any document photo.
 * Both are decoded by sharp whatever they claim to be; anything it cannot decode is refused.
 */
export const SIGNATURE_MESSAGES = {
  missing: '请在个人承诺书上手写签名（或上传签名后的个人承诺书照片）',
  blank: '签名为空，请在签名框内手写签名后再提交',
  notImage: '签名不是有效的图片，请重新签名或上传 JPG、PNG 格式的照片',
  tooSmall: '签名照片太小，请上传清晰的个人承诺书照片',
} as const;

export interface SignatureImage { data: Buffer; width: number; height: number; mime: 'image/png' | 'image/jpeg'; source: 'pad' | 'photo' }

const PAD_MAX_BYTES = 512 * 1024;
const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/;
/** Ink pixels (darker than light grey) a signature needs at least: a dot or a stray click is not a signature. */
const MIN_INK_PIXELS = 150;

/** The pad's data URL → a grey PNG cropped to the ink with a margin, at most 600 × 240. */
export async function signatureFromPad(dataUrl: string): Promise<Result<SignatureImage>> {
  const match = DATA_URL.exec(dataUrl.trim());
  if (!match) return fail({ signature: SIGNATURE_MESSAGES.notImage });
  const input = Buffer.from(match[1], 'base64');
  if (input.length === 0 || input.length > PAD_MAX_BYTES) return fail({ signature: SIGNATURE_MESSAGES.notImage });
  try {
    const flat = sharp(input, { limitInputPixels: 4_000_000 }).flatten({ background: '#ffffff' }).greyscale();
    const { data: raw, info } = await flat.clone().raw().toBuffer({ resolveWithObject: true });
    let ink = 0;
    for (let i = 0; i < raw.length; i += info.channels) if (raw[i] < 200) ink++;
    if (ink < MIN_INK_PIXELS) return fail({ signature: SIGNATURE_MESSAGES.blank });
    // sharp trims before it flattens within one pipeline: trim the flattened image in a second one.
    const trimmed = await sharp(await flat.clone().png().toBuffer()).trim({ background: '#ffffff', threshold: 30 }).toBuffer();
    const { data, info: out } = await sharp(trimmed)
      .extend({ top: 12, bottom: 12, left: 12, right: 12, background: '#ffffff' })
      .resize({ width: 600, height: 240, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9, palette: true, colours: 16 })
      .toBuffer({ resolveWithObject: true });
    return ok({ data, width: out.width, height: out.height, mime: 'image/png', source: 'pad' });
  } catch {
    return fail({ signature: SIGNATURE_MESSAGES.notImage });
  }
}

/** A photo of the signed promise (no JavaScript) → a JPEG without metadata, at most 1600 px on its longer side. */
export async function signatureFromPhoto(input: ImageInput): Promise<Result<SignatureImage>> {
  try {
    const meta = await sharp(input, { limitInputPixels: 50_000_000 }).metadata();
    if (!meta.width || !meta.height || !meta.format || !['jpeg', 'png', 'webp', 'heif', 'tiff', 'gif'].includes(meta.format)) {
      return fail({ signature: SIGNATURE_MESSAGES.notImage });
    }
    if (meta.width < 300 || meta.height < 150) return fail({ signature: SIGNATURE_MESSAGES.tooSmall });
    const { data, info } = await sharp(input, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return ok({ data, width: info.width, height: info.height, mime: 'image/jpeg', source: 'photo' });
  } catch {
    return fail({ signature: SIGNATURE_MESSAGES.notImage });
  }
}

/** What the form sent: the pad's strokes win over a photo (a user with JavaScript who also picked a file drew last). */
export async function readSignature(padData: string, photo: ImageInput | null): Promise<Result<SignatureImage>> {
  if (padData.trim() !== '') return signatureFromPad(padData);
  if (photo) return signatureFromPhoto(photo);
  return fail({ signature: SIGNATURE_MESSAGES.missing });
}
