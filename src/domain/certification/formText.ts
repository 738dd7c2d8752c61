/**
 * Fixed words of the 教师资格认定申请表 (issue 14; seed 002 §3.2.4: the form shows the application, the photo and the
 * signed 个人承诺书). The promise is what the applicant signed in 步骤四 and agreed to in 步骤七; its substance follows
 * 002's 注意事项 (四) and 步骤一's authorisation to query 性侵违法犯罪信息.
 */
export const CERTIFICATION_FORM_TITLE = '教师资格认定申请表';

export const CERTIFICATION_PROMISE_TEXT =
  '本人承诺：本人申请认定教师资格所填报的信息和提交的材料真实、准确、完整，本人符合申请认定教师资格的条件；本人授权认定机构查询本人性侵违法犯罪信息。'
  + '如有隐瞒有关情况或提供虚假材料，本人自愿接受认定机构不予受理、不予认定，或已经认定的依法撤销教师资格的处理，并承担相应的法律责任。';

/** The copies printed: the bureau sets one or two (bureaus.certification_form_copies). */
export const certificationCopies = (copies: 1 | 2): readonly string[] => (copies === 1 ? ['本表一份'] : ['第一份', '第二份']);

export const certificationCopiesNote = (copies: 1 | 2): string => (copies === 1 ? '本表一式一份，交确认点' : '本表一式两份，交确认点');

/**
 * A link to the PDF says what it gives, in the copies the bureau set: staff's 打印教师资格认定申请表（PDF，一式两份）
 * (the application page serves both businesses, so it names the form), the preview's 下载申请表（PDF，一式两份）
 * (its page is the 认定 form already), as 定期注册's links name their two copies.
 */
export const certificationPdfLinkText = (link: 'staffPrint' | 'download', copies: 1 | 2): string =>
  `${link === 'staffPrint' ? `打印${CERTIFICATION_FORM_TITLE}` : '下载申请表'}（PDF，${copies === 1 ? '一式一份' : '一式两份'}）`;

/**
 * What 批量打印's hint says of each form's copies: 定期注册's are always two; 认定's follow the bureau's setting — a staff
 * user of one bureau is told its number, a system administrator (every bureau) that each follows its own bureau.
 */
export const batchPrintCopiesText = (business: 'registration' | 'certification', bureauCopies: 1 | 2 | null): string =>
  business === 'registration' || bureauCopies === 2 ? '每份一式两份' : bureauCopies === 1 ? '每份一式一份' : '每份按所属认定机构设置的份数';
