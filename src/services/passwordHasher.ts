import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scryptRaw = promisify(crypto.scrypt) as (pw: string, salt: Buffer, keylen: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

/*
 * Each scrypt holds a 16 MB block (128 · N · r) on a libuv thread. Four at once (the thread pool's size) would be 64 MB
 * of native memory and starve sharp and fs of threads. One at a time (issue 8): a second block was 16 MB of the
 * season's peak RSS, and one core computes ≈ 20 logins a second, three times what a season's crowd asks; the price
 * is a longer wait in an opening rush of 50 logins at once (p99 ≈ 3.3 → 4.6 s), the others wait their turn.
 */
const SCRYPT_AT_ONCE = 1;
let running = 0;
const waiting: Array<() => void> = [];
async function scrypt(pw: string, salt: Buffer, keylen: number, opts: crypto.ScryptOptions): Promise<Buffer> {
  if (running >= SCRYPT_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await scryptRaw(pw, salt, keylen, opts);
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes to the next one
    else running -= 1;
  }
}

// scrypt from Node's own crypto: no native dependency, memory-hard, parameters stored with the hash.
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(key, expected);
}

/** A fixed hash to verify against when the account does not exist, so timing does not tell. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}
