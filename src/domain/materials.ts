/**
 * 定期注册材料确认情况: one true line per status (seed 001 §5's wording). The missing materials are shown
 * only while the application is 确认未通过 — an application confirmed later no longer says what was missing.
 */
export function materialsLine(status: string, missing: string | null): string {
  switch (status) {
    case '网报待确认':
      return '尚未进行现场确认';
    case '确认未通过':
      return missing ? `材料不全，缺少：${missing}` : '经审核材料不全，请向确认机构提交补齐';
    case '机构选择有误':
      return '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构';
    default: // 待注册审批 and the conclusions: the point confirmed the materials as complete
      return '材料已确认';
  }
}
