import type { Step, StepOutcome } from '../engine';
import { PROMISE_TEXT } from '../../domain/notices';
import { text } from '../../domain/validation';
import { snapshotOf } from './summary';
import type { Answers, RegistrationDeps } from './types';

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
    const recent = await deps.applications.recentSubmission(account.id, 'registration');
    return recent ? { kind: 'redirect', to: `done/${recent.application_no}` } : null;
  },
};

const refuse = (message: string): StepOutcome => ({ kind: 'show', extra: { errors: { _form: message } }, status: 409 });
