/**
 * The counter's extra check on a 教师资格认定 application (issue 14, 002 §2.2 普通话 ② 录入): a 普通话 certificate the
 * applicant entered by hand stays 未核验 and "is checked at the counter". Decision: the clerk's 材料齐全 on such an
 * application needs the box 已核对普通话证书原件 ticked — the original seen, not only the copy — and the box is recorded
 * with the action. 材料不一致或不符合要求 needs no box (the clerk names the certificate among the items if it is wrong).
 * Pure; reads the snapshot structurally (journeys/certification/types.ts is the contract).
 */
export const PUTONGHUA_UNVERIFIED_FLAG = '普通话证书未核验，请核对原件';
export const PUTONGHUA_CHECKED_LABEL = '已核对普通话证书原件';

/** The 普通话 certificate of a 认定 snapshot (applications.data), or null when it cannot be read. */
export function putonghuaOf(data: string | null | undefined): { certNumber: string; level: string; score: string; verified: boolean } | null {
  try {
    const p = (JSON.parse(data ?? '') as { putonghua?: { certNumber?: unknown; level?: unknown; score?: unknown; verifyStatus?: unknown } }).putonghua;
    if (!p || typeof p !== 'object') return null;
    return { certNumber: String(p.certNumber ?? ''), level: String(p.level ?? ''), score: String(p.score ?? ''), verified: p.verifyStatus === 'verified' };
  } catch {
    return null;
  }
}

/** Whether the counter must see the original before 材料齐全: a 认定 whose certificate is not 已核验 (or unreadable: fail safe). */
export function putonghuaNeedsCheck(business: string, data: string | null | undefined): boolean {
  if (business !== 'certification') return false;
  return !putonghuaOf(data)?.verified;
}
