import { DataProtector, PROTECTION_PURPOSES } from './dataProtector';

/**
 * Which columns hold personal data at rest, and how repositories seal and open them. One list, read by the
 * repositories (seal on write, open on read, look up by blind index) and by the sweep that encrypts legacy rows
 * and re-encrypts under a new key (services/dataProtection.ts), so a column cannot be protected by one and
 * forgotten by the other.
 *
 * Every table here has a `key_version` column: the key version every protected value of the row is under, or
 * NULL for a row written before encryption (plaintext). It is raised only when all protected columns of the row
 * are written together; a partial update leaves it as it is, so it never claims more than is true, and a
 * rotation re-seals such a row whole.
 */
export type Purpose = (typeof PROTECTION_PURPOSES)[keyof typeof PROTECTION_PURPOSES];
export interface ProtectedText { column: string; index?: { column: string; purpose: Purpose } }
export interface ProtectedTable { table: string; text: ProtectedText[]; bytes: string[] }

export const PROTECTED_TABLES: readonly ProtectedTable[] = [
  { table: 'accounts', bytes: [], text: [
    { column: 'id_number', index: { column: 'id_number_index', purpose: PROTECTION_PURPOSES.idNumber } },
    { column: 'mobile', index: { column: 'mobile_index', purpose: PROTECTION_PURPOSES.mobile } },
    // 港澳或台湾当地有效身份证件号码 and 通行证号码 (002 §2.1 b–c; NULL for 身份证 holders): never looked up, so no index.
    { column: 'local_id_number' },
    { column: 'pass_number' },
  ] },
  { table: 'certificates', bytes: [], text: [{ column: 'id_number', index: { column: 'id_number_index', purpose: PROTECTION_PURPOSES.idNumber } }] },
  { table: 'sms_codes', bytes: [], text: [{ column: 'mobile', index: { column: 'mobile_index', purpose: PROTECTION_PURPOSES.mobile } }] },
  { table: 'outbox', bytes: [], text: [{ column: 'recipient', index: { column: 'recipient_index', purpose: PROTECTION_PURPOSES.recipient } }] },
  // Photos, ID-card photos and certificate images.
  { table: 'files', bytes: ['data'], text: [] },
  // Staff 动态口令 secrets (services/staff.ts encrypts them; no index: never looked up by value).
  { table: 'staff_users', bytes: [], text: [{ column: 'totp_secret' }] },
  // 教师资格认定's imported data (sealed by security/idNumbers.ts, which sets key_version the same way).
  ...['qualification_proofs', 'putonghua_results', 'student_status_list'].map((table) => ({
    table, bytes: [], text: [{ column: 'id_number_enc', index: { column: 'id_number_index', purpose: PROTECTION_PURPOSES.idNumber } }],
  })),
];

/** What is hashed for a blind index: trimmed, upper-case (a 身份证 ends in X or x alike). */
export const normaliseForIndex = (value: string): string => value.trim().toUpperCase();

export interface PersonalData {
  readonly keyVersion: number;
  seal(plain: string): string;
  open(stored: string): string;
  openOrNull(stored: string | null): string | null;
  sealBytes(plain: Buffer): Buffer;
  openBytes(stored: Buffer): Buffer;
  /** The index to store with a new value (current key). */
  index(purpose: Purpose, value: string): string;
  /** The indexes to look a value up by (every key version held: a half-finished rotation still finds every row). */
  lookup(purpose: Purpose, value: string): string[];
  /** A table's protected columns sealed, with their indexes and the row's key version, for an insert or a whole rewrite. */
  sealRow(table: string, row: object): Record<string, unknown>;
  /** The same row with its protected columns opened (other columns untouched). */
  openRow<T>(table: string, row: T): T;
}

export function personalData(protector: DataProtector): PersonalData {
  const specOf = (table: string): ProtectedTable => {
    const spec = PROTECTED_TABLES.find((t) => t.table === table);
    if (!spec) throw new Error(`${table} holds no protected columns`);
    return spec;
  };
  const index = (purpose: Purpose, value: string) => protector.blindIndex(purpose, normaliseForIndex(value));
  return {
    keyVersion: protector.currentVersion,
    seal: (plain) => protector.encryptText(plain),
    open: (stored) => protector.decryptText(stored),
    openOrNull: (stored) => (stored === null ? null : protector.decryptText(stored)),
    sealBytes: (plain) => protector.encryptBytes(plain),
    openBytes: (stored) => protector.decryptBytes(Buffer.from(stored)),
    index,
    lookup: (purpose, value) => protector.blindIndexes(purpose, normaliseForIndex(value)),
    sealRow(table, plainRow) {
      const spec = specOf(table);
      const row = plainRow as Record<string, unknown>;
      const sealed: Record<string, unknown> = { ...row };
      for (const { column, index: idx } of spec.text) {
        const value = row[column];
        if (typeof value !== 'string') continue;
        sealed[column] = protector.encryptText(value);
        if (idx) sealed[idx.column] = index(idx.purpose, value);
      }
      for (const column of spec.bytes) {
        const value = row[column];
        if (Buffer.isBuffer(value) || value instanceof Uint8Array) sealed[column] = protector.encryptBytes(Buffer.from(value));
      }
      sealed.key_version = protector.currentVersion;
      return sealed;
    },
    openRow<T>(table: string, row: T): T {
      if (!row) return row;
      const spec = specOf(table);
      const opened = { ...row } as Record<string, unknown>;
      for (const { column } of spec.text) {
        if (typeof opened[column] === 'string') opened[column] = protector.decryptText(opened[column] as string);
      }
      for (const column of spec.bytes) {
        const value = opened[column];
        if (value instanceof Uint8Array) opened[column] = protector.decryptBytes(Buffer.from(value));
      }
      return opened as T;
    },
  };
}
