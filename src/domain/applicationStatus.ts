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
