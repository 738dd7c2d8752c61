import type { Journey } from '../engine';
import { agreementStep } from './agreement';
import { bureauStep, carriedSelection } from './bureau';
import { detailsStep } from './details';
import { reviewStep } from './review';
import { notesStep } from './notes';
import { promiseStep } from './promise';
import type { Answers, RegistrationDeps } from './types';

export * from './types';
export { selectionFrom } from './bureau';
export { DETAIL_FIELDS, DETAIL_FIELD_ORDER, readDetails, detailsValues, detailsView, checkDetails, schoolAction, pendingPhotoOf, keepPhoto } from './details';
export { summarySections, summaryOf, snapshotOf, readSnapshot, rowValue } from './summary';

/** 中小学教师资格定期注册: the seven steps of seed 000 (the seventh is the receipt, 申报提醒). */
export const registrationJourney: Journey<Answers, RegistrationDeps> = {
  id: 'registration',
  title: '中小学教师资格定期注册',
  steps: [agreementStep, bureauStep, detailsStep, reviewStep, notesStep, promiseStep],
  reviewStep: 'review',
  carry: carriedSelection,
  receipt: {
    title: '申报提醒',
    view: 'pages/apply/done',
    async load(account, no, deps) {
      const application = await deps.applications.findOwn(account.id, no);
      if (!application) return null;
      const { bureau, point, confirmDates } = await deps.places.confirmationDetails(application);
      return { application, bureau, point, confirmWindow: confirmDates };
    },
  },
};
