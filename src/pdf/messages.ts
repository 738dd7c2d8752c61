/** What a person reads about the 申请表 (the closing wording is the seeds' own). */
export const FORM_MESSAGES = {
  unavailable: '申请表生成服务暂不可用，请稍后再试',
  closed: '注册结束后系统将关闭下载《教师资格定期注册申请表》',
  closedAt: (when: string) => `本次定期注册已于 ${when} 结束，申请表已不能下载。如需申请表，请联系所选的注册机构。`,
} as const;

/** The printable 办事指南 (src/pdf/teacherGuide.ts). */
export const GUIDE_MESSAGES = {
  unavailable: '办事指南 PDF 暂不可用，请稍后再试，或直接查看“办事指南”页面',
} as const;
