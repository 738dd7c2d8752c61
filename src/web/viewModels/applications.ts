import type { ApplicationRow } from '../../repositories/applications';
import { paths } from '../paths';

export interface ApplicationListRow {
  no: string; certNumber: string; stage: string; subject: string; status: string; bureau: string; unread: number;
  editHref: string | null; materials: string;
}

/** The 查询报名信息 table of seed 000 §3.3, with the 定期注册材料确认情况 line. */
export async function applicationRows(list: ApplicationRow[], refs: {
  unread: Map<number, number>;
  names(a: ApplicationRow): Promise<{ bureau: string; certNumber: string; stage: string; subject: string }>;
  materials(a: ApplicationRow): Promise<string>;
  editRights(a: ApplicationRow): Promise<{ details: boolean; bureau: boolean }>;
}): Promise<ApplicationListRow[]> {
  return Promise.all(list.map(async (a) => {
    const names = await refs.names(a);
    const rights = await refs.editRights(a);
    return {
      no: a.application_no, certNumber: names.certNumber, stage: names.stage, subject: names.subject,
      status: a.status, bureau: names.bureau, unread: refs.unread.get(a.id) ?? 0,
      // 机构选择有误 allows only the bureau: the link goes straight there.
      editHref: rights.details ? paths.applicationEditDetails(a.application_no) : rights.bureau ? paths.applicationEditBureau(a.application_no) : null,
      materials: await refs.materials(a),
    };
  }));
}
