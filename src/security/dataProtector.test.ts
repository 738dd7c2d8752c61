import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDataProtector, DecryptionError } from './dataProtector';
import { addKeyVersion, KeyringError, loadKeyring, parseKeyring, retireOldKeys } from './keyring';

const ring = (current = 1, versions = [1]) => ({ current, keys: new Map(versions.map((v) => [v, Buffer.alloc(32, v)])) });

describe('data protector', () => {
  const p = createDataProtector(ring());

  it('encrypts text so the digits are not in the stored value, and reads it back', () => {
    const stored = p.encryptText('110101199001011234');
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain('1101011990');
    expect(p.decryptText(stored)).toBe('110101199001011234');
    expect(p.encryptText('110101199001011234')).not.toBe(stored); // random IV
  });

  it('passes legacy plaintext through and refuses altered ciphertext', () => {
    expect(p.decryptText('13800000000')).toBe('13800000000');
    const stored = p.encryptText('13800000000');
    const altered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => p.decryptText(altered)).toThrow(DecryptionError);
  });

  it('encrypts bytes with a header carrying the version', () => {
    const photo = randomBytes(1000);
    const stored = p.encryptBytes(photo);
    expect(p.versionOfBytes(stored)).toBe(1);
    expect(p.decryptBytes(stored).equals(photo)).toBe(true);
    expect(p.decryptBytes(photo).equals(photo)).toBe(true);
  });

  it('blind indexes are deterministic per purpose', () => {
    expect(p.blindIndex('id', 'X')).toBe(p.blindIndex('id', 'X'));
    expect(p.blindIndex('id', 'X')).not.toBe(p.blindIndex('mobile', 'X'));
  });

  it('verifies MACs, also after a rotation, and refuses a changed payload', () => {
    const mac = p.mac('pdf', 'payload');
    expect(p.verifyMac('pdf', 'payload', mac)).toBe(true);
    expect(p.verifyMac('pdf', 'payload!', mac)).toBe(false);
    const rotated = createDataProtector(ring(2, [1, 2]));
    expect(rotated.verifyMac('pdf', 'payload', mac)).toBe(true);
    expect(rotated.decryptText(p.encryptText('x'))).toBe('x');
    expect(rotated.versionOfText(rotated.encryptText('x'))).toBe(2);
  });
});

describe('keyring file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
  const file = path.join(dir, 'sub', 'keys.json');

  it('is created at first start with 0600 and read back the same', () => {
    const first = loadKeyring({ dataKeys: null, keyFile: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKeyring({ dataKeys: null, keyFile: file }).keys.get(1)!.equals(first.keys.get(1)!)).toBe(true);
  });

  it('adds a version on rotation and retires the old ones after', () => {
    expect(addKeyVersion(file).current).toBe(2);
    expect(loadKeyring({ dataKeys: null, keyFile: file }).keys.size).toBe(2);
    expect([...retireOldKeys(file).keys.keys()]).toEqual([2]);
  });

  it('refuses a key file others can read, and malformed keys', () => {
    fs.chmodSync(file, 0o644);
    expect(() => loadKeyring({ dataKeys: null, keyFile: file })).toThrow(KeyringError);
    fs.chmodSync(file, 0o600);
    expect(() => parseKeyring('{"current":1,"keys":{"1":"c2hvcnQ="}}', 'DATA_KEYS')).toThrow(KeyringError);
    expect(() => parseKeyring('nope', 'DATA_KEYS')).toThrow(KeyringError);
  });
});
