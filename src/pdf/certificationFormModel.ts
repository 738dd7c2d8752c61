import { code128Bars, BarcodeGeometry } from '../domain/code128';
import { maskIdNumber, maskMobile } from '../domain/personalInfo';
import { CERTIFICATION_PROMISE_TEXT } from '../domain/certification/formText';
import { EXAM_FORM_LABELS, DELIVERY_LABELS, type CertificationSnapshot } from '../journeys/certification/types';
import { certificationRowValue } from '../journeys/certification/stored';
import type { FormRow, FormSection } from './formModel';

/**
 * The 教师资格认定申请表 as data (seed 002 §3.2.4), built from the submission snapshot only (journeys/certification/
 * types.ts) plus the account's ID number and mobile: what was submitted is what is printed. Pure.
 */
export interface CertificationFormModel {
  applicationNo: string;
  version: number;
  barcode: BarcodeGeometry;
  photoSrc: string | null;
  signatureSrc: string | null;
  /** The signature is a photo of the whole signed 个人承诺书 (步骤四 without JavaScript), not a signature pad's stroke. */
  signatureIsPage: boolean;
  /** 个人信息 first; its first `photoRows` rows sit beside the photo. */
  sections: FormSection[];
  photoRows: number;
  resume: Array<{ period: string; employer: string; occupation: string; title: string }>;
  promise: string;
  bureauName: string;
  pointName: string;
  /** The day the applicant submitted (and so signed) the promise. */
  signedOn: string;
  generatedAt: string;
  checkCode: string;
}

export interface CertificationFormInputs {
  application: { application_no: string; version: number };
  snapshot: CertificationSnapshot;
  account: { id_number: string; mobile: string; email: string };
  names: { sex: string; ethnicity: string; idType: string; education: string };
  photoSrc: string | null;
  signatureSrc: string | null;
  signedOn: string;
  generatedAt: string;
  checkCode: string;
  /** On screen, ID and mobile numbers are masked as on every page; on paper they are printed in full. */
  mask: boolean;
}

const cell = (label: string, value: string | null | undefined) => ({ label, value: value ?? '' });
const joined = (parts: Array<string | null | undefined>, sep = ' ') => parts.filter(Boolean).join(sep);
const month = (ym: string) => (/^\d{4}-\d{2}$/.test(ym) ? ym.replace('-', '.') : ym);

export function certificationFormModel(input: CertificationFormInputs): CertificationFormModel {
  const { snapshot: s, account, names } = input;
  const v = (key: string) => certificationRowValue(s.summary, key);
  const examForm = s.answers.identity ? EXAM_FORM_LABELS[s.answers.identity.examForm] : v('examForm');
  const proof = s.examProof
    ? joined([s.examProof.proofNumber, s.examProof.validUntil ? `（有效期至 ${s.examProof.validUntil}）` : ''], '')
    : '无';
  const delivery = s.delivery.method === 'post'
    ? joined([DELIVERY_LABELS.post, s.delivery.address, s.delivery.postcode ? `邮编 ${s.delivery.postcode}` : '', s.delivery.recipient, s.delivery.phone ? (input.mask ? maskMobile(s.delivery.phone) : s.delivery.phone) : ''])
    : DELIVERY_LABELS[s.delivery.method] ?? '';
  const putonghua = joined([s.putonghua.level, s.putonghua.score ? `${s.putonghua.score}分` : '']);

  const rows: FormRow[] = [];
  if (s.student) {
    rows.push([cell('在校学校', s.student.schoolName), cell('所学专业', s.student.major)]);
    rows.push([cell('学历层次', s.student.level), cell('学籍状态', s.student.status)]);
    rows.push([cell('预计毕业时间', s.student.expectedGraduation), cell('学籍来源', s.student.source === 'synced' ? '同步学籍' : '补充数据')]);
  }
  if (s.education) {
    rows.push([cell('最高学历', names.education || s.education.educationCode), cell('毕业时间', s.education.graduatedOn)]);
    rows.push([cell('毕业学校', s.education.schoolName), cell('所学专业', s.education.major)]);
    rows.push([cell('学历证书编号', s.education.diplomaNumber)]);
  }
  if (s.degree) {
    rows.push([cell('学位', s.degree.degree), cell('授予时间', s.degree.awardedOn)]);
    rows.push([cell('学位授予单位', s.degree.schoolName), cell('学位证书编号', s.degree.degreeNumber)]);
  }
  if (!rows.length) rows.push([cell('学历学位', '无')]);

  const sections: FormSection[] = [
    {
      title: '个人信息',
      rows: [
        [cell('姓名', s.applicant.name), cell('性别', names.sex)],
        [cell('民族', names.ethnicity), cell('出生日期', s.applicant.birthDate)],
        [cell('证件类型', names.idType), cell('证件号码', input.mask ? maskIdNumber(account.id_number) : account.id_number)],
        [cell('手机号码', input.mask ? maskMobile(account.mobile) : account.mobile), cell('安全邮箱', account.email)],
        [cell('认定所在地', v('address') || s.answers.bureau?.address)],
      ],
    },
    {
      title: '申请认定信息',
      rows: [
        [cell('资格种类', v('qualification')), cell('任教学科', v('subject'))],
        [cell('认定机构', v('bureau')), cell('确认点', v('point'))],
        [cell('考试形式', examForm), cell('考试合格证明', proof)],
        [cell('证书领取方式', delivery)],
      ],
    },
    {
      title: '普通话水平',
      rows: [
        [cell('证书编号', s.putonghua.certNumber), cell('等级与成绩', putonghua)],
        [cell('测试时间', s.putonghua.testedOn), cell('核验状态', s.putonghua.verifyStatus === 'verified' ? '已核验' : '未核验')],
        [cell('发证单位', s.putonghua.issuer)],
      ],
    },
    { title: s.student ? '学籍与学历学位' : '学历学位', rows },
  ];

  return {
    applicationNo: input.application.application_no,
    version: input.application.version,
    barcode: code128Bars(input.application.application_no, 10),
    photoSrc: input.photoSrc,
    signatureSrc: input.signatureSrc,
    signatureIsPage: s.answers.details?.signatureSource === 'photo',
    sections,
    photoRows: 5,
    resume: s.resume.map((p) => ({ period: `${month(p.from)}—${p.to ? month(p.to) : '至今'}`, employer: p.employer, occupation: p.occupation, title: p.title })),
    promise: CERTIFICATION_PROMISE_TEXT,
    bureauName: v('bureau'),
    pointName: v('point'),
    signedOn: input.signedOn,
    generatedAt: input.generatedAt,
    checkCode: input.checkCode,
  };
}
