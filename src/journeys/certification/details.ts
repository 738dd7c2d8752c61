import type { Knex } from 'knex';
import { withStepAnswer } from '../engine';
import type { Step, StepInput } from '../engine';
import type { AccountRow } from '../../repositories/accounts';
import type { CodeItem } from '../../repositories/codeLists';
import { text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import { localDate } from '../../domain/dates';
import { checkResume, readResume, ResumePeriod, RESUME_MAX_PERIODS } from '../../domain/certification/resume';
import { CERTIFICATION_MESSAGES as MSG, SIGNED_PROMISE_TEXT } from '../../domain/certification/notices';
import { normaliseApplicantPhoto } from '../../services/images';
import { readSignature } from '../../services/signatureImage';
import { DELIVERY_LABELS, STAGE_OF_QUALIFICATION } from './types';
import type { CertificationAnswers, CertificationDeps, CertificationDraft, CertificationSummarySection, Delivery } from './types';
import { identityChoices, proofOf } from './identity';

type Details = NonNullable<CertificationAnswers['details']>;

/** 现从事职业 and 专业技术职务 of a 个人简历 row (002: students choose 学生 and 无). */
export const OCCUPATIONS = ['学生', '教师', '其他专业技术人员', '机关事业单位工作人员', '企业职工', '其他'] as const;
export const TITLES = ['无', '员级', '助理级', '中级', '副高级', '正高级'] as const;
/** Rows a form shows at first (empty ones are not periods); 新增一行 adds one, up to the maximum. */
export const RESUME_ROWS_DEFAULT = 3;
export const POST_FIELDS = ['postAddress', 'postcode', 'postRecipient', 'postPhone'] as const;
export const DETAIL_FIELD_ORDER = ['subjectCode', 'subjectOther', 'photo', 'signature', 'delivery', ...POST_FIELDS, 'resume'];

export interface DetailsEcho {
  subjectCode: string; subjectOther: string; delivery: string;
  postAddress: string; postcode: string; postRecipient: string; postPhone: string;
  resume: ResumePeriod[]; resumeRows: number;
}

const emptyPeriod = (): ResumePeriod => ({ from: '', to: '', employer: '', occupation: '', title: '' });

export function readDetails(body: unknown): DetailsEcho {
  const asked = Number(text(body, 'resumeRows', 3));
  const rows = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, RESUME_MAX_PERIODS) : RESUME_ROWS_DEFAULT;
  const resume = readResume(body, rows);
  return {
    subjectCode: text(body, 'subjectCode', 4), subjectOther: text(body, 'subjectOther', 40).trim(), delivery: text(body, 'delivery', 5),
    postAddress: text(body, 'postAddress', 120).trim(), postcode: text(body, 'postcode', 10).trim(), postRecipient: text(body, 'postRecipient', 40).trim(), postPhone: text(body, 'postPhone', 20).trim(),
    resume, resumeRows: Math.max(rows, resume.length),
  };
}

export function detailsValues(d: Details | undefined): DetailsEcho {
  if (!d) return { subjectCode: '', subjectOther: '', delivery: '', postAddress: '', postcode: '', postRecipient: '', postPhone: '', resume: [], resumeRows: RESUME_ROWS_DEFAULT };
  return {
    subjectCode: d.subjectCode, subjectOther: d.subjectOther ?? '', delivery: d.delivery, postAddress: d.postAddress ?? '', postcode: d.postcode ?? '',
    postRecipient: d.postRecipient ?? '', postPhone: d.postPhone ?? '', resume: d.resume, resumeRows: Math.max(RESUME_ROWS_DEFAULT, d.resume.length),
  };
}

/** The rows the form shows: the periods, then empty rows up to the count. */
export const resumeRowsOf = (echo: DetailsEcho): ResumePeriod[] =>
  [...echo.resume, ...Array.from({ length: Math.max(0, echo.resumeRows - echo.resume.length) }, emptyPeriod)];

/** 任教学科 of a 资格种类's 学段: 幼儿园 D, 小学/初中 the C series, 高中/中职 the B series. */
export function subjectsFor(qualificationCode: string, subjects: CodeItem[]): CodeItem[] {
  const stage = STAGE_OF_QUALIFICATION[qualificationCode] ?? '';
  if (stage === '1') return subjects.filter((s) => s.code === 'D');
  if (stage === '2' || stage === '3') return subjects.filter((s) => s.code.startsWith('C'));
  if (stage === '4' || stage === '5') return subjects.filter((s) => s.code.startsWith('B'));
  return [];
}

export interface DetailsContext {
  qualificationCode: string;
  subjects: CodeItem[];
  proofSubject: { code: string; name: string } | null;
  photoFileId: number | null;
  signature: { fileId: number; source: 'pad' | 'photo' } | null;
  currentMonth: string;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Step 4's rules (pure): the uploads already settled into file ids. */
export function parseDetails(echo: DetailsEcho, ctx: DetailsContext): { answer: Details; errors?: undefined } | { errors: FieldErrors; answer?: undefined } {
  const errors: FieldErrors = {};
  const subject = ctx.subjects.find((s) => s.code === echo.subjectCode);
  const other = Boolean(subject?.name.startsWith('其他'));
  if (!subject) errors.subjectCode = MSG.subject;
  else if (ctx.proofSubject && ctx.proofSubject.code !== echo.subjectCode) errors.subjectCode = MSG.subjectMismatch(ctx.proofSubject.name);
  if (other && !echo.subjectOther) errors.subjectOther = MSG.subjectOther;
  else if (other && [...echo.subjectOther].length > 20) errors.subjectOther = MSG.subjectOtherTooLong;
  if (ctx.photoFileId === null) errors.photo = MSG.photo;
  if (!ctx.signature) errors.signature = '请在个人承诺书上手写签名（或上传签名后的个人承诺书照片）';
  if (echo.delivery !== 'self' && echo.delivery !== 'post') errors.delivery = MSG.delivery;
  const post = echo.delivery === 'post';
  if (post) {
    if (!echo.postAddress) errors.postAddress = MSG.postAddress;
    else if ([...echo.postAddress].length > 100) errors.postAddress = MSG.tooLong('邮寄地址', 100);
    if (!/^\d{6}$/.test(echo.postcode)) errors.postcode = MSG.postcode;
    if (!echo.postRecipient) errors.postRecipient = MSG.postRecipient;
    else if ([...echo.postRecipient].length > 30) errors.postRecipient = MSG.tooLong('收件人', 30);
    if (!PHONE.test(echo.postPhone)) errors.postPhone = MSG.postPhone;
  }
  Object.assign(errors, checkResume(echo.resume, ctx.currentMonth));
  echo.resume.forEach((p, i) => {
    if (p.occupation && !(OCCUPATIONS as readonly string[]).includes(p.occupation)) errors[`resume_${i}_occupation`] ??= '请选择现从事职业';
    if (p.title && !(TITLES as readonly string[]).includes(p.title)) errors[`resume_${i}_title`] ??= '请选择专业技术职务（没有的选“无”）';
  });
  if (Object.keys(errors).length || ctx.photoFileId === null || !ctx.signature) return { errors };
  return {
    answer: {
      qualificationCode: ctx.qualificationCode, subjectCode: echo.subjectCode, ...(other ? { subjectOther: echo.subjectOther } : {}),
      photoFileId: ctx.photoFileId, signatureFileId: ctx.signature.fileId, signatureSource: ctx.signature.source,
      delivery: echo.delivery as Delivery,
      ...(post ? { postAddress: echo.postAddress, postcode: echo.postcode, postRecipient: echo.postRecipient, postPhone: echo.postPhone } : {}),
      resume: echo.resume,
    },
  };
}

/** The uploads of a step-4 form, decoded and normalised (refused by content whatever their names say). */
export async function readUploads(input: Pick<StepInput, 'body' | 'file' | 'fileError'>) {
  const errors: FieldErrors = {};
  let photoImage: { kind: string; data: Buffer; width: number; height: number; mime: string } | null = null;
  let signatureImage: { kind: string; data: Buffer; width: number; height: number; mime: string; source: 'pad' | 'photo' } | null = null;
  const photoError = input.fileError('photo');
  const photoFile = input.file('photo');
  if (photoError) errors.photo = photoError;
  else if (photoFile) {
    const normalised = await normaliseApplicantPhoto(photoFile);
    if (normalised.ok) photoImage = { kind: 'photo', ...normalised.value };
    else errors.photo = normalised.errors.file ?? MSG.photo;
  }
  const padData = text(input.body, 'signatureData', 700_000);
  const signatureError = input.fileError('signaturePhoto') ?? input.fileError('signatureData');
  const signatureFile = input.file('signaturePhoto');
  if (signatureError) errors.signature = signatureError;
  else if (padData.trim() || signatureFile) {
    const read = await readSignature(padData, signatureFile);
    if (read.ok) signatureImage = { kind: 'signature', data: read.value.data, width: read.value.width, height: read.value.height, mime: read.value.mime, source: read.value.source };
    else errors.signature = read.errors.signature ?? MSG.photo;
  }
  return { errors, photoImage, signatureImage };
}

/** Names for the step's view and the summary. */
export async function detailsView(deps: CertificationDeps, account: AccountRow, answers: CertificationAnswers) {
  const qualificationCode = answers.bureau?.qualificationCode ?? '';
  const [subjects, namer, choices] = await Promise.all([deps.reference.list('subject'), deps.reference.namer(['qualification']), identityChoices(deps, account)]);
  const proof = answers.identity ? proofOf(answers.identity, choices) : null;
  return {
    qualificationCode, qualificationName: namer('qualification', qualificationCode), subjects: subjectsFor(qualificationCode, subjects),
    proofSubject: proof?.subject_code ? { code: proof.subject_code, name: proof.subject_name ?? proof.subject_code } : null,
    occupations: OCCUPATIONS, titles: TITLES, deliveryLabels: DELIVERY_LABELS, signedPromise: SIGNED_PROMISE_TEXT, resumeMax: RESUME_MAX_PERIODS,
    fieldOrder: DETAIL_FIELD_ORDER,
  };
}

/**
 * Step 4's rules with its two uploads: valid ones are stored (with `persist`, in the same transaction as the draft) even
 * when other fields still have errors, so neither is asked for twice. Used by step 4 and by 修改.
 */
export async function checkDetails(deps: CertificationDeps, account: AccountRow, base: CertificationDraft, echo: DetailsEcho,
  input: Pick<StepInput, 'body' | 'file' | 'fileError'>, persist: (next: CertificationDraft, trx?: Knex.Transaction) => Promise<void>, opts: { onlyKeep?: boolean } = {}) {
  const view = await detailsView(deps, account, base.answers);
  const uploads = await readUploads(input);
  const currentPhoto = base.pendingPhotoFileId ?? base.answers.details?.photoFileId ?? null;
  const currentSignature = base.pendingSignatureFileId
    ? { fileId: base.pendingSignatureFileId, source: base.pendingSignatureSource ?? 'photo' }
    : base.answers.details ? { fileId: base.answers.details.signatureFileId, source: base.answers.details.signatureSource } : null;
  let verdict: ReturnType<typeof parseDetails> = { errors: {} };
  let next: CertificationDraft = base;
  await deps.drafts.withFiles(account.id, [uploads.photoImage, uploads.signatureImage], async ([photoId, signatureId], trx) => {
    const photoFileId = photoId ?? currentPhoto;
    const signature = signatureId && uploads.signatureImage ? { fileId: signatureId, source: uploads.signatureImage.source } : currentSignature;
    const parsed = opts.onlyKeep ? { errors: {} } : parseDetails(echo, {
      qualificationCode: view.qualificationCode, subjects: view.subjects, proofSubject: view.proofSubject, photoFileId, signature,
      currentMonth: localDate(deps.clock.now(), deps.timeZone).slice(0, 7),
    });
    verdict = Object.keys(uploads.errors).length ? { errors: { ...(parsed.errors ?? {}), ...uploads.errors } } : parsed;
    if (verdict.answer) {
      next = { answers: withStepAnswer(detailsStep, base.answers, verdict.answer) };
    } else {
      next = { ...base };
      if (photoId) next.pendingPhotoFileId = photoId;
      if (signatureId && signature) [next.pendingSignatureFileId, next.pendingSignatureSource] = [signatureId, signature.source];
    }
    if (photoId || signatureId || verdict.answer) await persist(next, trx);
  });
  return { verdict: verdict as ReturnType<typeof parseDetails>, draft: next };
}

const filesOf = (d: CertificationDraft) => ({
  photoFileId: d.pendingPhotoFileId ?? d.answers.details?.photoFileId ?? null,
  signatureFileId: d.pendingSignatureFileId ?? d.answers.details?.signatureFileId ?? null,
});

/** 步骤四 填写认定信息: 资格种类 (of step 3), 任教学科, photo, 个人承诺书 signature, 证书领取方式, 个人简历. */
export const detailsStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'details',
  title: '填写认定信息',
  view: 'pages/certify/details',
  multipart: true,
  invalidates: ['review'],
  fieldOrder: DETAIL_FIELD_ORDER,
  async load({ account, draft, deps }, extra) {
    const values = (extra.values as DetailsEcho | undefined) ?? detailsValues(draft.answers.details);
    return { values, rows: resumeRowsOf(values), ...filesOf(draft as CertificationDraft), ...(await detailsView(deps, account, draft.answers)), ...extra };
  },
  async submit({ account, draft, input, deps }) {
    const echo = readDetails(input.body);
    const save = (next: CertificationDraft, trx?: Knex.Transaction) => deps.drafts.save(account.id, 'certification', next, trx);
    if (text(input.body, 'action', 20) === 'add-row') {
      // 新增一行 without JavaScript: the form again with one more row, everything typed kept (valid uploads stored).
      const { verdict, draft: kept } = await checkDetails(deps, account, draft as CertificationDraft, echo, input, save, { onlyKeep: true });
      const values = { ...echo, resumeRows: Math.min(RESUME_MAX_PERIODS, Math.max(echo.resumeRows, echo.resume.length) + 1) };
      const errors = verdict.errors ?? {};
      return { kind: 'show', extra: { values, rows: resumeRowsOf(values), ...filesOf(kept), errors }, status: Object.keys(errors).length ? 422 : 200 };
    }
    const { verdict, draft: saved } = await checkDetails(deps, account, draft as CertificationDraft, echo, input, save);
    if (verdict.errors) return { kind: 'show', extra: { values: echo, rows: resumeRowsOf(echo), ...filesOf(saved), errors: verdict.errors }, status: 422 };
    return { kind: 'saved' };
  },
};

export function detailsSummary(d: Details, names: { qualification: string; subject: string }): CertificationSummarySection {
  const rows = [
    { key: 'qualification', label: '资格种类', value: names.qualification },
    { key: 'subject', label: '任教学科', value: d.subjectOther ? `${names.subject}（${d.subjectOther}）` : names.subject },
    { key: 'signature', label: '个人承诺书', value: d.signatureSource === 'pad' ? '已手写签名' : '已上传签名照片' },
    { key: 'delivery', label: '证书领取方式', value: DELIVERY_LABELS[d.delivery] },
  ];
  if (d.delivery === 'post') {
    rows.push({ key: 'postAddress', label: '邮寄地址', value: d.postAddress ?? '' }, { key: 'postcode', label: '邮政编码', value: d.postcode ?? '' },
      { key: 'postRecipient', label: '收件人', value: d.postRecipient ?? '' }, { key: 'postPhone', label: '收件人联系电话', value: d.postPhone ?? '' });
  }
  d.resume.forEach((p, i) => rows.push({ key: `resume_${i}`, label: `个人简历（${i + 1}）`, value: `${p.from} 至 ${p.to || '今'}，${p.employer}，${p.occupation}，${p.title}` }));
  return { title: '认定信息', step: 'details', rows };
}
