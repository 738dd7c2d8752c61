import type { AccountRow } from '../../repositories/accounts';
import type { ApplicationColumns } from '../../repositories/applications';
import type { CertificateChoice } from '../../services/eligibility';
import { bureauSummary } from './bureau';
import { detailsSummary, DETAIL_FIELDS } from './details';
import type { Answers, RegistrationDeps, SummaryRefs, SummarySection } from './types';

const CODE_LISTS = ['teachingStage', 'subject', ...DETAIL_FIELDS.filter((f) => f.list).map((f) => f.list as string)];

/** What step 4 shows, staff review and the 申请表 prints: one source, so they cannot drift. */
export function summarySections(answers: Answers, refs: SummaryRefs): SummarySection[] {
  const sections: SummarySection[] = [];
  if (answers.bureau) sections.push(bureauSummary(answers.bureau, refs));
  if (answers.details) sections.push(...detailsSummary(answers.details, refs));
  return sections;
}

/** The value of the summary row with this key ('' when there is none). */
export function rowValue(sections: SummarySection[], key: string): string {
  for (const s of sections) for (const r of s.rows) if (r.key === key) return r.value ?? '';
  return '';
}

async function refsFor(deps: RegistrationDeps, answers: Answers, certificate: CertificateChoice | undefined): Promise<SummaryRefs> {
  const b = answers.bureau;
  const [codeName, bureau, point, province, city] = await Promise.all([
    deps.reference.namer(CODE_LISTS),
    b ? deps.places.findBureau(b.bureauId) : undefined,
    b ? deps.places.findPoint(b.pointId) : undefined,
    b ? deps.places.regionOf(b.provinceCode) : undefined,
    b ? deps.places.regionOf(b.cityCode) : undefined,
  ]);
  return {
    codeName, bureauName: bureau?.name ?? '', pointName: point?.name ?? '', provinceName: province?.name ?? '', cityName: city?.name ?? '',
    certificate: certificate ? { certNumber: certificate.certNumber, qualification: certificate.qualification, subject: certificate.subject, regType: certificate.due.regType } : null,
  };
}

const chosenCertificate = async (deps: RegistrationDeps, account: AccountRow, answers: Answers) =>
  answers.details ? (await deps.eligibility.certificateChoices(account, answers.bureau?.bureauId)).find((c) => c.id === answers.details?.certificateId) : undefined;

/** The summary of answers not yet submitted (step 4). */
export async function summaryOf(deps: RegistrationDeps, account: AccountRow, answers: Answers): Promise<SummarySection[]> {
  return summarySections(answers, await refsFor(deps, answers, await chosenCertificate(deps, account, answers)));
}

/**
 * What a submission stores: the answers, the summary rows as the applicant confirmed them, and what the
 * 申请表 prints about the person and the certificate at that moment. Staff screens and the form read this
 * snapshot, so a later rename or a re-imported certificate cannot change (or blank) what was submitted.
 */
export interface RegistrationSnapshot {
  answers: Answers;
  summary: SummarySection[];
  applicant: { name: string; sex: string | null; birthDate: string | null; ethnicityCode: string | null; idType: string };
  certificate: { issueDate: string; issuingAuthority: string; passedCount: number; lastDate: string; lastConclusion: string } | null;
}

export async function snapshotOf(deps: RegistrationDeps, account: AccountRow, answers: Answers): Promise<{ snapshot: RegistrationSnapshot; certificate: CertificateChoice | undefined; columns: Omit<ApplicationColumns, 'business'> }> {
  const certificate = await chosenCertificate(deps, account, answers);
  const summary = summarySections(answers, await refsFor(deps, answers, certificate));
  const b = answers.bureau!;
  const d = answers.details!;
  return {
    certificate,
    snapshot: {
      answers, summary,
      applicant: { name: account.name, sex: account.sex, birthDate: account.birth_date, ethnicityCode: account.ethnicity_code, idType: account.id_type },
      certificate: certificate ? {
        issueDate: certificate.issueDate, issuingAuthority: certificate.issuingAuthority, passedCount: certificate.passedCount,
        lastDate: certificate.lastDate, lastConclusion: certificate.lastConclusion,
      } : null,
    },
    // The queryable copy of the submission (staff filters, exports, statistics).
    columns: {
      certificate_id: d.certificateId, plan_id: b.planId, bureau_id: b.bureauId, point_id: b.pointId, teaching_stage: b.stage,
      teaching_subject: b.subject, reg_type: certificate?.due.regType ?? null, photo_file_id: d.photoFileId, applicant_name: account.name,
      putonghua: d.putonghua, education: d.education, degree: d.degree, major: d.major, graduation_school: d.graduationSchool,
      learning_form: d.learningForm, school_name: d.schoolName, school_nature: d.schoolNature, school_location: d.schoolLocation,
      teacher_title: d.teacherTitle, post_type: d.postType, political: d.political,
    },
  };
}

/** The stored snapshot of an application (older rows hold only answers and summary). */
export function readSnapshot(data: string): Partial<RegistrationSnapshot> & { answers: Answers } {
  try {
    const parsed = JSON.parse(data) as Partial<RegistrationSnapshot>;
    return { ...parsed, answers: parsed.answers ?? {} };
  } catch {
    return { answers: {} };
  }
}
