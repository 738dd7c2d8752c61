/**
 * 认定状态 of a 教师资格认定 application (issue 14, seed 002 §3.2): the same lifecycle shape as 定期注册 (网报待确认 →
 * the counter → the bureau's conclusion), in 认定's words. 网报待确认 and 机构选择有误 are the same states in both
 * businesses (002 §3.2.3 names 网报待确认; the bureau may refuse a wrong choice as in 定期注册). The staff side's
 * lifecycle table (domain/applicationStatus.ts) maps its actions to these for business = 'certification'.
 */
export const CERTIFICATION_STATUS = {
  // The two shared states are written out (equal to applicationStatus's STATUS, which a test checks): that module
  // imports this one for the per-business lifecycle, so importing it back would be a cycle.
  pendingConfirmation: '网报待确认',
  awaitingApproval: '待认定审批', // 确认点 recorded the materials complete
  materialsProblem: '材料不一致或不符合要求', // 002 §3.2.7, with the items
  wrongBureau: '机构选择有误',
  passed: '认定通过',
  failed: '认定不通过',
} as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUS)[keyof typeof CERTIFICATION_STATUS];
export const CERTIFICATION_CONCLUDED: readonly string[] = [CERTIFICATION_STATUS.passed, CERTIFICATION_STATUS.failed];

/** What each status means to the applicant (查询认定报名信息), in the manner of 000 §3.3's explanations. */
export const CERTIFICATION_STATUS_EXPLANATIONS: Record<CertificationStatus, string> = {
  网报待确认: '“网报待确认”是指申请人网上报名成功，但还没有完成现场确认（或全程网办材料的审核）。请在确认时间内，按认定机构的要求携带材料到所选确认点确认；只有在此状态下才能修改认定报名信息。',
  待认定审批: '“待认定审批”是指确认点已核对您的申请材料，材料齐全，等待认定机构审批。请耐心等待。',
  材料不一致或不符合要求: '“材料不一致或不符合要求”是指确认过程中发现提交的材料与认定机构的要求不符。请按提示重新准备材料；如需修改报名信息，请联系认定机构将认定状态调整为“网报待确认”后修改并重新提交。',
  机构选择有误: '“机构选择有误”是指认定机构不受理您的申请，请在网报时间内修改为正确的认定机构和确认点。',
  认定通过: '“认定通过”是指认定机构审核了您的申请，认定您具备所申请的教师资格。教师资格证书按您选择的证书领取方式发放。',
  认定不通过: '“认定不通过”是指认定机构审核了您的申请，作出不予认定的结论，原因见认定机构的说明。',
};

export const isCertificationStatus = (value: unknown): value is CertificationStatus =>
  typeof value === 'string' && (Object.values(CERTIFICATION_STATUS) as string[]).includes(value);
