import type { Journey } from '../engine';
import { onlineMaterials } from '../../domain/certification/bureauSettings';
import { agreementStep } from './agreement';
import { identityStep } from './identity';
import { bureauStep } from './bureau';
import { detailsStep } from './details';
import { reviewStep } from './review';
import { notesStep } from './notes';
import { promiseStep } from './promise';
import type { CertificationAnswers, CertificationDeps } from './types';

export * from './types';
export { summaryOf, snapshotOf, EMPTY_REGISTRATION_COLUMNS } from './summary';
export { readCertificationSnapshot, certificationRowValue } from './stored';

/** 教师资格认定: the eight steps of seed 002 §3.1.2 (the eighth is the receipt, 申报提醒). */
export const certificationJourney: Journey<CertificationAnswers, CertificationDeps> = {
  id: 'certification',
  title: '教师资格认定',
  steps: [agreementStep, identityStep, bureauStep, detailsStep, reviewStep, notesStep, promiseStep],
  reviewStep: 'review',
  receipt: {
    title: '申报提醒',
    view: 'pages/certify/done',
    async load(account, no, deps) {
      const application = await deps.applications.findOwn(account.id, no);
      if (!application || application.business !== 'certification') return null;
      const { bureau, point, confirmDates } = await deps.places.confirmationDetails(application);
      const materials = bureau ? onlineMaterials({ online_processing: Boolean(bureau.online_processing), online_materials: bureau.online_materials ?? null }) : [];
      return { application, bureau, point, confirmWindow: confirmDates, onlineMaterials: materials };
    },
  },
};
