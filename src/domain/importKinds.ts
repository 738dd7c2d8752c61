/**
 * 数据导入: the four kinds of file a bureau imports, their columns (the templates' header rows), how a header
 * row is matched to them, and the rules one row must meet. Pure: the code lists and "today" are given.
 * A row's reason is Chinese, names the column, and is what the dry run shows next to the row number.
 */
import { normaliseIdNumber, factsFromIdNumber } from './identity';
import { CellValue, parseDate } from './importCells';
import {
  CERTIFICATION_IMPORT_COLUMNS, CERTIFICATION_IMPORT_KINDS, CERTIFICATION_KEY_LABELS, CERTIFICATION_KIND_LABELS, CertificationImportKind,
  certificationNaturalKey, CertificationRowOf, validateCertificationRow,
} from './certificationImports';
import { CodeItem, codeOf, col, ImportColumn, readPerson, readSubject, RowReader, RowResult } from './importRows';

export { codeOf } from './importRows';
export type { CodeItem, ImportColumn, RowResult } from './importRows';

export const IMPORT_KINDS = ['certificates', 'records', 'schools', 'points', ...CERTIFICATION_IMPORT_KINDS] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const isImportKind = (v: unknown): v is ImportKind => typeof v === 'string' && (IMPORT_KINDS as readonly string[]).includes(v);

export const KIND_LABELS: Record<ImportKind, string> = {
  certificates: '教师资格证书',
  records: '历史注册记录',
  schools: '毕业学校',
  points: '确认点',
  ...CERTIFICATION_KIND_LABELS,
};


export const IMPORT_COLUMNS: Record<ImportKind, ImportColumn[]> = {
  certificates: [
    col('certNumber', '证书号码', true, '20094478131000123', '必填，唯一；以文本格式填写', ['资格证书号码', '教师资格证书号码', '证书编号']),
    col('holderName', '持证人', true, '李明', '必填', ['姓名', '持证人姓名']),
    col('idType', '证件类型', false, '居民身份证', '可省略此列，默认居民身份证；填代码或名称'),
    col('idNumber', '证件号码', true, '440781198503151236', '必填，身份证号码校验末位；以文本格式填写', ['身份证号码', '身份证件号码']),
    col('qualification', '资格种类', true, '初级中学教师资格', '必填，代码（1–7）或名称', ['资格类别', '教师资格种类']),
    col('subject', '任教学科', true, '数学', '代码（如 C04）或名称；幼儿园教师资格可留空', ['学科', '任教学科（类别）']),
    col('issueDate', '签发日期', true, '2009-07-01', '必填，如 2009-07-01、2009/7/1、20090701 或日期单元格', ['发证日期', '证书签发日期']),
    col('authority', '认定机构', true, '台山市教育局', '必填', ['发证机关', '认定机关', '签发机关']),
    col('status', '状态', false, '有效', '有效（或留空）、撤销、丧失', ['证书状态']),
  ],
  records: [
    col('certNumber', '证书号码', true, '20094478131000123', '必填，须为已导入的证书', ['资格证书号码', '教师资格证书号码']),
    col('regType', '注册类型', true, '定期注册', '首次注册 或 定期注册'),
    col('conclusion', '注册结论', true, '注册合格', '注册合格、暂缓注册、注册不合格 或 不属于注册对象'),
    col('concludedOn', '注册日期', true, '2019-12-31', '必填，结论日期', ['结论日期', '注册时间']),
    col('bureau', '注册机构', true, '台山市教育局', '必填', ['注册机构名称']),
    col('point', '确认点', false, '台山市教育局人事股', '可留空'),
    col('school', '任教学校', false, '台山市台城第一初级中学', '可留空', ['工作单位']),
    col('stage', '任教学段', false, '初级中学', '代码或名称，可留空', ['现任教学段']),
    col('teachingSubject', '任教学科', false, '数学', '可留空', ['现任教学科']),
  ],
  schools: [
    col('name', '学校名称', true, '华南师范大学', '必填，唯一', ['毕业学校', '毕业学校名称']),
    col('schoolType', '办学类型', false, '普通高等学校', '代码或名称，可留空'),
    col('province', '所在省份', false, '广东省', '代码（440000）或名称，可留空', ['省份']),
  ],
  points: [
    col('name', '名称', true, '台山市台城第一小学确认点', '必填，本机构内唯一', ['确认点名称']),
    col('scope', '确认范围', false, '台城街道各小学及幼儿园', '可留空；换行保留', ['范围']),
    col('address', '地址', false, '台山市台城XX路1号', '可留空', ['确认点地址']),
    col('phone', '电话', false, '0750-5500000', '可留空', ['联系电话']),
  ],
  ...CERTIFICATION_IMPORT_COLUMNS,
};

const normHeader = (v: string) => v.replace(/[\s\u3000*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\(必填\)$/, '');

export type HeaderResult =
  | { ok: true; columns: Record<string, number>; ignored: string[] }
  | { ok: false; reason: string };

/** Which cell of a row holds which column, from the header row; missing required columns are named. */
export function mapHeader(kind: ImportKind, header: string[], guessOther = true): HeaderResult {
  const defs = IMPORT_COLUMNS[kind];
  const columns: Record<string, number> = {};
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const h = normHeader(raw ?? '');
    if (!h) return;
    const def = defs.find((d) => normHeader(d.label) === h || (d.aliases ?? []).some((a) => normHeader(a) === h));
    if (def && columns[def.key] === undefined) columns[def.key] = index;
    else ignored.push(raw.trim());
  });
  const missing = defs.filter((d) => d.required && columns[d.key] === undefined).map((d) => d.label);
  if (missing.length === defs.filter((d) => d.required).length) {
    const other = guessOther ? IMPORT_KINDS.find((k) => k !== kind && mapHeader(k, header, false).ok) : undefined;
    return { ok: false, reason: `第一行应为表头（${defs.map((d) => d.label).join('、')}），与“${KIND_LABELS[kind]}”模板不符${other ? `；这似乎是“${KIND_LABELS[other]}”文件，请选择对应的导入类型` : '；请下载模板，按模板的列填写'}` };
  }
  if (missing.length) return { ok: false, reason: `表头缺少以下列：${missing.join('、')}。请按模板填写表头` };
  return { ok: true, columns, ignored };
}

export interface ImportLists {
  qualification: CodeItem[]; subject: CodeItem[]; teachingStage: CodeItem[]; schoolType: CodeItem[]; province: CodeItem[];
}
export interface RowContext { lists: ImportLists; today: string; now: Date }

export interface CertificateImport {
  cert_number: string; holder_name: string; id_type: string; id_number: string; sex: string | null; issue_date: string;
  qualification_code: string; subject_code: string | null; subject_name: string | null; issuing_authority: string; restriction: string | null;
}
export interface RecordImport {
  cert_number: string; reg_type: string; conclusion: string; concluded_on: string; bureau_name: string;
  point_name: string | null; school_name: string | null; teaching_stage: string | null; teaching_subject: string | null;
}
export interface SchoolImport { name: string; school_type: string | null; province_code: string | null }
export interface PointImport { name: string; scope: string | null; address: string | null; phone: string | null }
export interface ImportRowOf extends CertificationRowOf { certificates: CertificateImport; records: RecordImport; schools: SchoolImport; points: PointImport }
export type AnyImportRow = ImportRowOf[ImportKind];


/** The natural key: re-importing a row with the same key updates it (or changes nothing). */
export function naturalKey(kind: ImportKind, row: AnyImportRow): string {
  switch (kind) {
    case 'certificates': return (row as CertificateImport).cert_number;
    case 'records': return `${(row as RecordImport).cert_number}|${(row as RecordImport).concluded_on}`;
    case 'schools': case 'points': return (row as SchoolImport | PointImport).name;
    default: return certificationNaturalKey(kind as CertificationImportKind, row as CertificationRowOf[CertificationImportKind]);
  }
}
export const KEY_LABELS: Record<ImportKind, string> = { certificates: '证书号码', records: '证书号码和注册日期', schools: '学校名称', points: '确认点名称', ...CERTIFICATION_KEY_LABELS };



const RESTRICTIONS: Record<string, string | null> = { '': null, 有效: null, 正常: null, 撤销: '撤销', 已撤销: '撤销', 丧失: '丧失', 已丧失: '丧失' };
const REG_TYPES = ['首次注册', '定期注册'];
const CONCLUSIONS = ['注册合格', '暂缓注册', '注册不合格', '不属于注册对象'];


function certificateRow(r: RowReader, ctx: RowContext): RowResult<CertificateImport> {
  const certNumber = normaliseIdNumber(r.text('certNumber', 20, true));
  if (certNumber && !/^[0-9A-Z]{6,20}$/.test(certNumber)) r.problem('certNumber', '只能由数字和字母组成（6–20位）');
  const { holder_name: holder, id_type: idType, id_number: idNumber } = readPerson(r, ctx.now);
  const qualText = r.text('qualification', 30, true);
  const qual = qualText ? codeOf(ctx.lists.qualification, qualText) : null;
  if (qualText && (!qual || qual === 'ambiguous')) r.problem('qualification', `“${qualText}”不是资格种类的代码或名称`);
  const qualification = qual && qual !== 'ambiguous' ? qual.code : '';
  if (qualification && /^\d{17}$/.test(certNumber) && certNumber[9] !== qualification) {
    r.problem('certNumber', `第10位（资格种类）为${certNumber[9]}，与资格种类“${qualText}”不一致`);
  }
  const subject = readSubject(r, ctx.lists.subject, qualification);
  const issue = parseDate(r.raw('issueDate'), ctx.today);
  if (!issue.ok) r.problem('issueDate', issue.reason);
  const authority = r.text('authority', 100, true);
  const statusText = r.text('status', 10);
  if (!(statusText in RESTRICTIONS)) r.problem('status', `只能为 有效、撤销 或 丧失（现为“${statusText}”）`);
  return r.result({
    cert_number: certNumber, holder_name: holder, id_type: idType, id_number: idNumber,
    sex: factsFromIdNumber(idType, idNumber)?.sex ?? null, issue_date: issue.ok ? issue.date : '',
    qualification_code: qualification, subject_code: subject?.code ?? (qualification === '1' ? 'D' : null),
    subject_name: subject?.name ?? (qualification === '1' ? '幼儿园' : null), issuing_authority: authority,
    restriction: RESTRICTIONS[statusText] ?? null,
  });
}

function recordRow(r: RowReader, ctx: RowContext): RowResult<RecordImport> {
  const certNumber = normaliseIdNumber(r.text('certNumber', 20, true));
  const regType = r.text('regType', 10, true);
  if (regType && !REG_TYPES.includes(regType)) r.problem('regType', `只能为 ${REG_TYPES.join(' 或 ')}`);
  const conclusion = r.text('conclusion', 20, true);
  if (conclusion && !CONCLUSIONS.includes(conclusion)) r.problem('conclusion', `只能为 ${CONCLUSIONS.join('、')}`);
  const on = parseDate(r.raw('concludedOn'), ctx.today);
  if (!on.ok) r.problem('concludedOn', on.reason);
  const bureau = r.text('bureau', 100, true);
  const point = r.text('point', 100);
  const school = r.text('school', 100);
  const stageText = r.text('stage', 40);
  const stage = stageText ? codeOf(ctx.lists.teachingStage, stageText) : null;
  if (stageText && (!stage || stage === 'ambiguous')) r.problem('stage', `“${stageText}”不是任教学段的代码或名称`);
  const subject = r.text('teachingSubject', 40);
  return r.result({
    cert_number: certNumber, reg_type: regType, conclusion, concluded_on: on.ok ? on.date : '', bureau_name: bureau,
    point_name: point || null, school_name: school || null, teaching_stage: stage && stage !== 'ambiguous' ? stage.name : null, teaching_subject: subject || null,
  });
}

function schoolRow(r: RowReader, ctx: RowContext): RowResult<SchoolImport> {
  const name = r.text('name', 100, true);
  const typeText = r.text('schoolType', 40);
  const type = typeText ? codeOf(ctx.lists.schoolType, typeText) : null;
  if (typeText && (!type || type === 'ambiguous')) r.problem('schoolType', `“${typeText}”不是办学类型的代码或名称`);
  const provText = r.text('province', 40);
  const prov = provText ? codeOf(ctx.lists.province, provText) : null;
  if (provText && (!prov || prov === 'ambiguous')) r.problem('province', `“${provText}”不是省份的代码或名称`);
  return r.result({ name, school_type: type && type !== 'ambiguous' ? type.code : null, province_code: prov && prov !== 'ambiguous' ? prov.code : null });
}

function pointRow(r: RowReader): RowResult<PointImport> {
  const name = r.text('name', 100, true);
  const scope = r.text('scope', 2000);
  const address = r.text('address', 200);
  const phone = r.text('phone', 60);
  if (phone && !/^[0-9+\-()（）\s,，、/转]+$/.test(phone)) r.problem('phone', '只能包含数字、“-”和括号');
  return r.result({ name, scope: scope || null, address: address || null, phone: phone || null });
}

/** Validates one data row of `kind` (cells as read, columns from mapHeader). */
export function validateRow<K extends ImportKind>(kind: K, cells: CellValue[], columns: Record<string, number>, ctx: RowContext): RowResult<ImportRowOf[K]> {
  const r = new RowReader(cells, columns, IMPORT_COLUMNS[kind]);
  switch (kind) {
    case 'certificates': return certificateRow(r, ctx) as RowResult<ImportRowOf[K]>;
    case 'records': return recordRow(r, ctx) as RowResult<ImportRowOf[K]>;
    case 'schools': return schoolRow(r, ctx) as RowResult<ImportRowOf[K]>;
    case 'points': return pointRow(r) as RowResult<ImportRowOf[K]>;
    default: return validateCertificationRow(kind as CertificationImportKind, r, ctx) as RowResult<ImportRowOf[K]>;
  }
}

/** Whether a row has nothing in it (skipped, neither accepted nor refused: Excel leaves such rows behind). */
export function isBlankRow(cells: CellValue[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

export const IMPORT_LIMITS = {
  /** The upload (multer's limit), and how many data rows one file may hold. */
  fileBytes: 50 * 1024 * 1024,
  rows: 200_000,
  /** Rows written per transaction, and refused rows kept for the page (all are counted). */
  batch: 1000,
  refusedShown: 500,
} as const;

export const IMPORT_MESSAGES = {
  noFile: '请选择要导入的文件（.xlsx 或 .csv）',
  noKind: '请选择导入类型',
  noBureau: '请选择确认点所属的注册机构',
  tooLarge: `文件超过${IMPORT_LIMITS.fileBytes / 1024 / 1024}MB，请分成多个文件导入`,
  notSpreadsheet: '文件不是 .xlsx 或 .csv 格式的表格，请在Excel中另存为“Excel 工作簿(*.xlsx)”或“CSV (逗号分隔)(*.csv)”后再导入',
  xls: '不支持旧版 .xls 文件，请在Excel中另存为“Excel 工作簿(*.xlsx)”或“CSV (逗号分隔)(*.csv)”后再导入',
  brokenXlsx: '文件无法作为Excel工作簿读取（文件损坏或不是 .xlsx），请在Excel中打开并另存为 .xlsx 后再导入',
  bomb: '文件解压后过大（可能是恶意构造的压缩文件），已拒绝读取',
  empty: '文件中没有数据：第一行应为表头，从第二行起每行一条',
  noRows: '文件只有表头，没有数据行',
  tooManyRows: `文件超过${IMPORT_LIMITS.rows}行，请分成多个文件导入`,
  duplicate: (key: string, first: number) => `${key}与第${first}行重复`,
  busy: '您已有一个导入任务正在进行，请等待完成后再提交',
  checkFailed: '检查文件时出错，没有写入任何数据，请稍后重新上传',
  failed: '导入中途出错，已完成的批次已保存；请重新导入同一文件（已导入的行不会重复）',
  manualCertificate: '该证书号码是申请人补录的证书，请在“补录证书核验”中处理，不能用导入覆盖',
  noCertificate: '证书号码不存在，请先导入该证书',
} as const;
