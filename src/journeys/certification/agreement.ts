import type { Step } from '../engine';
import { text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import { AGREEMENT_BOX, AUTHORISATION_BOX, CERTIFICATION_AGREEMENT_CLAUSES, CERTIFICATION_MESSAGES as MSG } from '../../domain/certification/notices';
import type { CertificationAnswers, CertificationDeps } from './types';

const named = (s: string, siteName: string) => s.split('{系统名称}').join(siteName);

/** 步骤一 网上申报协议: both boxes are required (the agreement, and the authorisation to query 性侵违法犯罪信息). */
export const agreementStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'agreement',
  title: '网上申报协议',
  view: 'pages/certify/agreement',
  fieldOrder: ['agree', 'authorise'],
  async load({ deps }) {
    return {
      clauses: CERTIFICATION_AGREEMENT_CLAUSES.map((c) => named(c, deps.siteName)),
      agreeLabel: AGREEMENT_BOX, authoriseLabel: named(AUTHORISATION_BOX, deps.siteName),
    };
  },
  async submit({ input }) {
    const agree = text(input.body, 'agree') === '1';
    const authorise = text(input.body, 'authorise') === '1';
    const errors: FieldErrors = {};
    if (!agree) errors.agree = MSG.agree;
    if (!authorise) errors.authorise = MSG.authorise;
    if (!agree || !authorise) return { kind: 'show', extra: { errors, checked: { agree, authorise } }, status: 422 };
    return { kind: 'answer', answer: { agreed: true, authorised: true } };
  },
};
