import type { AuditAction } from '../../services/audit';
import type { AuditViewRow } from '../../repositories/audit';
import { ROLE_LABELS, isRole } from '../../domain/principal';
import { redactPersonalData } from '../../domain/logRedaction';

/** Each audited action's name on the audit page (a Record, so a new action without a name fails to compile). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'account.register': '注册账号',
  'account.login': '申请人登录',
  'account.password-reset.sms': '找回密码（短信）',
  'account.password-reset.email': '找回密码（邮件）',
  'account.identity': '修改个人身份信息',
  'account.password': '修改密码',
  'account.mobile': '修改手机号码',
  'realname.passed': '实名认证通过',
  'realname.failed': '实名认证未通过',
  'realname.review-requested': '申请人工审核',
  'realname.review-decided': '人工审核结论',
  'certificate.manual-add': '添加教师资格证书',
  'certificate.manual-edit': '修改添加的教师资格证书',
  'certificate.manual-delete': '删除添加的教师资格证书',
  'certificate.verified': '证书核验通过',
  'certificate.rejected': '证书核验不通过',
  'application.submit': '提交报名',
  'application.edit': '修改报名信息',
  'application.correct-bureau': '重新选择注册机构',
  'application.confirm-complete': '材料齐全',
  'application.confirm-incomplete': '材料不全',
  'application.return': '退回修改',
  'application.wrong-bureau': '机构选择有误',
  'application.approve': '注册合格',
  'application.defer': '暂缓注册',
  'application.reject': '注册不合格',
  'application.not-eligible': '不属于注册对象',
  'application.message': '留言',
  'application.print': '批量打印申请表',
  'application.reveal-id': '显示完整证件号码',
  'certification.material-upload': '上传认定材料',
  'certification.material-delete': '删除认定材料',
  'application.export': '导出报名信息',
  'staff.login': '工作人员登录',
  'staff.logout': '工作人员退出',
  'staff.create': '创建工作人员账号',
  'staff.password-reset': '重置工作人员密码',
  'staff.update': '修改工作人员账号',
  'staff.disable': '停用工作人员账号',
  'staff.enable': '启用工作人员账号',
  'staff.login-password': '工作人员密码验证通过（待动态口令）',
  'staff.totp-enrolled': '绑定动态口令',
  'staff.totp-reset': '重置动态口令',
  'audit.read': '查看审计日志',
  'audit.export': '导出审计日志',
  'instance.init': '初始化系统',
  'bureau.settings': '修改机构设置',
  'bureau.profile-updated': '修改机构信息',
  'bureau.certification-settings': '修改教师资格认定设置',
  'plan.created': '新增网报计划',
  'plan.updated': '修改网报计划',
  'point.created': '新增确认点',
  'point.updated': '修改确认点',
  'code.add': '新增代码',
  'code.rename': '修改代码名称',
  'code.up': '代码上移',
  'code.down': '代码下移',
  'code.deactivate': '停用代码',
  'code.activate': '启用代码',
  'school.rename': '修改毕业学校名称',
  'school.merge': '合并毕业学校',
  'data.import': '数据导入',
};

export const AUDIT_ACTOR_LABELS: Record<string, string> = { applicant: '申请人', staff: '工作人员', system: '系统' };

/** One row of the audit page: who (type, id, and a staff user's username and role), what, target, detail, ip. */
export function auditRows(rows: AuditViewRow[]) {
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    actorType: AUDIT_ACTOR_LABELS[r.actor_type] ?? r.actor_type,
    actorId: r.actor_id,
    staff: r.staff_username ? `${r.staff_username}（${isRole(r.staff_role) ? ROLE_LABELS[r.staff_role] : r.staff_role ?? ''}）` : null,
    action: (AUDIT_ACTION_LABELS as Record<string, string>)[r.action] ?? r.action,
    actionCode: r.action,
    target: r.target ?? '',
    // No audit detail holds an ID number or mobile today; should one ever, the page still shows it masked.
    detail: redactPersonalData(r.detail ?? ''),
    ip: r.ip ?? '',
  }));
}
