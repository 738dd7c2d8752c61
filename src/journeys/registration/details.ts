import type { Knex } from 'knex';
import { withStepAnswer, Step, StepOutcome } from '../engine';
import type { AccountRow } from '../../repositories/accounts';
import type { Draft } from '../../domain/draft';
import { isIsoDate, localDate } from '../../domain/dates';
import { parseId, text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import type { ParseResult } from '../../domain/bureauSelection';
import { selectEntries, SelectEntry } from '../../domain/codeLists';
import type { CodeItem } from '../../repositories/codeLists';
import type { ImageInput } from '../../services/images';
import type { Answers, DetailsAnswers, RegistrationDeps, SummaryRefs, SummarySection } from './types';

type DetailName = Exclude<keyof DetailsAnswers, 'certificateId' | 'photoFileId'>;

/** One field of step 3: declared once, read by the parser, the template and the summary. */
export interface DetailField {
  name: DetailName; label: string;
  /**
   * select: a code list; tree: a two-level list shown with <optgroup>s (教师职务, 所学专业); school: the 毕业学校
   * chooser; date: YYYY-MM-DD; text.
   */
  kind: 'select' | 'tree' | 'school' | 'date' | 'text';
  list?: string; max?: number; hint?: string; inputmode?: string;
  /** tree: the first level may be chosen too (所学专业's 上一级大类, 003 §五(三)7); otherwise it is only a heading. */
  parentsSelectable?: boolean;
}

/** Step 3 fields in the order of seed 000, with the hints of 000 and 003. */
export const DETAIL_FIELDS: DetailField[] = [
  { name: 'putonghua', label: '普通话证书信息', kind: 'select', list: 'putonghua' },
  { name: 'education', label: '最高学历信息', kind: 'select', list: 'education' },
  { name: 'majorCategory', label: '最高学历专业类别', kind: 'select', list: 'majorCategory' },
  { name: 'major', label: '所学专业', kind: 'tree', list: 'major', parentsSelectable: true, hint: '要选到最后一级专业，如果没有就选相近的专业，如果没有相近的，就选上一级大类；最高学历为高中毕业及以下的选“无”。' },
  { name: 'degree', label: '最高学位信息', kind: 'select', list: 'degree' },
  { name: 'graduationSchool', label: '毕业学校', kind: 'school', max: 60 },
  { name: 'graduationDate', label: '毕业时间', kind: 'date', max: 10 },
  { name: 'learningForm', label: '学习形式', kind: 'select', list: 'learningForm' },
  { name: 'schoolName', label: '现任教学校', kind: 'text', max: 60, hint: '请填写学校全称，必须与公章一致' },
  { name: 'schoolNature', label: '任教学校性质', kind: 'select', list: 'schoolNature' },
  { name: 'schoolLocation', label: '任教学校所在地', kind: 'select', list: 'schoolLocation' },
  { name: 'workStartDate', label: '开始参加工作时间', kind: 'date', max: 10, hint: '即首次参加工作时间，不一定是进入本单位时间' },
  { name: 'teacherTitle', label: '教师职务', kind: 'tree', list: 'teacherTitle', hint: '按过渡后新职称选择相应选项：中学选中学系列、小学选小学系列；未取得职称选择“无”' },
  { name: 'employmentDate', label: '现任教聘用日期', kind: 'date', max: 10, hint: '以最新一期的聘用合同为准' },
  { name: 'hukou', label: '户籍所在地', kind: 'text', max: 60, hint: '请按户口簿上的内容填写' },
  { name: 'postType', label: '岗位性质', kind: 'select', list: 'postType' },
  { name: 'political', label: '政治面貌', kind: 'select', list: 'political' },
  { name: 'postcode', label: '通讯邮编', kind: 'text', max: 6, inputmode: 'numeric' },
  { name: 'address', label: '通讯地址', kind: 'text', max: 100 },
];
export const DETAIL_FIELD_ORDER = ['certificateId', ...DETAIL_FIELDS.map((f) => f.name), 'photo'];

export interface DetailsContext {
  eligibleCertificateIds: number[];
  codes: (list: string) => string[]; // selectable codes of a list (for trees the last level, unless parentsSelectable)
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

/** The form's values from stored answers. */
export function detailsValues(answers: Answers): Record<string, string> {
  const d = answers.details;
  if (!d) return {};
  const values: Record<string, string> = { certificateId: String(d.certificateId) };
  for (const f of DETAIL_FIELDS) values[f.name] = d[f.name];
  return values;
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
  for (const f of DETAIL_FIELDS.filter((field) => field.kind === 'date')) {
    const value = echo[f.name];
    if (errors[f.name]) continue;
    if (!isIsoDate(value)) errors[f.name] = `请填写正确的${f.label}（如 2008-07-01）`;
    else if (value > ctx.today) errors[f.name] = `${f.label}不能晚于今天`;
    else if (ctx.birthDate && value <= ctx.birthDate) errors[f.name] = `${f.label}不能早于出生日期`;
  }
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
  const value = (f: DetailField) => (f.list ? refs.codeName(f.list, a[f.name]) : a[f.name]);
  return [
    {
      title: '教师资格证书信息', step: 'details',
      rows: refs.certificate ? [
        { key: 'certNumber', label: '证书号码', value: refs.certificate.certNumber },
        { key: 'qualification', label: '申请资格种类', value: refs.certificate.qualification },
        { key: 'certSubject', label: '任教学科', value: refs.certificate.subject },
        { key: 'regType', label: '注册类型', value: refs.certificate.regType },
      ] : [],
    },
    { title: '注册信息', step: 'details', rows: DETAIL_FIELDS.map((f) => ({ key: f.name, label: f.label, value: value(f) })) },
  ];
}

/** Everything step 3 (and 修改报名信息) shows besides the values. */
export async function detailsView(deps: RegistrationDeps, account: AccountRow, bureauId?: number | null) {
  const lists: Record<string, Awaited<ReturnType<RegistrationDeps['reference']['list']>>> = {};
  for (const f of DETAIL_FIELDS) if (f.list) lists[f.list] = await deps.reference.list(f.list);
  lists.schoolType = await deps.reference.list('schoolType');
  const trees: Record<string, SelectEntry<CodeItem>[]> = {};
  for (const f of DETAIL_FIELDS) if (f.kind === 'tree' && f.list) trees[f.list] = selectEntries(lists[f.list] ?? []);
  return {
    account, fields: DETAIL_FIELDS, lists, trees, fieldOrder: DETAIL_FIELD_ORDER,
    ethnicityName: await deps.reference.nameOf('ethnicity', account.ethnicity_code),
    certificates: await deps.eligibility.certificateChoices(account, bureauId),
  };
}

/**
 * The graduation-school helpers, all plain submit buttons on the form: 查询 (search-school), picking a result
 * (pickSchool) and 新增学校 (add-school). Each shows the step again with every value kept; null when none was pressed.
 */
export async function schoolAction(deps: RegistrationDeps, account: AccountRow, body: unknown, echo: DetailsEcho): Promise<StepOutcome | null> {
  const action = text(body, 'action', 20);
  const pick = text(body, 'pickSchool', 60);
  if (pick) return { kind: 'show', extra: { values: { ...echo, graduationSchool: pick } }, status: 200 };
  if (action === 'search-school') {
    const q = echo.graduationSchool;
    return { kind: 'show', extra: { values: echo, schools: q ? await deps.schools.search(q) : [] }, status: 200 };
  }
  if (action !== 'add-school') return null;
  const name = text(body, 'newSchoolName', 60);
  const type = text(body, 'newSchoolType', 2);
  const added = await deps.schools.add(account.id, name, type);
  if (!added.ok) return { kind: 'show', extra: { values: { ...echo, newSchoolName: name, newSchoolType: type }, errors: added.errors }, status: 422 };
  return { kind: 'show', extra: { values: { ...echo, graduationSchool: added.value }, notice: `已新增学校：${added.value}` }, status: 200 };
}

/**
 * Step 3's rules with the photo: a valid upload is normalised and stored (with `persist`, in the same transaction
 * as the draft) even when other fields still have errors. Used by step 3 and by 修改报名信息.
 */
export async function checkDetails(deps: RegistrationDeps, account: AccountRow, base: Draft<Answers>, echo: DetailsEcho,
  upload: { file: ImageInput | null; error: string | null }, persist?: (next: Draft<Answers>, trx?: Knex.Transaction) => Promise<void>) {
  const [certificates, schoolKnown] = await Promise.all([deps.eligibility.certificateChoices(account, base.answers.bureau?.bureauId),
    deps.schools.known(echo.graduationSchool)]);
  const codesByList = new Map<string, string[]>();
  for (const f of DETAIL_FIELDS) if (f.list) codesByList.set(f.list, await deps.reference.selectable(f.list, f.parentsSelectable));
  const current = base.pendingPhotoFileId ?? base.answers.details?.photoFileId ?? null;
  let next: Draft<Answers> = base;
  const { verdict, newPhotoId } = await deps.drafts.withPhoto<DetailsAnswers>(account.id, current, upload.file, upload.error, (photoFileId) => {
    const parsed = parseDetails(echo, {
      eligibleCertificateIds: certificates.filter((c) => c.due.eligible).map((c) => c.id),
      codes: (name) => codesByList.get(name) ?? [], today: localDate(deps.clock.now(), deps.timeZone), birthDate: account.birth_date, photoFileId, schoolKnown,
    });
    return parsed.errors ? { errors: parsed.errors } : { answer: parsed.answers };
  }, async (outcome, trx) => {
    next = outcome.verdict.answer
      ? { answers: withStepAnswer(detailsStep, base.answers, outcome.verdict.answer) }
      : { ...base, ...(outcome.newPhotoId ? { pendingPhotoFileId: outcome.newPhotoId } : {}) };
    if (persist) await persist(next, trx);
  });
  return { verdict, draft: next, newPhotoId };
}

/** 填写注册信息: identity read-only, the certificate table, every field of seed 000, the photo. */
export const detailsStep: Step<Answers, RegistrationDeps> = {
  id: 'details',
  title: '填写注册信息',
  view: 'pages/apply/details',
  multipart: true,
  invalidates: ['review'],
  fieldOrder: DETAIL_FIELD_ORDER,
  async load({ account, draft, deps }, extra) {
    return {
      values: (extra.values as Record<string, string> | undefined) ?? detailsValues(draft.answers),
      photoFileId: (extra.photoFileId as number | undefined) ?? draft.pendingPhotoFileId ?? draft.answers.details?.photoFileId ?? null,
      schools: null,
      ...(await detailsView(deps, account, draft.answers.bureau?.bureauId)),
    };
  },
  async submit({ account, draft, input, deps }) {
    const echo = readDetails(input.body);
    const school = await schoolAction(deps, account, input.body, echo);
    if (school?.kind === 'show') {
      // A photo chosen before 查询 or 新增学校 is kept (a file input cannot be filled again): stored as the draft's pending photo.
      const kept = await keepPhoto(deps, account.id, { file: input.file('photo'), error: input.fileError('photo') },
        (photoId, trx) => deps.drafts.save(account.id, 'registration', { ...draft, pendingPhotoFileId: photoId }, trx));
      return kept ? { ...school, extra: { ...school.extra, photoFileId: kept } } : school;
    }
    if (school) return school;
    const { verdict, draft: saved } = await checkDetails(deps, account, draft, echo, { file: input.file('photo'), error: input.fileError('photo') },
      (next, trx) => deps.drafts.save(account.id, 'registration', next, trx));
    if (verdict.errors) return { kind: 'show', extra: { values: echo, errors: verdict.errors, photoFileId: saved.pendingPhotoFileId ?? saved.answers.details?.photoFileId ?? null }, status: 422 };
    return { kind: 'saved' };
  },
};

/**
 * Stores a valid upload that came with a secondary button (查询, 新增学校), so the photo is not lost when the
 * step is shown again; `persist` records it (the draft's pending photo) in the same transaction. Null when none.
 */
export async function keepPhoto(deps: RegistrationDeps, accountId: number, upload: { file: ImageInput | null; error: string | null },
  persist?: (photoId: number, trx?: Knex.Transaction) => Promise<void>): Promise<number | null> {
  if (!upload.file || upload.error) return null;
  const { newPhotoId } = await deps.drafts.withPhoto(accountId, null, upload.file, null, () => ({ errors: {} }),
    async (outcome, trx) => { if (outcome.newPhotoId && persist) await persist(outcome.newPhotoId, trx); });
  return newPhotoId;
}

/** A pending photo id carried by the 修改报名信息 form (honoured only when it is this account's). */
export const pendingPhotoOf = (body: unknown) => parseId(text(body, 'pendingPhotoId', 12));
