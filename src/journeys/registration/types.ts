import type { FieldErrors } from '../../domain/validation';

/** The registration wizard as data (design.md "The wizard's step contract"). */
export type StepId = 'agreement' | 'bureau' | 'details' | 'review' | 'notes' | 'promise';

export interface BureauAnswers { provinceCode: string; cityCode: string; stage: string; subject: string; bureauId: number; planId: number; pointId: number }
export interface DetailsAnswers {
  certificateId: number; putonghua: string; education: string; majorCategory: string; major: string; degree: string;
  graduationSchool: string; graduationDate: string; learningForm: string; schoolName: string; schoolNature: string;
  schoolLocation: string; workStartDate: string; teacherTitle: string; employmentDate: string; hukou: string;
  postType: string; political: string; postcode: string; address: string; photoFileId: number;
}

export interface Answers {
  agreement?: { agreed: true };
  bureau?: BureauAnswers;
  details?: DetailsAnswers;
  review?: { confirmed: true };
  notes?: { read: true };
}

/** What a draft holds: the answers so far, and a photo uploaded before the rest of step 3 was valid. */
export interface Draft { answers: Answers; pendingPhotoFileId?: number }

export interface SummaryRow { label: string; value: string }
export interface SummarySection { title: string; step: StepId; rows: SummaryRow[] }

/** Names for codes and ids, so summary rows read like the form. */
export interface SummaryRefs {
  codeName(list: string, code: string): string;
  bureauName: string; pointName: string; provinceName: string; cityName: string;
  certificate: { certNumber: string; qualification: string; subject: string; regType: string } | null;
}

export interface StepDefinition {
  id: StepId;
  number: number; // 1–6; 7 is the receipt
  title: string;
  /** Later steps whose answers depend on this one and are cleared when it changes. */
  invalidates: StepId[];
}

export type ParseResult<A> = { answers: A; errors?: undefined } | { errors: FieldErrors; answers?: undefined };
