/** Application statuses (design.md's status machine). Only what the foundation needs so far. */
export const STATUS = {
  pendingConfirmation: '网报待确认',
  awaitingApproval: '待注册审批',
  confirmationFailed: '确认未通过',
  wrongBureau: '机构选择有误',
  passed: '注册合格',
  deferred: '暂缓注册',
  failed: '注册不合格',
  notEligible: '不属于注册对象',
} as const;

export const CONCLUDED_STATUSES: readonly string[] = [STATUS.passed, STATUS.deferred, STATUS.failed, STATUS.notEligible];

/**
 * "申报信息正在审批中的将不允许修改个人身份信息": an application is under review from the moment a
 * confirmation point handles it until the bureau concludes it. 网报待确认 is still the applicant's to
 * edit, and a concluded application no longer holds the identity (otherwise one old application would
 * lock the account for ever).
 */
export function locksIdentity(status: string): boolean {
  return status !== STATUS.pendingConfirmation && !CONCLUDED_STATUSES.includes(status);
}

/** 修改报名信息: only in 网报待确认 (and the bureau choice in 机构选择有误), only inside the online window. */
export function applicantMayEdit(status: string, insideWindow: boolean): { details: boolean; bureau: boolean } {
  if (!insideWindow) return { details: false, bureau: false };
  if (status === STATUS.pendingConfirmation) return { details: true, bureau: true };
  if (status === STATUS.wrongBureau) return { details: false, bureau: true };
  return { details: false, bureau: false };
}

/** The explanations of seed 000 §3.3. */
export const STATUS_EXPLANATIONS: Record<string, string> = {
  [STATUS.pendingConfirmation]: '“网报待确认”是指申请人网上报名成功但还没有到现场确认时间或已经进入现场确认时间段，但本人还没有去现场确认的状况。在这个状态下，申请人一定要按照定期注册机构的要求，在规定的时间内携带规定的材料到指定地点去完成现场确认。',
  [STATUS.awaitingApproval]: '“待注册审批”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，且提交的申请材料齐全，等待注册机构审批期间的过程。这一状态的时间比较长，请申请人耐心等待。',
  [STATUS.confirmationFailed]: '“确认未通过”是指申请人已经到初审注册机构指定的现场确认点确认个人网上申报信息，并提交申报材料，但所提交材料不齐全。',
  [STATUS.wrongBureau]: '“机构选择有误”是指注册机构不受理您的申报，请根据规定及注册机构工作安排，在网报时间内修改为正确的注册机构。',
};
