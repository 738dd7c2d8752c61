import type { AccountRow } from '../../repositories/accounts';
import { sortResume } from '../../domain/certification/resume';
import { isGraduatingStudent, QUALIFYING_STUDENT_STATUS } from '../../domain/certificationRecords';
import { bureauSummary } from './bureau';
import { detailsSummary } from './details';
import { identityChoices, proofOf } from './identity';
import { EXAM_FORM_LABELS, STAGE_OF_QUALIFICATION } from './types';
import type { CertificationAnswers, CertificationColumns, CertificationDeps, CertificationSnapshot, CertificationSummarySection } from './types';

const verifyText = (s: string) => (s === 'verified' ? '已核验' : '未核验');

/** What step 5 shows and 提交 stores: one source, so the review, staff and the 认定申请表 cannot drift. */
export async function summaryOf(deps: CertificationDeps, account: AccountRow, answers: CertificationAnswers): Promise<CertificationSummarySection[]> {
  const sections: CertificationSummarySection[] = [];
  const [choices, namer] = await Promise.all([identityChoices(deps, account), deps.reference.namer(['qualification', 'subject', 'ethnicity', 'idType'])]);
  const i = answers.identity;
  if (i) {
    const proof = proofOf(i, choices);
    const putonghua = choices.putonghua.find((p) => p.id === i.putonghuaId);
    const status = choices.studentStatus;
    sections.push({
      title: '个人身份信息', step: 'identity',
      rows: [
        { key: 'name', label: '姓名', value: account.name },
        { key: 'idType', label: '证件类型', value: namer('idType', account.id_type) },
        { key: 'examForm', label: '考试形式', value: EXAM_FORM_LABELS[i.examForm] },
        ...(proof ? [{ key: 'proof', label: proof.kind === 'exam' ? '考试合格证明编号' : '师范生教师职业能力证书编号', value: `${proof.proof_number}（${namer('qualification', proof.qualification_code)}${proof.subject_name ? ` ${proof.subject_name}` : ''}，有效期至 ${proof.valid_until}）` }] : []),
        { key: 'putonghua', label: '普通话水平', value: putonghua ? `${putonghua.level}（${putonghua.score}分，${verifyText(putonghua.verify_status)}）` : '' },
        { key: 'putonghuaNumber', label: '普通话证书编号', value: putonghua?.cert_number ?? '' },
        { key: 'student', label: '是否在校生', value: i.student ? '是（未取得毕业证书，在校最后一学期）' : '否' },
        ...(i.student && status ? [{ key: 'studentStatus', label: '在校学籍', value: `${status.school_name} ${status.major} ${status.level}（${status.status}，预计毕业 ${status.expected_graduation}）` }] : []),
      ],
    });
  }
  if (answers.bureau) {
    const b = answers.bureau;
    const [bureau, point, province, city] = await Promise.all([deps.places.findBureau(b.bureauId), deps.places.findPoint(b.pointId), deps.places.regionOf(b.provinceCode), deps.places.regionOf(b.cityCode)]);
    sections.push(bureauSummary(b, { provinceName: province?.name ?? '', cityName: city?.name ?? '', bureauName: bureau?.name ?? '', pointName: point?.name ?? '' }));
  }
  if (answers.details) {
    const d = answers.details;
    sections.push(detailsSummary({ ...d, resume: sortResume(d.resume) }, { qualification: namer('qualification', d.qualificationCode), subject: namer('subject', d.subjectCode) }));
  }
  return sections;
}

/** What 提交 stores (the contract's snapshot) and the row's columns; null when the answers no longer hold together. */
export async function snapshotOf(deps: CertificationDeps, account: AccountRow, answers: Required<Pick<CertificationAnswers, 'identity' | 'bureau' | 'details'>> & CertificationAnswers):
  Promise<{ snapshot: CertificationSnapshot; columns: CertificationColumns } | { problem: string }> {
  const { identity: i, bureau: b, details: d } = answers;
  const [choices, education, degrees, summary] = await Promise.all([
    identityChoices(deps, account), deps.records.education(account), deps.records.degrees(account), summaryOf(deps, account, answers),
  ]);
  const proof = proofOf(i, choices);
  if (i.proofId !== null && !proof?.valid) return { problem: '所选的考试合格证明已不在有效期内，请返回“填写身份信息”重新选择' };
  const putonghua = choices.putonghua.find((p) => p.id === i.putonghuaId);
  if (!putonghua) return { problem: '所选的普通话证书已删除，请返回“填写身份信息”重新选择' };
  const status = i.student ? choices.studentStatus : null;
  if (i.student && !status) return { problem: '未找到在校学籍信息，请返回“填写身份信息”同步学籍或补充数据' };
  // 补充数据 may have changed the 学籍 since step 2 took it: only 注册学籍 qualifies, at 提交 and at every 修改 too.
  if (status && status.status !== QUALIFYING_STUDENT_STATUS) return { problem: `在校学籍的学籍状态为“${status.status}”，只有学籍状态为“注册学籍”的申请人才符合认定要求，请返回“填写身份信息”重新选择` };
  // 应届毕业生 need no 学历 or 学位 (002 §2.2.3–2.2.4): the highest ones are kept for everyone else.
  const graduating = isGraduatingStudent(education.status, deps.records.today());
  const edu = graduating ? undefined : education.certificates[0];
  const degree = graduating ? undefined : degrees[0];
  const snapshot: CertificationSnapshot = {
    business: 'certification', answers, summary,
    applicant: { name: account.name, sex: account.sex, birthDate: account.birth_date, ethnicityCode: account.ethnicity_code, idType: account.id_type },
    examProof: proof ? { kind: proof.kind, proofNumber: proof.proof_number, qualificationCode: proof.qualification_code, subjectCode: proof.subject_code, subjectName: proof.subject_name, validUntil: proof.valid_until } : null,
    putonghua: { certNumber: putonghua.cert_number, level: putonghua.level, score: putonghua.score, testedOn: putonghua.tested_on, issuer: putonghua.issuer, verifyStatus: putonghua.verify_status },
    student: status ? { schoolName: status.school_name, major: status.major, level: status.level, status: status.status, expectedGraduation: status.expected_graduation, source: status.source } : null,
    education: edu ? { educationCode: edu.education_code, schoolName: edu.school_name, major: edu.major, graduatedOn: edu.graduated_on, diplomaNumber: edu.diploma_number } : null,
    degree: degree ? { degree: degree.degree, schoolName: degree.school_name, major: degree.major, awardedOn: degree.awarded_on, degreeNumber: degree.degree_number } : null,
    delivery: { method: d.delivery, address: d.postAddress ?? null, postcode: d.postcode ?? null, recipient: d.postRecipient ?? null, phone: d.postPhone ?? null },
    resume: sortResume(d.resume),
  };
  const columns: CertificationColumns = {
    business: 'certification', plan_id: b.planId, bureau_id: b.bureauId, point_id: b.pointId, teaching_stage: STAGE_OF_QUALIFICATION[d.qualificationCode] ?? '',
    teaching_subject: d.subjectCode, qualification_code: d.qualificationCode, exam_form: i.examForm, photo_file_id: d.photoFileId,
    signature_file_id: d.signatureFileId, applicant_name: account.name,
  };
  return { snapshot, columns };
}

/** The 定期注册-only columns, empty on a 认定 row. */
export const EMPTY_REGISTRATION_COLUMNS = {
  certificate_id: null, reg_type: null, putonghua: null, education: null, degree: null, major: null, graduation_school: null, learning_form: null,
  school_name: null, school_nature: null, school_location: null, teacher_title: null, post_type: null, political: null,
} as const;
