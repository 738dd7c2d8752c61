import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { InstanceSetupRepo } from '../repositories/instanceSetup';
import type { StaffRepo } from '../repositories/staff';
import { passwordProblem } from '../domain/personalInfo';
import { fail, ok, Result } from '../domain/validation';
import { M } from '../messages';
import { hashPassword } from './passwordHasher';
import { auditTarget, AuditService, SYSTEM_ACTOR } from './audit';
import { USERNAME_PATTERN } from './staff';

/** The bureau's level and the region level it sits in (GB/T 2260: 省, 市, 县). */
export const BUREAU_LEVELS: Record<string, string> = { 县级: 'county', 市级: 'city', 省级: 'province' };
const REGION_LEVEL_NAMES: Record<string, string> = { county: '县级', city: '市级', province: '省级' };

export interface InitInput { bureauName: string; region: string; level: string; username: string; name: string; password: string }

export const INIT_MESSAGES = {
  already: '本系统已经初始化（已有注册机构），不能再次初始化；如需新增工作人员，请以系统管理员身份登录“工作人员账号”页面，或使用 create-staff 命令',
} as const;

/**
 * `npm run admin -- init` on an empty install: the instance's bureau and its first 系统管理员, in one transaction with
 * its audit row. Refused when any bureau exists (it runs once), and nothing is written when any field is wrong.
 */
export function createInstanceService(deps: { db: Knex; repo: InstanceSetupRepo; staff: StaffRepo; audit: AuditService; clock: Clock }) {
  const { repo } = deps;
  return {
    initialized: async () => (await repo.bureauCount()) > 0,

    async init(input: InitInput): Promise<Result<{ bureauId: number; staffId: number }>> {
      if ((await repo.bureauCount()) > 0) return fail({ _form: INIT_MESSAGES.already });
      const errors: Record<string, string> = {};
      const bureauName = input.bureauName.trim();
      if (!bureauName || [...bureauName].length > 100) errors.bureauName = '请填写注册机构名称（--bureau-name，不超过100个字），例如：台山市教育局';
      const regionLevel = BUREAU_LEVELS[input.level];
      if (!regionLevel) errors.level = '请填写机构级别（--level）：县级、市级或省级';
      const region = /^\d{6}$/.test(input.region) ? await repo.region(input.region) : undefined;
      if (!region) errors.region = `请填写正确的6位行政区划代码（--region），例如台山市为440781；“${input.region}”不在行政区划代码表中`;
      else if (regionLevel && region.level !== regionLevel) errors.region = `行政区划代码${region.code}（${region.name}）是${REGION_LEVEL_NAMES[region.level] ?? region.level}行政区划，与机构级别“${input.level}”不符`;
      if (!USERNAME_PATTERN.test(input.username)) errors.username = '请填写系统管理员的用户名（--username，3-40位字母、数字或 _ . -）';
      else if (await deps.staff.findByUsername(input.username)) errors.username = '该用户名已存在';
      const name = input.name.trim() || '系统管理员';
      if ([...name].length > 60) errors.name = '姓名不能超过60个字';
      if (passwordProblem(input.password)) errors.password = M.password.policy;
      if (Object.keys(errors).length) return fail(errors);
      const passwordHash = await hashPassword(input.password);
      const at = deps.clock.now().toISOString();
      return deps.db.transaction(async (trx) => {
        // Checked again inside the write (locked: two inits at once leave one bureau).
        if ((await repo.bureauCountLocked(trx)) > 0) return fail({ _form: INIT_MESSAGES.already });
        const bureauId = await repo.insertBureau({ region_code: region!.code, name: bureauName, level: input.level, created_at: at }, trx);
        const staffId = await deps.staff.insert({ username: input.username, name, role: 'system_admin', bureau_id: null, point_id: null, password_hash: passwordHash, created_at: at }, trx);
        await deps.audit.record(SYSTEM_ACTOR, 'instance.init', {
          target: auditTarget.bureau(bureauId), detail: { bureau: bureauName, region: region!.code, level: input.level, username: input.username },
        }, trx);
        return ok({ bureauId, staffId });
      });
    },
  };
}
export type InstanceService = ReturnType<typeof createInstanceService>;
