import { code128Bars, BarcodeGeometry } from '../domain/code128';
import { PROMISE_TEXT } from '../domain/notices';
import { maskIdNumber, maskMobile } from '../domain/personalInfo';
import { rowValue, SummarySection } from '../journeys/registration';

/**
 * The 教师资格定期注册申请表 as data: rows of label/value pairs built from the wizard's summary
 * (registration.summary → summarySections) plus the account and the certificate. Step 4, 查看报名信息
 * and the printed form read the same rows, so what was confirmed is what is printed. Pure.
 */
export interface FormCell { label: string; value: string }
/** One row: two label/value pairs, or one pair across the whole width. */
export type FormRow = [FormCell, FormCell] | [FormCell];
export interface FormSection { title: string; rows: FormRow[] }

export interface ApplicationFormModel {
  applicationNo: string;
  version: number;
  barcode: BarcodeGeometry;
  photoSrc: string | null;
  /** 个人信息 first; its first `photoRows` rows sit beside the photo. */
  sections: FormSection[];
  photoRows: number;
  promise: string;
  bureauName: string;
  pointName: string;
  generatedAt: string;
  /** The 校验码 printed in the footer (domain/formCode.ts), empty when not given. */
  checkCode: string;
}

export interface FormInputs {
  application: { application_no: string; version: number };
  /** registration.summary(account, answers): the wizard's own rows. */
  summary: SummarySection[];
  account: { name: string; sex: string | null; birth_date: string | null; id_type: string; id_number: string; mobile: string; email: string };
  sexName: string;
  ethnicityName: string;
  idTypeName: string;
  certificate: { issueDate: string; issuingAuthority: string; passedCount: number; lastDate: string; lastConclusion: string } | null;
  photoSrc: string | null;
  generatedAt: string;
  checkCode?: string;
  /** On screen, ID and mobile numbers are masked as on every page; on paper they are printed in full. */
  mask: boolean;
}


const both = (a: string, b: string, sep = ' / ') => [a, b].filter(Boolean).join(sep);

export function applicationFormModel(input: FormInputs): ApplicationFormModel {
  // Rows are read by their stable key (bureauSummary, detailsSummary), never by their Chinese label.
  const v = (key: string) => rowValue(input.summary, key);
  const d = v;
  const { account, certificate } = input;
  const cell = (label: string, value: string | null | undefined): FormCell => ({ label, value: value ?? '' });
  const major = d('major') && d('majorCategory') ? `${d('major')}（${d('majorCategory')}）` : d('major');
  const last = certificate?.lastDate ? both(certificate.lastDate, certificate.lastConclusion, ' ') : '无';

  const sections: FormSection[] = [
    {
      title: '个人信息',
      rows: [
        [cell('姓名', account.name), cell('性别', input.sexName)],
        [cell('民族', input.ethnicityName), cell('出生日期', account.birth_date)],
        [cell('证件类型', input.idTypeName), cell('证件号码', input.mask ? maskIdNumber(account.id_number) : account.id_number)],
        [cell('政治面貌', d('political')), cell('手机号码', input.mask ? maskMobile(account.mobile) : account.mobile)],
        [cell('安全邮箱', account.email), cell('通讯邮编', d('postcode'))],
        // Long free text gets the whole width, so 60–100 characters take two or three lines, not six.
        [cell('户籍所在地', d('hukou'))],
        [cell('通讯地址', d('address'))],
      ],
    },
    {
      title: '教师资格证书信息',
      rows: [
        [cell('证书号码', v('certNumber')), cell('资格种类', v('qualification'))],
        [cell('任教学科', v('certSubject')), cell('签发日期', certificate?.issueDate)],
        [cell('认定机构', certificate?.issuingAuthority), cell('注册次数', certificate ? `${certificate.passedCount}次` : '')],
        [cell('上次注册日期与结论', last)],
      ],
    },
    {
      title: '注册信息',
      rows: [
        [cell('注册类型', v('regType')), cell('注册机构', v('bureau'))],
        [cell('现任教学段', v('stage')), cell('现任教学科', v('subject'))],
        [cell('确认点', v('point'))],
      ],
    },
    {
      title: '学历与工作',
      rows: [
        [cell('普通话', d('putonghua')), cell('最高学历/学位', both(d('education'), d('degree')))],
        [cell('所学专业', major), cell('学习形式', d('learningForm'))],
        [cell('毕业学校', d('graduationSchool'))],
        [cell('毕业时间', d('graduationDate')), cell('开始参加工作时间', d('workStartDate'))],
        [cell('现任教学校', d('schoolName'))],
        [cell('任教学校性质与所在地', both(d('schoolNature'), d('schoolLocation'))), cell('现任教聘用日期', d('employmentDate'))],
        [cell('教师职务', d('teacherTitle')), cell('岗位性质', d('postType'))],
      ],
    },
  ];

  return {
    applicationNo: input.application.application_no,
    version: input.application.version,
    barcode: code128Bars(input.application.application_no, 10),
    photoSrc: input.photoSrc,
    sections,
    photoRows: 5,
    promise: PROMISE_TEXT,
    bureauName: v('bureau'),
    pointName: v('point'),
    generatedAt: input.generatedAt,
    checkCode: input.checkCode ?? '',
  };
}

/** The two copies handed in (一式两份). */
export const COPIES = ['第一份', '第二份'] as const;
