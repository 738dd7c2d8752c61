import { insideOnlineWindow, PlanWindow } from './planWindow';

/**
 * 办事指南 and the printable guide for teachers: how a season runs (seed 004 §3.1.1, 000 §3, the county notice 003),
 * told for this system (its own account, its own pages). One list, so the page and the PDF cannot drift apart.
 */
export const SEASON_STEPS: readonly { title: string; text: string }[] = [
  { title: '注册账号', text: '首次使用请先注册账号：以本人有效身份证件号码为账号，填写手机号码（用于找回密码和接收通知）和安全邮箱。已有账号的直接登录。' },
  { title: '完善个人信息、实名认证', text: '登录后进入“个人信息中心”补充个人身份信息并完成实名认证；未完成实名认证的账号可以登录，但不能办理定期注册。' },
  { title: '阅读须知、查询网报时间', text: '在“业务平台”阅读“须知”，按要求准备材料；通过“网报时间查询”查看注册机构的网报时间和确认点。' },
  { title: '网上报名', text: '在网报时间内点击“报名”，依次完成网上申报协议、选择注册机构、填写注册信息、确认申报信息、注意事项、提交定期注册申请、申报提醒七个步骤。所有步骤均完成，且生成报名号之后方为报名成功；中途退出时已填写的内容会保存，再次登录可继续填写。' },
  { title: '打印申请表', text: '报名成功后，在“查询报名信息”中打开“定期注册申请表预览”，下载并打印《教师资格定期注册申请表》一式两份，签名。注册结束后系统将关闭下载。' },
  { title: '现场确认', text: '在确认时间内，按注册机构要求携带材料到所选确认点（或交学校统一报送）进行现场确认。' },
  { title: '查询注册结论', text: '随时登录“查询报名信息”查看注册结论和留言；状态有变化时系统会发短信通知。定期注册的最终结论以教育局公示结果为准。' },
];

/** Where a plan is in its season, in words a teacher reads on 网报时间查询 and the guide. */
export function planStateName(plan: PlanWindow, nowIso: string): string {
  if (nowIso < plan.online_start) return '网报未开始';
  if (insideOnlineWindow(plan, nowIso)) return '网报进行中';
  if (nowIso <= plan.confirm_end) return '网报已结束，现场确认进行中';
  return '已结束';
}

/**
 * The plans a public page shows: those not over yet (网报 or 确认 still to come), in date order; when every plan
 * is over, the latest one, so teachers still see when the last season ran.
 */
export function plansToShow<P extends PlanWindow>(plans: readonly P[], nowIso: string): P[] {
  const live = plans.filter((p) => nowIso <= p.confirm_end).sort((a, b) => a.online_start.localeCompare(b.online_start));
  if (live.length) return live;
  const latest = [...plans].sort((a, b) => b.online_end.localeCompare(a.online_end))[0];
  return latest ? [latest] : [];
}
