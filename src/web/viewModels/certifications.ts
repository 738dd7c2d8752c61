import type { ApplicationRow } from '../../repositories/applications';
import type { CertificationBureau } from '../../services/certificationApplications';
import { certificationEditable, certificationExplanation, showsUploads } from '../../domain/certification/applicantView';
import { readCertificationSnapshot, certificationRowValue } from '../../journeys/certification/stored';
import { paths } from '../paths';

/** One row of 查询认定报名信息 (seed 002 §3.2) with the operations it shows. */
export interface CertificationListRow {
  no: string; qualification: string; subject: string; bureau: string; point: string; status: string; explanation: string;
  messages: number; unread: number;
  /** §3.2.7: what the point or bureau found wrong (材料不一致或不符合要求 only). */
  finding: string | null;
  /** §3.2.3: only in 网报待确认. */
  editHref: string | null;
  /** §3.2.5: only when the bureau runs 全程网办; with how many of its materials are uploaded. */
  uploads: { href: string; done: number; total: number } | null;
}

export async function certificationListRows(list: ApplicationRow[], refs: {
  messages: Map<number, { total: number; unread: number }>;
  uploads: Map<number, number>;
  bureau(id: number): Promise<CertificationBureau | null>;
  finding(a: ApplicationRow): Promise<string | null>;
}): Promise<CertificationListRow[]> {
  return Promise.all(list.map(async (a) => {
    const summary = readCertificationSnapshot(a.data).summary;
    const bureau = await refs.bureau(a.bureau_id);
    const materials = bureau?.materials ?? [];
    return {
      no: a.application_no,
      qualification: certificationRowValue(summary, 'qualification'), subject: certificationRowValue(summary, 'subject'),
      bureau: certificationRowValue(summary, 'bureau') || bureau?.name || '', point: certificationRowValue(summary, 'point'),
      status: a.status, explanation: certificationExplanation(a.status),
      messages: refs.messages.get(a.id)?.total ?? 0, unread: refs.messages.get(a.id)?.unread ?? 0,
      finding: await refs.finding(a),
      editHref: certificationEditable(a.status) ? paths.certificationEdit(a.application_no) : null,
      uploads: showsUploads(materials) ? { href: paths.certificationUploads(a.application_no), done: Math.min(refs.uploads.get(a.id) ?? 0, materials.length), total: materials.length } : null,
    };
  }));
}

/** 详情 (§3.2.2): the summary as submitted, and the photo and signed 个人承诺书 from the owner's URLs. */
export function certificationDetail(a: ApplicationRow) {
  const snapshot = readCertificationSnapshot(a.data);
  return {
    application: a, sections: snapshot.summary, explanation: certificationExplanation(a.status),
    photoUrl: a.photo_file_id ? paths.certificationPhoto(a.application_no) : null,
    signatureUrl: a.signature_file_id ? paths.certificationSignature(a.application_no) : null,
    signatureIsPage: snapshot.answers.details?.signatureSource === 'photo',
    resume: snapshot.resume,
  };
}
