/**
 * 定期注册材料确认情况: one true line per status (000 §3.3's for 网报待确认, seed 001 §5's for the others). The missing materials are shown
 * only while the application is 确认未通过 — an application confirmed later no longer says what was missing.
 * `returned` is the reason of a 退回修改 that put the application back in 网报待确认: it has been at a
 * counter, so "尚未进行现场确认" would not be true of it.
 */
export function materialsLine(status: string, missing: string | null, returned: string | null = null, bureau = ''): string {
  switch (status) {
    case '网报待确认':
      // 000 §3.3's line, word for word; a 退回修改 says so and why in the same sentence.
      return returned
        ? `您的报名信息已被注册机构${bureau}退回修改（原因：${returned}），请按照机构要求准备材料并修改报名信息。`
        : `您的报名信息已被注册机构${bureau}受理，请按照机构要求准备材料并修改报名信息。`;
    case '确认未通过':
      return missing ? `材料不全，缺少：${missing}` : '经审核材料不全，请向确认机构提交补齐';
    case '机构选择有误':
      return '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构';
    case '不属于注册对象':
      // Concluded from 网报待确认 or 确认未通过 too, where no materials were confirmed: the conclusion is what is true.
      return '经审核您不属于注册对象';
    case '待注册审批':
    case '注册合格':
    case '暂缓注册':
    case '注册不合格':
      // The table reaches these only through 材料齐全: the point confirmed the materials as complete.
      return '材料已确认';
    default:
      return '';
  }
}

/**
 * The materials a confirmation point checks at the counter (issue 9's default list; seed 001 §5's 申请表一式两份
 * first). A bureau's own list (bureaus.materials_checklist, `materialsChecklist`) replaces it; the applicant sees the ticked items
 * as they are written here.
 */
export const DEFAULT_MATERIALS_CHECKLIST: readonly string[] = [
  '申请表一式两份', '教师资格证书原件', '身份证件', '师德考核证明', '年度考核证明', '培训学时证明',
];

/** A bureau's checklist (one item a line, as its 机构管理员 typed it), or the default list when it has set none. */
export function materialsChecklist(stored: string | null | undefined): readonly string[] {
  const own = (stored ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return own.length ? own : DEFAULT_MATERIALS_CHECKLIST;
}
