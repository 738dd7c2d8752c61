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
 * Self-hosted image captcha. The answer lives in the database (so any instance can check it), the
 * image is a PNG (old browsers without SVG show it), and each captcha answers once.
 */
export function createCaptchaService(security: SecurityRepo, clock: Clock, enabled: boolean) {
  return {
    enabled,
    async create(): Promise<string | null> {
      if (!enabled) return null;
      const id = crypto.randomBytes(16).toString('hex');
      const answer = Array.from({ length: 4 }, () => CHARS[crypto.randomInt(CHARS.length)]).join('');
      const now = clock.now();
      await security.captchas.insert({ id, answer, expires_at: new Date(now.getTime() + TTL_MS).toISOString() });
      // Opportunistic cleanup keeps the table small without a scheduler.
      if (crypto.randomInt(50) === 0) await security.captchas.purgeExpired(now.toISOString());
      return id;
    },
    async image(id: string): Promise<Buffer | null> {
      if (!/^[0-9a-f]{32}$/.test(id)) return null;
      const row = await security.captchas.find(id);
      if (!row) return null;
      const svg = renderText(row.answer, { width: 120, height: 40, fontSize: 44, noise: 2, color: false, background: '#f4f6f8' });
      return sharp(Buffer.from(svg)).png().toBuffer();
    },
    /** Case-insensitive; consumes the captcha whatever the answer, so a wrong guess costs a new image. */
    async verify(id: string, answer: string): Promise<boolean> {
      if (!enabled) return true;
      if (!/^[0-9a-f]{32}$/.test(id) || !answer) return false;
      const row = await security.captchas.take(id);
      if (!row || row.expires_at < clock.now().toISOString()) return false;
      return row.answer === answer.trim().toUpperCase();
    },
  };
}
export type CaptchaService = ReturnType<typeof createCaptchaService>;
