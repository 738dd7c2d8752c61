import type { Clock } from '../../clock';
import type { BureauAnswers } from '../../domain/bureauSelection';
import type { Draft } from '../../domain/draft';
import type { PlacesService } from '../../services/places';
import type { EligibilityService } from '../../services/eligibility';
import type { DraftService } from '../../services/drafts';
import type { SchoolsService } from '../../services/schools';
import type { ReferenceDataService } from '../../services/referenceData';
import type { ApplicationsService } from '../../services/applications';

export type { BureauAnswers, Draft };

/** The 定期注册 journey's answers, by step id (the promise step submits and stores nothing). */
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
export type RegistrationDraft = Draft<Answers>;

/** A summary row keeps a stable key: the 申请表 and staff screens read rows by key, never by their Chinese label. */
export interface SummaryRow { key: string; label: string; value: string }
export interface SummarySection { title: string; step: 'bureau' | 'details'; rows: SummaryRow[] }

/** Names for codes and ids, so summary rows read like the form. */
export interface SummaryRefs {
  codeName(list: string, code: string): string;
  bureauName: string; pointName: string; provinceName: string; cityName: string;
  certificate: { certNumber: string; qualification: string; subject: string; regType: string } | null;
}

/** What the journey's steps use; the container provides it. */
export interface RegistrationDeps {
  places: PlacesService;
  eligibility: EligibilityService;
  drafts: DraftService;
  schools: SchoolsService;
  reference: ReferenceDataService;
  applications: ApplicationsService;
  clock: Clock;
  timeZone: string;
}
