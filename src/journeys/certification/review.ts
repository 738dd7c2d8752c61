import type { Step } from '../engine';
import { summaryOf } from './summary';
import type { CertificationAnswers, CertificationDeps } from './types';

/** 步骤五 确认申报信息: the summary every later reader sees too, with 修改 links back to steps 2–4. */
export const reviewStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'review',
  title: '确认申报信息',
  view: 'pages/certify/review',
  async load({ account, draft, deps }) {
    return { sections: await summaryOf(deps, account, draft.answers), photoFileId: draft.answers.details?.photoFileId, signatureFileId: draft.answers.details?.signatureFileId };
  },
  async submit() {
    return { kind: 'answer', answer: { confirmed: true } };
  },
};
