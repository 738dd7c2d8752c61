import type { Clock } from '../clock';
import type { SchoolsRepo } from '../repositories/schools';
import { fail, ok, Result } from '../domain/validation';
import type { ReferenceDataService } from './referenceData';

/** How many graduation schools one account may add with 新增学校 (a teacher needs one or two; this stops a flood). */
export const SCHOOL_ADDITIONS_PER_ACCOUNT = 5;

/** The 毕业学校 chooser: 查询 and 新增学校. */
export function createSchoolsService(deps: { schools: SchoolsRepo; reference: ReferenceDataService; clock: Clock }) {
  return {
    search: (text: string) => deps.schools.search(text),
    known: async (name: string) => Boolean(name && (await deps.schools.findByName(name))),
    /** 新增学校: a name and a 办学类型; a name already listed is simply chosen. */
    async add(accountId: number, name: string, type: string): Promise<Result<string>> {
      if (!name || [...name].length > 60) return fail({ newSchoolName: '请填写学校名称（不超过60个字）' });
      if (!(await deps.reference.selectable('schoolType')).includes(type)) return fail({ newSchoolName: '请选择办学类型' });
      if (await deps.schools.findByName(name)) return ok(name);
      if ((await deps.schools.countAddedBy(accountId)) >= SCHOOL_ADDITIONS_PER_ACCOUNT) {
        return fail({ newSchoolName: `每个账号最多新增${SCHOOL_ADDITIONS_PER_ACCOUNT}所学校，请通过“查询”选择已有学校，或联系注册机构` });
      }
      await deps.schools.add({ name, schoolType: type, addedBy: accountId, createdAt: deps.clock.now().toISOString() });
      return ok(name);
    },
  };
}
export type SchoolsService = ReturnType<typeof createSchoolsService>;
