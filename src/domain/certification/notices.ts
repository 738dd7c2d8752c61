/**
 * Fixed texts of the 教师资格认定 wizard (seed 002 §3.1.2): the 网上申报协议 and its two boxes (步骤一), the 个人承诺书
 * signed by hand (步骤四 ②), the 个人承诺 of 提交认定申请 (步骤七), and the wizard's messages. `{系统名称}` is the
 * site's name (the national site's "中国教师资格网" in 002), as in 定期注册's agreement.
 */
export const CERTIFICATION_AGREEMENT_CLAUSES: readonly string[] = [
  '申请人应当如实填写教师资格认定申请信息，对所填信息和提交材料的真实性、准确性负责。',
  '申请人应当在认定机构规定的时间内完成网上申报和现场确认（或全程网办材料的上传），逾期未确认的，视为放弃本次申请。',
  '申请人所填的身份、考试、普通话、学历学籍等信息，由认定机构与有关部门的数据核对；信息不一致的，以有关部门的数据为准。',
  '根据国家有关规定，认定机构将查询申请人的性侵违法犯罪信息，有性侵违法犯罪记录的，不予认定教师资格。',
  '隐瞒有关情况或者提供虚假材料申请教师资格的，认定机构不予受理或不予认定，该申请人一年内不得再次申请；已经认定的，依法撤销其教师资格。',
  '申请人的个人信息仅用于教师资格认定及相关管理工作，{系统名称}依法予以保护。',
];
export const AGREEMENT_BOX = '本人已阅读“教师资格认定网上申报协议”并完全同意';
export const AUTHORISATION_BOX = '本人授权{系统名称}向有关部门查询本人的性侵违法犯罪信息，并将其结果应用于教师资格认定';

/** 个人承诺书 (步骤四 ②): what the applicant signs by hand. */
export const SIGNED_PROMISE_TEXT = '本人承诺：所填写的教师资格认定申请信息及提交的材料真实、准确、有效；本人遵守宪法和法律，热爱教育事业，具有良好的思想品德，无性侵、虐待、拐卖、暴力伤害等违法犯罪记录。如有不实，本人愿意承担由此产生的一切后果。';

/** 个人承诺 (步骤七). */
export const SUBMIT_PROMISE_TEXT = '本人郑重承诺：本人已认真阅读教师资格认定网上申报协议和注意事项，所填报的信息真实、准确；本人将在认定机构规定的时间内完成现场确认（或全程网办材料上传），并按要求提交相关材料。如有虚假，本人自愿承担相应责任。';

export const CERTIFICATION_MESSAGES = {
  agree: '请先阅读网上申报协议并同意后才可以申报！',
  authorise: '请勾选授权查询性侵违法犯罪信息后才可以申报！',
  examForm: '请选择考试形式',
  proofInvalid: '请选择资格认定报名时间在有效期内的考试合格证明',
  exemptWithoutCertificate: '您没有处于有效期内的《师范生教师职业能力证书》，不能选择“免试认定改革人员”',
  putonghua: '请选择普通话证书信息；如没有，请点击“添加普通话证书”添加',
  kindergartenPutonghua: '申请认定幼儿园教师资格的申请人，只能选择二级乙等及以上的普通话证书',
  student: '请选择是否在校生',
  studentMissing: '请点击【同步学籍】获取在校学籍信息，或点击【补充数据】手工录入学籍信息',
  studentNotRegistered: '只有学籍状态为“注册学籍”的申请人才符合认定要求',
  address: '请填写认定所在地详细地址',
  addressTooLong: '认定所在地详细地址不能超过100个字',
  province: '请选择省',
  city: '请选择市',
  qualification: '请选择资格种类',
  qualificationMismatch: '资格种类须与《中小学和幼儿园教师资格考试合格证明》或《师范生教师职业能力证书》上的一致',
  bureau: '请选择认定机构',
  point: '请选择确认点',
  subject: '请选择任教学科',
  subjectMismatch: (name: string) => `任教学科须与考试合格证明上的一致（${name}）`,
  subjectOther: '请注明具体学科',
  subjectOtherTooLong: '具体学科不能超过20个字',
  photo: '请上传近期本人免冠正面白底证件照',
  delivery: '请选择证书领取方式',
  postAddress: '请填写邮寄地址',
  postcode: '邮政编码须为6位数字',
  postRecipient: '请填写收件人',
  postPhone: '请填写正确的收件人联系电话（手机号码或带区号的固定电话）',
  tooLong: (label: string, max: number) => `${label}不能超过${max}个字`,
  promise: '请选择同意或不同意',
  incomplete: '申报信息不完整，请完成前面的步骤',
} as const;
