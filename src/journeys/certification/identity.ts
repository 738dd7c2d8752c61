import { withStepAnswer } from '../engine';
import type { Step, StepOutcome } from '../engine';
import type { AccountRow } from '../../repositories/accounts';
import type { ProofRow, PutonghuaCertificateRow, StudentStatusRow } from '../../repositories/certificationRecords';
import { text, parseId } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import { QUALIFYING_STUDENT_STATUS } from '../../domain/certificationRecords';
import { meetsKindergartenLevel } from '../../domain/putonghua';
import { CERTIFICATION_MESSAGES as MSG } from '../../domain/certification/notices';
import { EXAM_FORM_LABELS } from './types';
import type { CertificationAnswers, CertificationDeps } from './types';

type Identity = NonNullable<CertificationAnswers['identity']>;
export const IDENTITY_FIELDS = ['examChoice', 'putonghuaId', 'student'] as const;
export type IdentityEcho = Record<(typeof IDENTITY_FIELDS)[number], string>;

/** What step 2 chooses from: the applicant's proofs (with validity), 普通话 certificates and 学籍. */
export interface IdentityChoices {
  proofs: Array<ProofRow & { valid: boolean }>;
  putonghua: PutonghuaCertificateRow[];
  studentStatus: StudentStatusRow | null;
}

/** The radio value of 考试形式: `exam:<id>`, `exempt:<id>` or `nonExam` (a bare `exempt` when there is no valid 能力证书). */
export const examChoiceOf = (i: Identity): string => (i.examForm === 'nonExam' ? 'nonExam' : `${i.examForm}:${i.proofId}`);

export function readIdentity(body: unknown): IdentityEcho {
  return { examChoice: text(body, 'examChoice', 20), putonghuaId: text(body, 'putonghuaId', 12), student: text(body, 'student', 1) };
}
export function identityValues(i: Identity | undefined): IdentityEcho {
  return i ? { examChoice: examChoiceOf(i), putonghuaId: String(i.putonghuaId), student: i.student ? '1' : '0' } : { examChoice: '', putonghuaId: '', student: '' };
}

/**
 * Coming back from the personal centre (web/routes/applicant/certificationRecords.ts): a 普通话 certificate just added
 * arrives as `?putonghua=<id>` and is chosen when it is one of the applicant's own; a 学籍 just typed by 补充数据 arrives
 * as `?student=1` and chooses 是. Anything else leaves the values as they were.
 */
export function withOffered(values: IdentityEcho, choices: Pick<IdentityChoices, 'putonghua' | 'studentStatus'>, query: Record<string, unknown>): IdentityEcho {
  const id = parseId(typeof query.putonghua === 'string' ? query.putonghua : '');
  const offered = id && choices.putonghua.some((p) => p.id === id) ? { putonghuaId: String(id) } : {};
  const student = query.student === '1' && choices.studentStatus ? { student: '1' } : {};
  return { ...values, ...offered, ...student };
}

/** The proof behind an answer (null for 非国家统一考试). */
export const proofOf = (i: Pick<Identity, 'proofId'>, choices: Pick<IdentityChoices, 'proofs'>) => (i.proofId === null ? null : choices.proofs.find((p) => p.id === i.proofId) ?? null);

/**
 * Step 2's rules: one valid 考试合格证明, 非国家统一考试, or 免试认定改革人员 with a valid 能力证书; one 普通话 certificate
 * (二级乙等 or better when the proof is a 幼儿园 one); 在校生 with a 学籍 in 注册学籍.
 */
export function parseIdentity(echo: IdentityEcho, choices: IdentityChoices): { answer: Identity; errors?: undefined } | { errors: FieldErrors; answer?: undefined } {
  const errors: FieldErrors = {};
  let examForm: Identity['examForm'] | null = null;
  let proofId: number | null = null;
  const [form, idText] = echo.examChoice.split(':');
  if (form === 'nonExam' && idText === undefined) examForm = 'nonExam';
  else if (form === 'exam' || form === 'exempt') {
    const id = parseId(idText ?? '');
    const proof = choices.proofs.find((p) => p.id === id && p.kind === (form === 'exam' ? 'exam' : 'ability'));
    if (proof?.valid) [examForm, proofId] = [form, proof.id];
    else errors.examChoice = form === 'exam' ? MSG.proofInvalid : MSG.exemptWithoutCertificate;
  } else errors.examChoice = MSG.examForm;
  const putonghua = choices.putonghua.find((p) => String(p.id) === echo.putonghuaId);
  if (!putonghua) errors.putonghuaId = MSG.putonghua;
  const proof = proofId === null ? null : choices.proofs.find((p) => p.id === proofId);
  if (putonghua && proof?.qualification_code === '1' && !meetsKindergartenLevel(putonghua.level)) errors.putonghuaId = MSG.kindergartenPutonghua;
  if (echo.student !== '1' && echo.student !== '0') errors.student = MSG.student;
  else if (echo.student === '1' && !choices.studentStatus) errors.student = MSG.studentMissing;
  else if (echo.student === '1' && choices.studentStatus?.status !== QUALIFYING_STUDENT_STATUS) errors.student = MSG.studentNotRegistered;
  if (Object.keys(errors).length || !examForm || !putonghua) return { errors };
  const student = echo.student === '1';
  return { answer: { examForm, proofId, putonghuaId: putonghua.id, student, studentStatusId: student ? choices.studentStatus?.id ?? null : null } };
}

export async function identityChoices(deps: CertificationDeps, account: AccountRow): Promise<IdentityChoices> {
  const [proofs, putonghua, education] = await Promise.all([deps.records.proofs(account), deps.records.putonghua(account), deps.records.education(account)]);
  return { proofs, putonghua, studentStatus: education.status };
}

/** Everything the step (and 修改) shows besides the values. */
export async function identityView(deps: CertificationDeps, account: AccountRow) {
  const choices = await identityChoices(deps, account);
  return {
    account, ...choices, examFormLabels: EXAM_FORM_LABELS,
    ethnicityName: await deps.reference.nameOf('ethnicity', account.ethnicity_code),
    namer: await deps.reference.namer(['qualification', 'subject']),
  };
}

/** 同步学籍 (once only) as a secondary button of the step: the step again with what was chosen and the outcome. */
export async function studentAction(deps: CertificationDeps, account: AccountRow, body: unknown, echo: IdentityEcho): Promise<StepOutcome | null> {
  if (text(body, 'action', 20) !== 'sync-student') return null;
  const synced = await deps.records.syncStudentStatus(account);
  if (!synced.ok) return { kind: 'show', extra: { values: { ...echo, student: '1' }, errors: { student: synced.errors._form ?? MSG.studentMissing } }, status: 422 };
  return { kind: 'show', extra: { values: { ...echo, student: '1' }, notice: '学籍已同步。学籍同步后，学籍信息将无法再次同步。' }, status: 200 };
}

/** 步骤二 填写身份信息. */
export const identityStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'identity',
  title: '填写身份信息',
  view: 'pages/certify/identity',
  // The proof decides the 资格种类 and 任教学科 of steps 3 and 4; the review shows all of it.
  invalidates: ['review', 'notes'],
  fieldOrder: IDENTITY_FIELDS,
  async load({ account, draft, deps, input }, extra) {
    const view = await identityView(deps, account);
    return { values: (extra.values as IdentityEcho | undefined) ?? withOffered(identityValues(draft.answers.identity), view, input.query), ...view };
  },
  async submit({ account, draft, input, deps }) {
    const echo = readIdentity(input.body);
    const action = await studentAction(deps, account, input.body, echo);
    if (action) return action;
    const parsed = parseIdentity(echo, await identityChoices(deps, account));
    if (parsed.errors) return { kind: 'show', extra: { values: echo, errors: parsed.errors }, status: 422 };
    // A new proof may no longer fit the 资格种类 (step 3) or 任教学科 (step 4) chosen before: those are asked again.
    const proof = proofOf(parsed.answer, await identityChoices(deps, account));
    const answers = withStepAnswer(identityStep, draft.answers, parsed.answer);
    if (proof && answers.bureau && answers.bureau.qualificationCode !== proof.qualification_code) delete answers.bureau;
    const dropped = proof?.subject_code && answers.details && answers.details.subjectCode !== proof.subject_code ? answers.details : null;
    if (dropped) delete answers.details;
    // The uploads of a step 4 asked again stay with the draft (nor does housekeeping take them).
    const kept = dropped ? { pendingPhotoFileId: dropped.photoFileId, pendingSignatureFileId: dropped.signatureFileId, pendingSignatureSource: dropped.signatureSource } : {};
    await deps.drafts.save(account.id, 'certification', { ...draft, ...kept, answers });
    return { kind: 'saved' };
  },
};
