import { base32Decode, base32Encode, groupedSecret, hotp, normaliseTotpInput, otpauthUri, totpCode, totpStep, verifyTotp } from './totp';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; 8-digit values.
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1)', () => {
  test.each(RFC_VECTORS)('RFC 6238 test vector at T=%i s gives %s', (seconds, expected) => {
    expect(hotp(RFC_SEED, totpStep(seconds * 1000), 8)).toBe(expected);
  });

  test('RFC 4226 Appendix D HOTP values (6 digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(RFC_SEED, counter)).toBe(code));
  });

  test('base32 round-trips and the RFC seed gives the 6-digit vector code', () => {
    const secret = base32Encode(RFC_SEED);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret.toLowerCase())).toEqual(RFC_SEED);
    expect(base32Decode('not base32!')).toBeNull();
    expect(totpCode(secret, 59_000)).toBe('287082');
  });

  test('one step either side is accepted, two are not', () => {
    const secret = base32Encode(RFC_SEED);
    const now = 1111111111_000;
    const code = (offsetSteps: number) => totpCode(secret, now + offsetSteps * 30_000);
    expect(verifyTotp(secret, code(0), now, null)).toBe(totpStep(now));
    expect(verifyTotp(secret, code(-1), now, null)).toBe(totpStep(now) - 1);
    expect(verifyTotp(secret, code(1), now, null)).toBe(totpStep(now) + 1);
    expect(verifyTotp(secret, code(-2), now, null)).toBeNull();
    expect(verifyTotp(secret, code(2), now, null)).toBeNull();
  });

  test('a code whose step was used already is refused (no replay), a later one is accepted', () => {
    const secret = base32Encode(RFC_SEED);
    const now = 1234567890_000;
    const used = verifyTotp(secret, totpCode(secret, now), now, null);
    expect(used).not.toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now), now, used)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now, used)).toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now + 30_000, used)).toBe((used ?? 0) + 1);
  });

  test('wrong codes and malformed input', () => {
    const secret = base32Encode(RFC_SEED);
    expect(verifyTotp(secret, '000000', 59_000, null)).toBeNull();
    expect(verifyTotp(secret, '28708', 59_000, null)).toBeNull();
    expect(normaliseTotpInput(' 287 082 ')).toBe('287082');
    expect(normaliseTotpInput('２８７０８２')).toBe('287082');
    expect(normaliseTotpInput('28708a')).toBeNull();
  });

  test('secret shown in groups of four; otpauth URI for the QR code', () => {
    expect(groupedSecret('ABCDEFGHIJKL')).toBe('ABCD EFGH IJKL');
    const uri = otpauthUri('教师资格定期注册', 'sysadmin', 'ABCD');
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(uri).toContain('secret=ABCD');
    expect(uri).toContain('period=30');
  });
});
