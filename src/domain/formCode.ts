import { createHash } from 'node:crypto';

/**
 * The 校验码 of a printed 申请表 (issue 13). The full MAC (key outside the database) covers the submission: 报名号,
 * snapshot version and the snapshot itself; the PDF carries it whole in its metadata (`FORM_MARKER`), the paper a short
 * code derived from it with the version in front ("3-7K3M-9QX2"), which staff compare with the current one. Pure.
 */
export const FORM_MAC_PURPOSE = 'application-form';
const MARKER_PREFIX = 'TR-FORM1';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford's base 32: no I, L, O, U to misread

export function canonicalForm(applicationNo: string, version: number, snapshot: string): string {
  return JSON.stringify([applicationNo, Number(version), createHash('sha256').update(snapshot, 'utf8').digest('hex')]);
}

/** "v1:<64 hex>" → "<version>-XXXX-XXXX": 40 bits of the MAC, enough that a guess matches once in a trillion. */
export function shortFormCode(version: number, mac: string): string {
  const hex = mac.slice(mac.indexOf(':') + 1, mac.indexOf(':') + 11);
  let bits = BigInt(`0x${hex}`);
  let out = '';
  for (let i = 0; i < 8; i += 1) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `${version}-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** A typed code, forgiving of case, spaces, dashes and the letters Crockford maps (O→0, I/L→1). */
export function parseFormCode(text: string): { version: number; code: string } | null {
  const cleaned = text.toUpperCase().replace(/[\s－—–]/g, '-').replace(/O/g, '0').replace(/[IL]/g, '1');
  const match = /^(\d{1,6})-*([0-9A-Z]{4})-*([0-9A-Z]{4})$/.exec(cleaned.replace(/\s/g, ''));
  if (!match || ![...match[2] + match[3]].every((c) => ALPHABET.includes(c))) return null;
  return { version: Number(match[1]), code: `${Number(match[1])}-${match[2]}-${match[3]}` };
}

/** What the PDF's metadata (Keywords) holds: 报名号, version and the full MAC. */
export const formMarker = (applicationNo: string, version: number, mac: string) => `${MARKER_PREFIX}:${applicationNo}:${version}:${mac}`;

export function findFormMarker(text: string): { applicationNo: string; version: number; mac: string } | null {
  const all = [...text.matchAll(/TR-FORM1:(\d{8}):(\d{1,6}):(v\d+:[0-9a-f]{64})/g)];
  const last = all[all.length - 1];
  return last ? { applicationNo: last[1], version: Number(last[2]), mac: last[3] } : null;
}

/** genuine: the current version, unchanged; outdated: an older version (re-print the current one); mismatch: not this form. */
export type FormCheck = 'genuine' | 'outdated' | 'mismatch';

export const FORM_CHECK_MESSAGES = {
  genuine: (version: number) => `校验通过：与系统中当前的申请表（第 ${version} 版）一致`,
  outdated: (printed: number, current: number) => `申请表不是最新版本：所持为第 ${printed} 版，系统中当前为第 ${current} 版，请以当前版本为准并重新打印`,
  mismatch: '校验不通过：校验码与系统中的申请表不符，申请表可能被涂改或伪造，请核实',
  noMarker: '该文件不是本系统生成的申请表 PDF，或其内容已被改动，无法校验',
  badCode: '请按申请表页脚的格式填写校验码，例如 3-7K3M-9QX2',
} as const;
