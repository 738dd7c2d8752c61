import type { Step } from '../engine';
import { readSelection } from '../../domain/bureauSelection';
import { AGREEMENT_CLAUSES } from '../../domain/notices';
import { text } from '../../domain/validation';
import { carriedSelection } from './bureau';
import type { Answers, RegistrationDeps } from './types';

/** 网上申报协议. A selection made in 网报时间查询 rides along (hidden fields) to step 2. */
export const agreementStep: Step<Answers, RegistrationDeps> = {
  id: 'agreement',
  title: '网上申报协议',
  view: 'pages/apply/agreement',
  fieldOrder: ['agree'],
  async load({ input }) {
    return { clauses: AGREEMENT_CLAUSES, carried: readSelection(input.method === 'POST' ? input.body : input.query) };
  },
  async submit({ draft, input }) {
    if (text(input.body, 'agree') !== '1') return { kind: 'show', extra: { errors: { agree: '请先阅读网上申报协议并同意后才可以申报！' } }, status: 422 };
    // The carried selection only matters while step 2 is still unanswered.
    return { kind: 'answer', answer: { agreed: true }, carry: draft.answers.bureau ? '' : carriedSelection(input.body) };
  },
};
