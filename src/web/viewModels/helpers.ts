import { actionLabelsOf } from '../../domain/applicationStatus';
import type { Config } from '../../config';
import { localDateTime } from '../../domain/dates';
import { idTypeName } from '../../domain/identity';
import { maskEmail, maskIdNumber, maskMobile } from '../../domain/personalInfo';
import { withCode } from '../../domain/codeLists';

/** Small pure helpers every template may call (formatting and masking only, no rules). */
export function viewHelpers(config: Pick<Config, 'timeZone'>) {
  return {
    maskIdNumber,
    maskMobile,
    maskEmail,
    idTypeName,
    sexName: (code: string | null) => (code === '1' ? '男' : code === '2' ? '女' : ''),
    dateTime: (iso: string | null) => (iso ? localDateTime(new Date(iso), config.timeZone) : ''),
    /** An event's name in 办理记录 (applicant and staff views), in its business's words (认定通过, not 注册合格). */
    eventName: (action: string, business = 'registration') => (action === 'submit' ? '提交报名' : (actionLabelsOf(business) as Record<string, string>)[action] ?? action),
    /** Options of a list the national exchange codes (学科): "C03 语文", as teachers read them on certificates; other items (无) as they are. */
    codedOptions: <T extends { code: string; name: string }>(items: T[]): T[] => items.map((i) => (/^[A-Z]\d*$/.test(i.code) ? withCode(i) : i)),
    realnameStatusName: (status: string) =>
      ({ verified: '核验通过', failed: '核验未通过', pending_review: '人工审核中', unverified: '未核验' } as Record<string, string>)[status] ?? status,
  };
}
