import type { Step, StepOutcome } from '../engine';
import { text } from '../../domain/validation';
import { CERTIFICATION_MESSAGES as MSG, SUBMIT_PROMISE_TEXT } from '../../domain/certification/notices';
import { EMPTY_REGISTRATION_COLUMNS, snapshotOf } from './summary';
import type { CertificationAnswers, CertificationDeps } from './types';

/** 步骤七 提交认定申请 (个人承诺): 同意 submits; 不同意 asks for confirmation and abandons the draft. */
export const promiseStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'promise',
  title: '提交认定申请',
  view: 'pages/certify/promise',
  final: true,
  fieldOrder: ['promise'],
  async load() {
    return { promise: SUBMIT_PROMISE_TEXT };
  },
  async submit({ account, draft, input, deps }) {
    const choice = text(input.body, 'promise', 10);
    if (choice === 'disagree') return { kind: 'redirect', to: 'abandon' };
    if (choice !== 'agree') return { kind: 'show', extra: { errors: { promise: MSG.promise } }, status: 422 };
    const a = draft.answers;
    if (!a.agreement || !a.identity || !a.bureau || !a.details || !a.review || !a.notes) return refuse(MSG.incomplete);
    const made = await snapshotOf(deps, account, { ...a, identity: a.identity, bureau: a.bureau, details: a.details });
    if ('problem' in made) return refuse(made.problem);
    const result = await deps.applications.submit({
      account, journey: 'certification', columns: { ...EMPTY_REGISTRATION_COLUMNS, ...made.columns }, data: JSON.stringify(made.snapshot), ip: input.ip,
    });
    if (!result.ok) return { kind: 'show', extra: { errors: result.errors }, status: 409 };
    return { kind: 'redirect', to: `done/${result.value.application_no}` };
  },
  // A retried or doubled 提交 after the draft became an application lands on the same receipt.
  async retry({ account, draft, input, deps }) {
    if (text(input.body, 'promise', 10) !== 'agree' || draft.answers.bureau) return null;
    const recent = await deps.applications.recentSubmission(account.id, 'certification');
    return recent && recent.business === 'certification' ? { kind: 'redirect', to: `done/${recent.application_no}` } : null;
  },
};

const refuse = (message: string): StepOutcome => ({ kind: 'show', extra: { errors: { _form: message } }, status: 409 });
