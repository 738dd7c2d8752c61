import { isIsoDate } from '../../domain/dates';
import { text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import type { DetailsAnswers, ParseResult, SummaryRefs, SummarySection } from './types';

/** Step 3 fields in the order of seed 000, each with the code list it draws from (if any) and its label. */
export const DETAIL_FIELDS: Array<{ name: Exclude<keyof DetailsAnswers, 'certificateId' | 'photoFileId'>; label: string; list?: string; max?: number }> = [
  { name: 'putonghua', label: '普通话证书信息', list: 'putonghua' },
  { name: 'education', label: '最高学历信息', list: 'education' },
  { name: 'majorCategory', label: '最高学历专业类别', list: 'majorCategory' },
  { name: 'major', label: '所学专业', list: 'major' },
  { name: 'degree', label: '最高学位信息', list: 'degree' },
  { name: 'graduationSchool', label: '毕业学校', max: 60 },
  { name: 'graduationDate', label: '毕业时间', max: 10 },
  { name: 'learningForm', label: '学习形式', list: 'learningForm' },
  { name: 'schoolName', label: '现任教学校', max: 60 },
  { name: 'schoolNature', label: '任教学校性质', list: 'schoolNature' },
  { name: 'schoolLocation', label: '任教学校所在地', list: 'schoolLocation' },
  { name: 'workStartDate', label: '开始参加工作时间', max: 10 },
  { name: 'teacherTitle', label: '教师职务', list: 'teacherTitle' },
  { name: 'employmentDate', label: '现任教聘用日期', max: 10 },
  { name: 'hukou', label: '户籍所在地', max: 60 },
  { name: 'postType', label: '岗位性质', list: 'postType' },
  { name: 'political', label: '政治面貌', list: 'political' },
  { name: 'postcode', label: '通讯邮编', max: 6 },
  { name: 'address', label: '通讯地址', max: 100 },
];
export const DETAIL_FIELD_ORDER = ['certificateId', ...DETAIL_FIELDS.map((f) => f.name), 'photo'];

export interface DetailsContext {
  eligibleCertificateIds: number[];
  codes: (list: string) => string[]; // selectable codes of a list (the last level for trees)
  today: string;
  birthDate: string | null;
  photoFileId: number | null; // the photo already uploaded (draft, pending or new)
  schoolKnown: boolean; // the graduation school is in the list (found by 查询 or added by 新增学校)
}

export type DetailsEcho = Record<string, string>;

export function readDetails(body: unknown): DetailsEcho {
  const echo: DetailsEcho = { certificateId: text(body, 'certificateId', 12) };
  for (const f of DETAIL_FIELDS) echo[f.name] = text(body, f.name, f.max ?? 10);
  return echo;
}

export function parseDetails(echo: DetailsEcho, ctx: DetailsContext): ParseResult<DetailsAnswers> {
  const errors: FieldErrors = {};
  const certificateId = Number(echo.certificateId);
  if (!ctx.eligibleCertificateIds.includes(certificateId)) errors.certificateId = '请选择参与本次定期注册的教师资格证书';
  for (const f of DETAIL_FIELDS) {
    const value = echo[f.name];
    if (f.list) {
      if (!ctx.codes(f.list).includes(value)) errors[f.name] = `请选择${f.label}`;
    } else if (!value) errors[f.name] = `请填写${f.label}`;
    else if (f.max && [...value].length > f.max) errors[f.name] = `${f.label}不能超过${f.max}个字符`;
  }
  const dateRule = (field: 'graduationDate' | 'workStartDate' | 'employmentDate', label: string) => {
    const value = echo[field];
    if (errors[field]) return;
    if (!isIsoDate(value)) errors[field] = `请填写正确的${label}（如 2008-07-01）`;
    else if (value > ctx.today) errors[field] = `${label}不能晚于今天`;
    else if (ctx.birthDate && value <= ctx.birthDate) errors[field] = `${label}不能早于出生日期`;
  };
  dateRule('graduationDate', '毕业时间');
  dateRule('workStartDate', '开始参加工作时间');
  dateRule('employmentDate', '现任教聘用日期');
  if (!errors.employmentDate && !errors.workStartDate && echo.employmentDate < echo.workStartDate) {
    errors.employmentDate = '现任教聘用日期不能早于开始参加工作时间';
  }
  if (!errors.graduationSchool && !ctx.schoolKnown) errors.graduationSchool = '未查到该毕业学校，请点击“查询”选择，或填写学校名称和办学类型后点击“新增学校”';
  if (!errors.postcode && !/^\d{6}$/.test(echo.postcode)) errors.postcode = '通讯邮编须为6位数字';
  if (ctx.photoFileId === null) errors.photo = '请上传近期本人1寸白色免冠正面证件照';
  if (Object.keys(errors).length || ctx.photoFileId === null) return { errors };
  const answers = { certificateId, photoFileId: ctx.photoFileId } as DetailsAnswers;
  for (const f of DETAIL_FIELDS) answers[f.name] = echo[f.name];
  return { answers };
}

export function detailsSummary(a: DetailsAnswers, refs: SummaryRefs): SummarySection[] {
  const value = (f: (typeof DETAIL_FIELDS)[number]) => (f.list ? refs.codeName(f.list, a[f.name]) : a[f.name]);
  return [
    {
      title: '教师资格证书信息', step: 'details',
      rows: refs.certificate ? [
        { label: '证书号码', value: refs.certificate.certNumber },
        { label: '申请资格种类', value: refs.certificate.qualification },
        { label: '任教学科', value: refs.certificate.subject },
        { label: '注册类型', value: refs.certificate.regType },
      ] : [],
    },
    { title: '注册信息', step: 'details', rows: DETAIL_FIELDS.map((f) => ({ label: f.label, value: value(f) })) },
  ];
}
