import type { ResumePeriod } from '../../domain/certification/resume';
import type { SummaryRow } from '../registration/types';

/**
 * 教师资格认定 (issue 14, seed 002 §3.1.2): the contract between the journey (its steps write the answers and, at 提交,
 * the snapshot), the applicant's pages after submission (查询认定报名信息, the 认定申请表) and the staff screens, which
 * read only the snapshot's `summary` and the application row's columns. Nothing here is registration's: a 认定 is not a
 * copy of 定期注册.
 */

/** 考试形式 (002 步骤二 ②). */
export type ExamForm = 'exam' | 'nonExam' | 'exempt';
export const EXAM_FORM_LABELS: Record<ExamForm, string> = {
  exam: '国家统一考试',
  nonExam: '非国家统一考试（含免考）',
  exempt: '免试认定改革人员',
};

/** 证书领取方式 (002 步骤四 ③). */
export type Delivery = 'self' | 'post';
export const DELIVERY_LABELS: Record<Delivery, string> = { self: '自取', post: '邮寄' };

/** The county's 资格种类 (幼儿园, 小学, 初级中学; a county bureau is not the 认定机构 of the others) → the plan's 学段 code. */
export const COUNTY_QUALIFICATIONS = ['1', '2', '3'] as const;
export const STAGE_OF_QUALIFICATION: Record<string, string> = { '1': '1', '2': '2', '3': '3', '4': '4', '5': '5', '6': '5' };

/** The answers, by step id. Steps: agreement, identity, bureau, details, review, notes, promise (submits); the 8th is the receipt. */
export interface CertificationAnswers {
  /** 步骤一: both boxes (the agreement, and the authorisation to query 性侵违法犯罪信息). */
  agreement?: { agreed: true; authorised: true };
  /** 步骤二: 考试形式 with the chosen 考试合格证明 / 师范生教师职业能力证书, the 普通话 certificate, 是否在校生. */
  identity?: { examForm: ExamForm; proofId: number | null; putonghuaId: number; student: boolean; studentStatusId: number | null };
  /** 步骤三: 认定所在地 (address), 认定机构, 确认点 — the plan found for the 资格种类's 学段. */
  bureau?: { provinceCode: string; cityCode: string; address: string; qualificationCode: string; bureauId: number; planId: number; pointId: number };
  /** 步骤四: 认定信息. */
  details?: {
    qualificationCode: string; subjectCode: string; subjectOther?: string;
    photoFileId: number; signatureFileId: number; signatureSource: 'pad' | 'photo';
    delivery: Delivery; postAddress?: string; postcode?: string; postRecipient?: string; postPhone?: string;
    resume: ResumePeriod[];
  };
  review?: { confirmed: true };
  notes?: { read: true };
}

/** A summary section; `step` is where its 修改 link returns to. Rows keep stable keys (the 申请表 reads rows by key). */
export interface CertificationSummarySection { title: string; step: 'identity' | 'bureau' | 'details'; rows: SummaryRow[] }

/** What 提交 stores in applications.data (business = 'certification'); later renames never change it. */
export interface CertificationSnapshot {
  business: 'certification';
  answers: CertificationAnswers;
  summary: CertificationSummarySection[];
  applicant: { name: string; sex: string | null; birthDate: string | null; ethnicityCode: string | null; idType: string };
  /** The proof behind 考试形式 (null for 非国家统一考试). */
  examProof: { kind: 'exam' | 'ability'; proofNumber: string; qualificationCode: string; subjectCode: string | null; subjectName: string | null; validUntil: string } | null;
  putonghua: { certNumber: string; level: string; score: string; testedOn: string; issuer: string | null; verifyStatus: 'verified' | 'unverified' };
  /** 在校生 (最后一学期) only. */
  student: { schoolName: string; major: string; level: string; status: string; expectedGraduation: string; source: 'synced' | 'manual' } | null;
  /** The highest 学历 and 学位 in the personal centre at submission (none for 应届毕业生). */
  education: { educationCode: string; schoolName: string; major: string; graduatedOn: string; diplomaNumber: string } | null;
  degree: { degree: string; schoolName: string; major: string; awardedOn: string; degreeNumber: string } | null;
  delivery: { method: Delivery; address: string | null; postcode: string | null; recipient: string | null; phone: string | null };
  resume: ResumePeriod[];
}

/** The application row's queryable columns a 认定 fills (the rest stay null): staff filters, exports, the counter. */
export interface CertificationColumns {
  business: 'certification';
  plan_id: number; bureau_id: number; point_id: number;
  /** The 资格种类's 学段 (plans and staff filters by 学段). */
  teaching_stage: string;
  teaching_subject: string;
  qualification_code: string;
  exam_form: ExamForm;
  photo_file_id: number;
  signature_file_id: number;
  applicant_name: string;
}

/** A 认定 draft: the answers, and uploads of step 4 kept while the rest of it was not yet valid. */
export interface CertificationDraft { answers: CertificationAnswers; pendingPhotoFileId?: number; pendingSignatureFileId?: number; pendingSignatureSource?: 'pad' | 'photo' }

/** What the journey's steps use; the container provides it (journeyDeps.certification). */
export interface CertificationDeps {
  places: import('../../services/places').PlacesService;
  records: import('../../services/certificationRecords').CertificationRecordsService;
  drafts: import('../../services/drafts').DraftService;
  reference: import('../../services/referenceData').ReferenceDataService;
  applications: import('../../services/applications').ApplicationsService;
  clock: import('../../clock').Clock;
  timeZone: string;
  siteName: string;
}
