import type { Step } from '../engine';
import { summaryOf } from './summary';
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
