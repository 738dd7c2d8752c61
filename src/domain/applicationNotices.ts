/**
 * The SMS / e-mail an applicant gets after a staff member moves their application or leaves a 留言 — in the words of
 * its business (issue 14): 定期注册 says 报名 and 查询报名信息; 教师资格认定 says 认定状态 and 查询认定报名信息 (002 §3.2).
 * Only the 报名号 and what happened, no reasons (an SMS is read on a lock screen). Pure.
 */
export function applicationNotice(business: string, applicationNo: string, newStatus: string | null): { text: string; subject: string } {
  if (business === 'certification') {
    const what = newStatus === null ? '有一条新留言' : `认定状态已更新为“${newStatus}”`;
    return { text: `您的教师资格认定报名（报名号 ${applicationNo}）${what}，请登录系统在“查询认定报名信息”中查看。`, subject: newStatus === null ? '新留言' : '认定状态变更' };
  }
  const what = newStatus === null ? '您有一条新留言' : `状态已更新为“${newStatus}”`;
  return { text: `您的定期注册报名（报名号 ${applicationNo}）${what}，请登录系统在“查询报名信息”中查看。`, subject: newStatus === null ? '新留言' : '报名状态变更' };
}
