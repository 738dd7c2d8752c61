import type { Step, StepOutcome } from '../engine';
import { bureauNotes, PROMISE_TEXT } from '../../domain/notices';
import { text } from '../../domain/validation';
import { snapshotOf, summaryOf } from './summary';
import type { Answers, RegistrationDeps } from './types';

/** 确认申报信息: the summary every later reader sees too (staff, the 申请表), with 修改 links back. */
export const reviewStep: Step<Answers, RegistrationDeps> = {
  id: 'review',
  title: '确认申报信息',
  view: 'pages/apply/review',
  async load({ account, draft, deps }) {
    return { sections: await summaryOf(deps, account, draft.answers), photoFileId: draft.answers.details?.photoFileId };
  },
  async submit() {
    return { kind: 'answer', answer: { confirmed: true } };
  },
};

/** 注意事项: the bureau's own lines, or the manual's five. */
export const notesStep: Step<Answers, RegistrationDeps> = {
  id: 'notes',
  title: '注意事项',
  view: 'pages/apply/notes',
  async load({ draft, deps }) {
    const { bureau } = await deps.places.bureauContext(draft.answers.bureau!.bureauId);
    return { notes: bureauNotes(bureau?.notes) };
  },
  async submit() {
    return { kind: 'answer', answer: { read: true } };
  },
};

/** 提交注册申请 (个人承诺): 同意 submits; 不同意 asks for confirmation and abandons the draft. */
export const promiseStep: Step<Answers, RegistrationDeps> = {
  id: 'promise',
  title: '提交注册申请',
  view: 'pages/apply/promise',
  final: true,
  fieldOrder: ['promise'],
  async load() {
    return { promise: PROMISE_TEXT };
  },
  async submit({ account, draft, input, deps }) {
    const choice = text(input.body, 'promise', 10);
    if (choice === 'disagree') return { kind: 'redirect', to: 'abandon' };
    if (choice !== 'agree') return { kind: 'show', extra: { errors: { promise: '请选择同意或不同意' } }, status: 422 };
    const a = draft.answers;
    if (!a.agreement || !a.bureau || !a.details || !a.review || !a.notes) return refuse('申报信息不完整，请完成前面的步骤');
    const { snapshot, columns, certificate } = await snapshotOf(deps, account, a);
    if (!certificate?.due.eligible) return refuse(certificate?.due.reason ?? '请选择参与本次定期注册的教师资格证书');
    const result = await deps.applications.submit({
      account, journey: 'registration', columns: { ...columns, business: 'registration' }, data: JSON.stringify(snapshot), ip: input.ip,
    });
    if (!result.ok) return { kind: 'show', extra: { errors: result.errors }, status: 409 };
    return { kind: 'redirect', to: `done/${result.value.application_no}` };
  },
  // A retried or doubled 提交 after the draft became an application lands on the same receipt.
  async retry({ account, draft, input, deps }) {
    if (text(input.body, 'promise', 10) !== 'agree' || draft.answers.bureau) return null;
    const recent = await deps.applications.recentSubmission(account.id);
    return recent ? { kind: 'redirect', to: `done/${recent.application_no}` } : null;
  },
};

const refuse = (message: string): StepOutcome => ({ kind: 'show', extra: { errors: { _form: message } }, status: 409 });
