import { isConcludedStatus, STATUS } from './applicationStatus';
import { CERTIFICATION_STATUS } from './certification/statuses';
import { localDateTime } from './dates';

/**
 * 数据导出: the columns of the applications spreadsheet, in the order a bureau reports upward. The seeds give no
 * national report layout, so the order is the 申请表's (src/pdf/formModel.ts: 个人信息, 教师资格证书信息, 注册信息,
 * 学历与工作), with the 报名号 first (the key every bureau sorts and looks up by) and the handling last (状态, 注册结论,
 * 原因, 缺少的材料, then the three dates). Every row of the submission snapshot (the step-4 summary) has a column; values
 * are the snapshot's, as confirmed and printed. Pure: the service feeds it rows, the spreadsheet writer writes them.
 */

/** A stored snapshot as this module reads it (the shape of journeys/registration/summary.ts's RegistrationSnapshot). */
interface SnapshotLike {
  summary?: { rows?: { key: string; value?: string | null }[] }[];
  applicant?: { name?: string; sex?: string | null; birthDate?: string | null; ethnicityCode?: string | null; idType?: string };
  certificate?: { issueDate?: string; issuingAuthority?: string; passedCount?: number; lastDate?: string; lastConclusion?: string } | null;
}

/** One application as the export reads it: its row, its account's contact numbers and its status-changing events. */
export interface ExportSource {
  application_no: string; status: string; submitted_at: string; data: string; applicant_name: string | null;
  id_number: string; mobile: string; email: string | null;
  /** The application's events, oldest first (only from/to status, action, reason, missing materials and time are read). */
  events: readonly ExportEvent[];
}
export interface ExportEvent { action: string; from_status: string | null; to_status: string | null; reason: string | null; missing_materials: string | null; created_at: string }

/** Names of codes the snapshot stores as codes. */
export interface ExportNames { sex(code: string | null | undefined): string; ethnicity(code: string | null | undefined): string; idType(code: string | null | undefined): string }

type Getter = (r: Resolved) => string;
interface Resolved { src: ExportSource; row(key: string): string; snap: SnapshotLike; names: ExportNames; timeZone: string; handling: Handling }
interface Handling { conclusion: string; reason: string; missing: string; confirmedAt: string; concludedAt: string }

const summary = (key: string): Getter => (r) => r.row(key);
const time = (iso: string, timeZone: string) => (iso ? localDateTime(new Date(iso), timeZone) : '');

/** [header, value] in order. Headers use the 申请表's and step 4's labels. */
export const EXPORT_COLUMNS: readonly { header: string; width: number; value: Getter }[] = [
  { header: '报名号', width: 11, value: (r) => r.src.application_no },
  // 个人信息
  { header: '姓名', width: 10, value: (r) => r.snap.applicant?.name ?? r.src.applicant_name ?? '' },
  { header: '性别', width: 6, value: (r) => r.names.sex(r.snap.applicant?.sex) },
  { header: '民族', width: 8, value: (r) => r.names.ethnicity(r.snap.applicant?.ethnicityCode) },
  { header: '出生日期', width: 12, value: (r) => r.snap.applicant?.birthDate ?? '' },
  { header: '证件类型', width: 12, value: (r) => r.names.idType(r.snap.applicant?.idType) },
  { header: '证件号码', width: 21, value: (r) => r.src.id_number },
  { header: '政治面貌', width: 10, value: summary('political') },
  { header: '手机号码', width: 13, value: (r) => r.src.mobile },
  { header: '安全邮箱', width: 20, value: (r) => r.src.email ?? '' },
  { header: '通讯邮编', width: 9, value: summary('postcode') },
  { header: '户籍所在地', width: 20, value: summary('hukou') },
  { header: '通讯地址', width: 30, value: summary('address') },
  // 教师资格证书信息
  { header: '证书号码', width: 19, value: summary('certNumber') },
  { header: '资格种类', width: 16, value: summary('qualification') },
  { header: '任教学科（证书）', width: 12, value: summary('certSubject') },
  { header: '签发日期', width: 12, value: (r) => r.snap.certificate?.issueDate ?? '' },
  { header: '认定机构', width: 16, value: (r) => r.snap.certificate?.issuingAuthority ?? '' },
  { header: '注册次数', width: 8, value: (r) => (r.snap.certificate ? String(r.snap.certificate.passedCount ?? 0) : '') },
  { header: '上次注册日期', width: 12, value: (r) => r.snap.certificate?.lastDate ?? '' },
  { header: '上次注册结论', width: 12, value: (r) => r.snap.certificate?.lastConclusion ?? '' },
  // 注册信息
  { header: '注册类型', width: 10, value: summary('regType') },
  { header: '注册机构', width: 16, value: summary('bureau') },
  { header: '所在省', width: 10, value: summary('province') },
  { header: '所在市', width: 10, value: summary('city') },
  { header: '现任教学段', width: 12, value: summary('stage') },
  { header: '现任教学科', width: 12, value: summary('subject') },
  { header: '确认点', width: 22, value: summary('point') },
  // 学历与工作 (step 3's order)
  { header: '普通话证书信息', width: 12, value: summary('putonghua') },
  { header: '最高学历', width: 10, value: summary('education') },
  { header: '最高学历专业类别', width: 14, value: summary('majorCategory') },
  { header: '所学专业', width: 16, value: summary('major') },
  { header: '最高学位', width: 10, value: summary('degree') },
  { header: '毕业学校', width: 20, value: summary('graduationSchool') },
  { header: '毕业时间', width: 12, value: summary('graduationDate') },
  { header: '学习形式', width: 10, value: summary('learningForm') },
  { header: '现任教学校', width: 24, value: summary('schoolName') },
  { header: '任教学校性质', width: 12, value: summary('schoolNature') },
  { header: '任教学校所在地', width: 12, value: summary('schoolLocation') },
  { header: '开始参加工作时间', width: 14, value: summary('workStartDate') },
  { header: '教师职务', width: 14, value: summary('teacherTitle') },
  { header: '现任教聘用日期', width: 14, value: summary('employmentDate') },
  { header: '岗位性质', width: 16, value: summary('postType') },
  // 办理情况
  { header: '报名状态', width: 12, value: (r) => r.src.status },
  { header: '注册结论', width: 12, value: (r) => r.handling.conclusion },
  { header: '原因或审核意见', width: 24, value: (r) => r.handling.reason },
  { header: '缺少的材料', width: 20, value: (r) => r.handling.missing },
  { header: '提交时间', width: 17, value: (r) => time(r.src.submitted_at, r.timeZone) },
  { header: '确认时间', width: 17, value: (r) => r.handling.confirmedAt },
  { header: '办结时间', width: 17, value: (r) => r.handling.concludedAt },
];

export const EXPORT_HEADERS: readonly string[] = EXPORT_COLUMNS.map((c) => c.header);

/** The summary keys the columns read: a test checks that every key a submission stores is among them. */
export const EXPORT_SUMMARY_KEYS: readonly string[] = [
  'political', 'postcode', 'hukou', 'address', 'certNumber', 'qualification', 'certSubject', 'regType', 'bureau', 'province', 'city', 'stage',
  'subject', 'point', 'putonghua', 'education', 'majorCategory', 'major', 'degree', 'graduationSchool', 'graduationDate', 'learningForm',
  'schoolName', 'schoolNature', 'schoolLocation', 'workStartDate', 'teacherTitle', 'employmentDate', 'postType',
];

const CONFIRM_ACTIONS = ['confirmComplete', 'confirmIncomplete'];
const APPLICANT_ACTIONS = ['submit', 'edit'];

/**
 * The handling columns from the events: 确认时间 is the last confirmation at the counter (材料齐全 or 材料不全);
 * 办结时间 and 注册结论 only while the status is a conclusion; the reason is that of the last event that changed the
 * status (a conclusion's reason or opinion, a 退回修改's reason, a 机构选择有误 note), and the missing materials only
 * while 确认未通过 — the same rule as the applicant's 定期注册材料确认情况.
 */
export function handlingOf(status: string, events: readonly ExportEvent[], timeZone: string): Handling {
  let lastMove: ExportEvent | undefined;
  let confirmed: ExportEvent | undefined;
  for (const e of events) {
    // The applicant's own submit and edits carry no staff reason (an edit after 机构选择有误 moves the status too).
    if (e.from_status !== e.to_status && !APPLICANT_ACTIONS.includes(e.action)) lastMove = e;
    if (CONFIRM_ACTIONS.includes(e.action)) confirmed = e;
  }
  const concluded = isConcludedStatus(status);
  const moveToStatus = lastMove && lastMove.to_status === status ? lastMove : undefined;
  return {
    conclusion: concluded ? status : '',
    reason: moveToStatus?.reason ?? '',
    missing: status === STATUS.confirmationFailed || status === CERTIFICATION_STATUS.materialsProblem ? moveToStatus?.missing_materials ?? '' : '',
    confirmedAt: confirmed ? time(confirmed.created_at, timeZone) : '',
    concludedAt: concluded && moveToStatus ? time(moveToStatus.created_at, timeZone) : '',
  };
}

function parse(data: string): SnapshotLike {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as SnapshotLike) : {};
  } catch {
    return {};
  }
}

/** One spreadsheet row, every value text (ID numbers and 报名号 must never become numbers). */
export function exportRow(src: ExportSource, names: ExportNames, timeZone: string): string[] {
  const snap = parse(src.data);
  const values = new Map<string, string>();
  for (const section of snap.summary ?? []) for (const row of section.rows ?? []) if (!values.has(row.key)) values.set(row.key, row.value ?? '');
  const resolved: Resolved = { src, snap, names, timeZone, row: (key) => values.get(key) ?? '', handling: handlingOf(src.status, src.events, timeZone) };
  return EXPORT_COLUMNS.map((c) => c.value(resolved));
}
