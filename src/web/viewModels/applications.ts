import type { ApplicationRow } from '../../repositories/applications';
import { paths } from '../paths';

export interface ApplicationListRow {
  no: string; certNumber: string; stage: string; subject: string; status: string; bureau: string; messages: number; unread: number; explanation: string;
  editHref: string | null; materials: string;
}

/** The 查询报名信息 table of seed 000 §3.3, with the 定期注册材料确认情况 line. */
export async function applicationRows(list: ApplicationRow[], refs: {
  messages: Map<number, { total: number; unread: number }>;
  explanations: Record<string, string>;
  names(a: ApplicationRow): Promise<{ bureau: string; certNumber: string; stage: string; subject: string }>;
  materials(a: ApplicationRow): Promise<string>;
  editRights(a: ApplicationRow): Promise<{ details: boolean; bureau: boolean }>;
}): Promise<ApplicationListRow[]> {
  return Promise.all(list.map(async (a) => {
    const names = await refs.names(a);
    const rights = await refs.editRights(a);
    return {
      no: a.application_no, certNumber: names.certNumber, stage: names.stage, subject: names.subject,
      status: a.status, bureau: names.bureau,
      messages: refs.messages.get(a.id)?.total ?? 0, unread: refs.messages.get(a.id)?.unread ?? 0,
      // What the status means, beside the status itself (000 §3.3's ①–③, 001 §5 and the conclusions).
      explanation: refs.explanations[a.status] ?? '',
      // 机构选择有误 allows only the bureau: the link goes straight there.
      editHref: rights.details ? paths.applicationEditDetails(a.application_no) : rights.bureau ? paths.applicationEditBureau(a.application_no) : null,
      materials: await refs.materials(a),
    };
  }));
}
