import { CERTIFICATION_STATUS, CERTIFICATION_STATUS_EXPLANATIONS, isCertificationStatus } from './statuses';

/**
 * 查询认定报名信息 (seed 002 §3.2): what the applicant's list says beside each 认定 application — the status's
 * explanation, what the counter found wrong (§3.2.7 材料不一致或不符合要求) and which operations show. Pure.
 */
export interface CounterFinding { missing: string[]; reason: string | null }

/** The staff event that put the application where it is (its `missing_materials` joined with 、 and its reason). */
export interface StatusEvent { to_status: string | null; from_status: string | null; missing_materials: string | null; reason: string | null }

/**
 * §3.2.7: the items and the reason the point or bureau gave when it set 材料不一致或不符合要求; null in any other
 * status. Read from the latest event that moved the application into that status.
 */
export function counterFinding(status: string, eventsNewestFirst: readonly StatusEvent[]): CounterFinding | null {
  if (status !== CERTIFICATION_STATUS.materialsProblem) return null;
  const event = eventsNewestFirst.find((e) => e.to_status === CERTIFICATION_STATUS.materialsProblem && e.from_status !== e.to_status);
  if (!event) return { missing: [], reason: null };
  const missing = (event.missing_materials ?? '').split('、').map((s) => s.trim()).filter(Boolean);
  return { missing, reason: event.reason?.trim() || null };
}

/** The finding as one line of the list (the detail page lists the items). */
export function findingLine(finding: CounterFinding): string {
  const parts: string[] = [];
  if (finding.missing.length) parts.push(`不符合要求的材料：${finding.missing.join('、')}`);
  if (finding.reason) parts.push(`说明：${finding.reason}`);
  return parts.length ? parts.join('；') : '确认点或认定机构未说明具体材料，请咨询认定机构。';
}

export const certificationExplanation = (status: string): string => (isCertificationStatus(status) ? CERTIFICATION_STATUS_EXPLANATIONS[status] : '');

/** 002 §3.2.3 a): 【修改】 shows only while the application is 网报待确认; so do 上传材料's 删除 and new uploads. */
export const certificationEditable = (status: string): boolean => status === CERTIFICATION_STATUS.pendingConfirmation;

/** 002 §3.2.5: 【上传材料】 shows when the bureau runs 全程网办 (a list of materials to upload). */
export const showsUploads = (materials: readonly string[]): boolean => materials.length > 0;
