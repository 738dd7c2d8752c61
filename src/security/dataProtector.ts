import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './keyring';

/**
 * Encryption of personal data at rest (AES-256-GCM), blind indexes for exact-match lookups (HMAC-SHA256) and
 * integrity MACs, all derived from the keyring's master keys (HKDF, one sub-key per purpose) so that a single
 * secret per key version is kept outside the database.
 *
 * Formats carry the key version, so rows written under an older key still decrypt after a rotation:
 * - text:  `enc:v<N>:<base64url(iv ‖ tag ‖ ciphertext)>` (a value without the prefix is legacy plaintext and is
 *          returned as it is, so an install encrypts its old rows in place without a flag day);
 * - bytes: `ENC1` ‖ uint16 version ‖ iv(12) ‖ tag(16) ‖ ciphertext (anything else is legacy plaintext);
 * - MAC:   `v<N>:<hex>`.
 * A blind index uses the current key only: rotating keys recomputes every index (`admin rotate-keys`).
 */
export interface DataProtector {
  readonly currentVersion: number;
  encryptText(plain: string): string;
  decryptText(stored: string): string;
  encryptBytes(plain: Buffer): Buffer;
  decryptBytes(stored: Buffer): Buffer;
  /** True when the stored value is already encrypted (under any version). */
  isEncryptedText(stored: string): boolean;
  isEncryptedBytes(stored: Buffer): boolean;
  /** The key version a stored value was encrypted under, or null for legacy plaintext. */
  versionOfText(stored: string): number | null;
  versionOfBytes(stored: Buffer): number | null;
  /** Deterministic keyed hash for exact-match lookups; `purpose` separates columns (an ID number's index ≠ a mobile's). */
  blindIndex(purpose: string, value: string): string;
  /** The value's blind index under every key version held, current first: a lookup finds rows a rotation has not reached yet. */
  blindIndexes(purpose: string, value: string): string[];
  /** Integrity MAC of a canonical string (e.g. a concluded application, a PDF's bytes). */
  mac(purpose: string, data: string | Buffer): string;
  verifyMac(purpose: string, data: string | Buffer, stored: string): boolean;
}

export class DecryptionError extends Error {}

const TEXT_PREFIX = 'enc:v';
const BYTES_MAGIC = Buffer.from('ENC1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface SubKeys { enc: Buffer; index: Buffer; mac: Buffer }

function derive(master: Buffer): SubKeys {
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { enc: sub('teacher-registration/enc'), index: sub('teacher-registration/index'), mac: sub('teacher-registration/mac') };
}

export function createDataProtector(keyring: Keyring): DataProtector {
  const versions = new Map<number, SubKeys>();
  for (const [version, master] of keyring.keys) versions.set(version, derive(master));
  const current = versions.get(keyring.current);
  if (!current) throw new Error(`the keyring has no key version ${keyring.current}`);
  const keysOf = (version: number): SubKeys => {
    const keys = versions.get(version);
    if (!keys) throw new DecryptionError(`no key version ${version} in the keyring (was a key removed too early?)`);
    return keys;
  };

  function seal(plain: Buffer): { iv: Buffer; tag: Buffer; body: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current!.enc, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  }
  function open(version: number, iv: Buffer, tag: Buffer, body: Buffer): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keysOf(version).enc, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch (err) {
      if (err instanceof DecryptionError) throw err;
      throw new DecryptionError('stored value failed authentication (wrong key or altered data)');
    }
  }

  function versionOfText(stored: string): number | null {
    if (!stored.startsWith(TEXT_PREFIX)) return null;
    const colon = stored.indexOf(':', TEXT_PREFIX.length);
    const version = Number(stored.slice(TEXT_PREFIX.length, colon));
    return colon > 0 && Number.isInteger(version) ? version : null;
  }
  function versionOfBytes(stored: Buffer): number | null {
    if (stored.length < BYTES_MAGIC.length + 2 + IV_BYTES + TAG_BYTES || !stored.subarray(0, 4).equals(BYTES_MAGIC)) return null;
    return stored.readUInt16BE(4);
  }
  const indexWith = (keys: SubKeys, purpose: string, value: string) =>
    createHmac('sha256', keys.index).update(purpose).update('\0').update(value).digest('hex').slice(0, 40);
  const macWith = (keys: SubKeys, purpose: string, data: string | Buffer) =>
    createHmac('sha256', keys.mac).update(purpose).update('\0').update(data).digest('hex');

  return {
    currentVersion: keyring.current,
    encryptText(plain) {
      const { iv, tag, body } = seal(Buffer.from(plain, 'utf8'));
      return `${TEXT_PREFIX}${keyring.current}:${Buffer.concat([iv, tag, body]).toString('base64url')}`;
    },
    decryptText(stored) {
      const version = versionOfText(stored);
      if (version === null) return stored;
      const raw = Buffer.from(stored.slice(stored.indexOf(':', TEXT_PREFIX.length) + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('stored value is too short to be a ciphertext');
      return open(version, raw.subarray(0, IV_BYTES), raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), raw.subarray(IV_BYTES + TAG_BYTES)).toString('utf8');
    },
    encryptBytes(plain) {
      const { iv, tag, body } = seal(plain);
      const header = Buffer.alloc(6);
      BYTES_MAGIC.copy(header, 0);
      header.writeUInt16BE(keyring.current, 4);
      return Buffer.concat([header, iv, tag, body]);
    },
    decryptBytes(stored) {
      const version = versionOfBytes(stored);
      if (version === null) return stored;
      const at = 6;
      return open(version, stored.subarray(at, at + IV_BYTES), stored.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES), stored.subarray(at + IV_BYTES + TAG_BYTES));
    },
    isEncryptedText: (stored) => versionOfText(stored) !== null,
    isEncryptedBytes: (stored) => versionOfBytes(stored) !== null,
    versionOfText,
    versionOfBytes,
    blindIndex: (purpose, value) => indexWith(current, purpose, value),
    blindIndexes: (purpose, value) => [current, ...[...versions].filter(([v]) => v !== keyring.current).map(([, keys]) => keys)].map((keys) => indexWith(keys, purpose, value)),
    mac: (purpose, data) => `v${keyring.current}:${macWith(current, purpose, data)}`,
    verifyMac(purpose, data, stored) {
      const match = /^v(\d+):([0-9a-f]{64})$/.exec(stored);
      if (!match) return false;
      const keys = versions.get(Number(match[1]));
      if (!keys) return false;
      const expected = Buffer.from(macWith(keys, purpose, data), 'hex');
      return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
    },
  };
}

/** The `purpose` of each blind index and MAC, one place so every table that stores an ID number hashes it the same way. */
export const PROTECTION_PURPOSES = {
  idNumber: 'id_number', // 身份证件号码 (any document type), upper-cased and trimmed before hashing
  mobile: 'mobile',
  recipient: 'recipient', // outbox: a mobile or an e-mail address
} as const;
