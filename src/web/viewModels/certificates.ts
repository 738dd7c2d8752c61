import type { CertificateRow, RegistrationRecordView } from '../../repositories/certificates';
import type { CodeItem } from '../../repositories/codeLists';
import { verificationLabel } from '../../domain/manualCertificate';

export interface CertificateViewRow {
  id: number; certNumber: string; authority: string; qualification: string; subject: string; issueDate: string; source: string;
  /** '待人工核验' / '核验未通过' for a hand-entered certificate not verified; null otherwise. */
  unverified: string | null;
  /** A hand-entered certificate's answer as the applicant reads it: 核验通过, or the reason it was rejected; null otherwise. */
  verification: { verified: boolean; note: string | null } | null;
  /** A hand-added certificate its owner may still correct or remove (修改, 删除 on its row). */
  changeable: boolean;
}

const nameOf = (list: CodeItem[], code: string) => list.find((i) => i.code === code)?.name ?? code;

/** 证书号码, 认定机构名称, 资格种类, 任教学科, 证书签发日期 */
export function certificateRows(certs: CertificateRow[], qualifications: CodeItem[], changeable: ReadonlySet<number> = new Set()): CertificateViewRow[] {
  return certs.map((c) => ({
    id: c.id, certNumber: c.cert_number, authority: c.issuing_authority, qualification: nameOf(qualifications, c.qualification_code),
    subject: c.subject_name ?? '无', issueDate: c.issue_date, source: c.source === 'synced' ? '系统同步' : '申请人补录',
    unverified: verificationLabel(c),
    verification: c.source === 'manual' && (c.verify_status === 'verified' || c.verify_status === 'rejected')
      ? { verified: c.verify_status === 'verified', note: c.verify_note ?? null } : null,
    changeable: changeable.has(c.id),
  }));
}

/** The 定期注册信息 table of seed 000 §2.3. */
export function registrationRows(records: RegistrationRecordView[], qualifications: CodeItem[]) {
  return records.map((r) => ({
    id: r.id, certNumber: r.cert_number, qualification: nameOf(qualifications, r.qualification_code), subject: r.subject_name ?? '无',
    authority: r.issuing_authority, school: r.school_name ?? '', regType: r.reg_type, point: r.point_name ?? '', bureau: r.bureau_name,
    conclusion: r.conclusion, date: r.concluded_on, stage: r.teaching_stage ?? '', teachingSubject: r.teaching_subject ?? '',
  }));
}
