import crypto from 'node:crypto';
import svgCaptchaModule = require('svg-captcha');
import sharp from 'sharp';
import type { Clock } from '../clock';
import type { SecurityRepo } from '../repositories/security';

// The module itself renders given text (its typings only declare create()); we keep the answer, so we need that.
const renderText = svgCaptchaModule as unknown as (text: string, options: Parameters<typeof svgCaptchaModule.create>[0]) => string;

const TTL_MS = 10 * 60 * 1000;
// No look-alikes (0/O, 1/l/I, 2/Z, 5/S …): old monitors and tired eyes.
const CHARS = '34678ABCDEFGHJKLMNPQRTUVWXY';

/**
 * Self-hosted image captcha, stateless until it is answered: the id carries its expiry and a MAC, and
 * the answer is derived from the id with a server key, so showing a form (to a crawler or a monitor as
 * much as to a teacher) writes nothing. Answering records the id in `captchas`, so each captcha answers
 * once on any instance; those rows go when the captcha would have expired anyway.
 * The image is a PNG (old browsers without SVG show it).
 */
export function createCaptchaService(security: SecurityRepo, clock: Clock, enabled: boolean, secret: string) {
  const key = crypto.createHmac('sha256', secret).update('captcha').digest();
  const mac = (data: Buffer, purpose: string) => crypto.createHmac('sha256', key).update(purpose).update(data).digest();

  /** id = 8 random bytes, 4 bytes expiry (Unix seconds), 4 bytes MAC: 32 hex digits. */
  function decode(id: string): { expiresAt: Date } | null {
    if (!/^[0-9a-f]{32}$/.test(id)) return null;
    const raw = Buffer.from(id, 'hex');
    if (!crypto.timingSafeEqual(raw.subarray(12), mac(raw.subarray(0, 12), 'id').subarray(0, 4))) return null;
    return { expiresAt: new Date(raw.readUInt32BE(8) * 1000) };
  }
  function answerOf(id: string): string {
    const digest = mac(Buffer.from(id, 'hex'), 'answer');
    return Array.from({ length: 4 }, (_, i) => CHARS[digest.readUInt16BE(i * 2) % CHARS.length]).join('');
  }

  function validAnswer(id: string): string | null {
    const decoded = decode(id);
    return decoded && decoded.expiresAt > clock.now() ? answerOf(id) : null;
  }

  return {
    enabled,
    async create(): Promise<string | null> {
      if (!enabled) return null;
      const raw = Buffer.alloc(16);
      crypto.randomFillSync(raw, 0, 8);
      raw.writeUInt32BE(Math.ceil((clock.now().getTime() + TTL_MS) / 1000), 8);
      mac(raw.subarray(0, 12), 'id').copy(raw, 12, 0, 4);
      return raw.toString('hex');
    },
    /** The expected answer of a valid, unexpired captcha id (the image shows it; tests read it). */
    answer: validAnswer,
    async image(id: string): Promise<Buffer | null> {
      const answer = validAnswer(id);
      if (!answer) return null;
      const svg = renderText(answer, { width: 120, height: 40, fontSize: 44, noise: 2, color: false, background: '#f4f6f8' });
      return sharp(Buffer.from(svg)).png().toBuffer();
    },
    /** Case-insensitive; consumes the captcha whatever the answer, so a wrong guess costs a new image. */
    async verify(id: string, answer: string): Promise<boolean> {
      if (!enabled) return true;
      const decoded = decode(id);
      const now = clock.now();
      if (!decoded || !answer || decoded.expiresAt <= now || decoded.expiresAt.getTime() > now.getTime() + TTL_MS + 1000) return false;
      const expected = answerOf(id);
      const first = await security.captchas.spend({ id, answer: expected, expires_at: decoded.expiresAt.toISOString() });
      // Opportunistic cleanup keeps the table small without a scheduler.
      if (crypto.randomInt(50) === 0) await security.captchas.purgeExpired(now.toISOString());
      return first && expected === answer.trim().toUpperCase();
    },
  };
}
export type CaptchaService = ReturnType<typeof createCaptchaService>;
