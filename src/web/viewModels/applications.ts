import type { ApplicationRow, EventRow } from '../../repositories/registration';
import { paths } from '../paths';

export interface ApplicationListRow {
  no: string; certNumber: string; stage: string; subject: string; status: string; bureau: string; unread: number;
  editHref: string | null; materials: string;
}

/** The 查询报名信息 table of seed 000 §3.3, with the 定期注册材料确认情况 line. */
export async function applicationRows(list: ApplicationRow[], refs: {
  unread: Map<number, number>;
  names(a: ApplicationRow): Promise<{ bureau: string; certNumber: string; stage: string; subject: string }>;
  events(id: number): Promise<EventRow[]>;
  editRights(a: ApplicationRow): Promise<{ details: boolean; bureau: boolean }>;
}): Promise<ApplicationListRow[]> {
  return Promise.all(list.map(async (a) => {
    const events = await refs.events(a.id);
    const missing = [...events].reverse().find((e) => e.missing_materials)?.missing_materials;
    const names = await refs.names(a);
    return {
      no: a.application_no, certNumber: names.certNumber, stage: names.stage, subject: names.subject,
      status: a.status, bureau: names.bureau, unread: refs.unread.get(a.id) ?? 0,
      // 机构选择有误 allows only the bureau: the link goes straight there.
      editHref: await refs.editRights(a).then((r) => (r.details ? paths.applicationEditDetails(a.application_no) : r.bureau ? paths.applicationEditBureau(a.application_no) : null)),
      materials: missing ? `材料不全，缺少：${missing}` : a.status === '网报待确认' ? '尚未进行现场确认' : '材料已确认',
    };
  }));
}
