import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The master keys that protect personal data (security/dataProtector.ts). They never live in the database: they come
 * from DATA_KEYS (the key file's JSON, for several instances sharing one database) or from the key file, which is
 * created at first start with 0600 permissions. A backup of the database is useless without this file, so README
 * tells the IT person to back it up separately.
 *
 * File format: `{"current": 2, "keys": {"1": "<base64 32 bytes>", "2": "<base64 32 bytes>"}}`. Older versions stay
 * until `admin rotate-keys` has re-encrypted every row under the current one.
 */
export interface Keyring { current: number; keys: Map<number, Buffer> }

export class KeyringError extends Error {}

export function parseKeyring(json: string, where: string): Keyring {
  let parsed: unknown;
  try { parsed = JSON.parse(json); } catch { throw new KeyringError(`${where} is not valid JSON`); }
  const shape = parsed as { current?: unknown; keys?: unknown };
  if (typeof shape !== 'object' || shape === null || !Number.isInteger(shape.current) || typeof shape.keys !== 'object' || shape.keys === null) {
    throw new KeyringError(`${where} must look like {"current": 1, "keys": {"1": "<base64 of 32 bytes>"}}`);
  }
  const keys = new Map<number, Buffer>();
  for (const [version, value] of Object.entries(shape.keys as Record<string, unknown>)) {
    const key = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (!/^\d+$/.test(version) || key.length !== 32) throw new KeyringError(`${where}: key "${version}" must be 32 bytes in base64`);
    keys.set(Number(version), key);
  }
  if (!keys.has(shape.current as number)) throw new KeyringError(`${where}: the current version ${String(shape.current)} has no key`);
  return { current: shape.current as number, keys };
}

export function serializeKeyring(keyring: Keyring): string {
  const keys: Record<string, string> = {};
  for (const [version, key] of [...keyring.keys].sort((a, b) => a[0] - b[0])) keys[String(version)] = key.toString('base64');
  return `${JSON.stringify({ current: keyring.current, keys }, null, 2)}\n`;
}

/** Writes the file whole or not at all (temporary file with 0600, then rename), so a crash never leaves half a key. */
function writeKeyFile(file: string, keyring: Keyring, exclusive: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (exclusive) {
    fs.writeFileSync(file, serializeKeyring(keyring), { mode: 0o600, flag: 'wx' });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, serializeKeyring(keyring), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** DATA_KEYS wins; otherwise the key file, created (exclusively, so two starting processes agree) when absent. */
export function loadKeyring(source: { dataKeys: string | null; keyFile: string }): Keyring {
  if (source.dataKeys) return parseKeyring(source.dataKeys, 'DATA_KEYS');
  if (!fs.existsSync(source.keyFile)) {
    try {
      writeKeyFile(source.keyFile, { current: 1, keys: new Map([[1, randomBytes(32)]]) }, true);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const mode = fs.statSync(source.keyFile).mode & 0o777;
  if (mode & 0o077) throw new KeyringError(`${source.keyFile} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
  return parseKeyring(fs.readFileSync(source.keyFile, 'utf8'), source.keyFile);
}

/** Adds a new current version to the key file (old versions kept so existing rows still decrypt). */
export function addKeyVersion(keyFile: string): Keyring {
  const keyring = parseKeyring(fs.readFileSync(keyFile, 'utf8'), keyFile);
  const next = Math.max(...keyring.keys.keys()) + 1;
  const rotated: Keyring = { current: next, keys: new Map([...keyring.keys, [next, randomBytes(32)]]) };
  writeKeyFile(keyFile, rotated, false);
  return rotated;
}

/** After every row is under the current version: drops the older keys from the file. */
export function retireOldKeys(keyFile: string): Keyring {
  const keyring = parseKeyring(fs.readFileSync(keyFile, 'utf8'), keyFile);
  const retired: Keyring = { current: keyring.current, keys: new Map([[keyring.current, keyring.keys.get(keyring.current)!]]) };
  writeKeyFile(keyFile, retired, false);
  return retired;
}
