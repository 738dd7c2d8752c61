import { isConcludedStatus } from './applicationStatus';

/**
 * The seal of a concluded application (注册合格, 暂缓注册, 注册不合格, 不属于注册对象; 认定通过, 认定不通过 with no record): a keyed MAC (key outside the
 * database) over what the conclusion decided — whose application, which certificate, bureau, point and plan, the
 * conclusion itself, its event (reviewer, reason, time) and the 注册记录 it wrote. Computed in the conclusion's
 * transaction; staff pages recompute it, so a status, reason or record changed straight in the database shows.
 * Left out on purpose: the snapshot and the columns a 毕业学校 rename rewrites (they change legitimately).
 */
export const CONCLUSION_SEAL_PURPOSE = 'application-conclusion';
/** Stored by the migration for applications concluded before seals existed: they cannot be checked. */
export const LEGACY_SEAL = 'legacy';

export interface SealedApplication {
  application_no: string; account_id: number; certificate_id: number | null; plan_id: number; bureau_id: number;
  point_id: number | null; reg_type: string | null; status: string;
}
export interface SealedEvent { action: string; actor_id: number | null; from_status: string | null; to_status: string | null; reason: string | null; created_at: string }
export interface SealedRecord {
  certificate_id: number; reg_type: string; conclusion: string; concluded_on: string; bureau_name: string; point_name: string | null;
  school_name: string | null; teaching_stage: string | null; teaching_subject: string | null;
}

const int = (v: number | null) => (v === null ? null : Number(v));

export function canonicalConclusion(a: SealedApplication, event: SealedEvent | null, record: SealedRecord | null): string {
  return JSON.stringify({
    application: [a.application_no, int(a.account_id), int(a.certificate_id), int(a.plan_id), int(a.bureau_id), int(a.point_id), a.reg_type, a.status],
    event: event && [event.action, int(event.actor_id), event.from_status, event.to_status, event.reason, event.created_at],
    record: record && [int(record.certificate_id), record.reg_type, record.conclusion, record.concluded_on, record.bureau_name, record.point_name,
      record.school_name, record.teaching_stage, record.teaching_subject],
  });
}

/** notConcluded: nothing to check; valid; legacy: concluded before seals; broken: the data does not match its seal. */
export type SealState = 'notConcluded' | 'valid' | 'legacy' | 'broken';

export function sealStateOf(status: string, seal: string | null | undefined, matches: () => boolean): SealState {
  if (!isConcludedStatus(status)) return seal && seal !== LEGACY_SEAL ? 'broken' : 'notConcluded';
  if (seal === LEGACY_SEAL) return 'legacy';
  if (!seal) return 'broken';
  return matches() ? 'valid' : 'broken';
}

export const SEAL_MESSAGES = {
  broken: '数据完整性校验失败：该申请的审核结论与签名不符，可能被篡改，请联系系统管理员',
  legacy: '该申请在启用完整性签名之前办结，其审核结论无法校验',
} as const;
