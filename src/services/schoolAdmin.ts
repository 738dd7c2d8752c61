import type { Knex } from 'knex';
import type { StaffPrincipal } from '../domain/principal';
import { fail, ok, Result } from '../domain/validation';
import type { SchoolRow, SchoolsRepo } from '../repositories/schools';
import { auditTarget, AuditService } from './audit';

export const SCHOOLS_PER_PAGE = 50;
const NAME_MAX = 60; // as 新增学校 allows
/** At most this many 报名号 are listed in a merge's or rename's audit row (the count is always there). */
const AUDIT_NOS = 50;

/**
 * 毕业学校维护: list and search the instance's graduation schools, rename one, and merge a school a teacher added
 * (新增学校) into an existing one. Drafts and applications name the school, so a rename or merge moves every
 * reference in the same transaction as the change and its audit row.
 */
export function createSchoolAdminService(deps: { db: Knex; schools: SchoolsRepo; audit: AuditService }) {
  const checkName = (name: string): string | null =>
    !name ? '请填写学校名称' : [...name].length > NAME_MAX ? `学校名称不能超过${NAME_MAX}个字` : null;
  const moved = (r: { applications: string[]; drafts: number }) =>
    ({ applications: r.applications.length, drafts: r.drafts, nos: r.applications.slice(0, AUDIT_NOS) });

  return {
    async page(filter: { q: string; userAdded: boolean; page: number }) {
      const { rows, total } = await deps.schools.page({ q: filter.q, userAdded: filter.userAdded, offset: (filter.page - 1) * SCHOOLS_PER_PAGE, limit: SCHOOLS_PER_PAGE });
      const usage = await deps.schools.usage(rows.map((r) => r.name));
      return { rows: rows.map((r) => ({ ...r, used: usage.get(r.name) ?? 0 })), total, pages: Math.max(1, Math.ceil(total / SCHOOLS_PER_PAGE)) };
    },
    find: (id: number): Promise<SchoolRow | undefined> => deps.schools.find(id),
    search: (q: string) => deps.schools.search(q),

    async rename(actor: StaffPrincipal, id: number, name: string, ip: string | null): Promise<Result<string>> {
      const problem = checkName(name);
      if (problem) return fail({ name: problem });
      return deps.db.transaction(async (trx): Promise<Result<string>> => {
        const school = await deps.schools.find(id, trx);
        if (!school) return fail({ _form: '该学校已不存在（可能已被合并）' });
        if (school.name === name) return ok(`${name} 的名称没有变化`);
        if (await deps.schools.othersNamed(name, id, trx)) return fail({ name: `已有名为“${name}”的学校；如是同一所学校，请使用“合并”` });
        await deps.schools.rename(trx, id, name);
        const refs = await deps.schools.moveReferences(trx, school.name, name);
        await deps.audit.record(actor, 'school.rename', { target: auditTarget.school(id), ip, detail: { from: school.name, to: name, ...moved(refs) } }, trx);
        return ok(`已将“${school.name}”改名为“${name}”（${refs.applications.length} 条报名信息、${refs.drafts} 份草稿随之更新）`);
      });
    },

    /** Merge a teacher-added school into another: references move to the target's name, the added school goes. */
    async merge(actor: StaffPrincipal, sourceId: number, targetId: number | null, ip: string | null): Promise<Result<string>> {
      if (targetId === null) return fail({ targetId: '请选择要合并到的学校' });
      if (targetId === sourceId) return fail({ targetId: '不能合并到同一所学校，请选择另一所学校' });
      return deps.db.transaction(async (trx): Promise<Result<string>> => {
        const source = await deps.schools.find(sourceId, trx);
        if (!source) return fail({ _form: '该学校已不存在（可能已被合并）' });
        if (!source.user_added) return fail({ _form: '只能合并教师新增的学校；系统列表中的学校可以修改名称' });
        const target = await deps.schools.find(targetId, trx);
        if (!target) return fail({ targetId: '要合并到的学校不存在，请重新查询选择' });
        const refs = source.name === target.name ? { applications: [], drafts: 0 } : await deps.schools.moveReferences(trx, source.name, target.name);
        await deps.schools.remove(trx, sourceId);
        await deps.audit.record(actor, 'school.merge', {
          target: auditTarget.school(sourceId), ip, detail: { from: source.name, to: target.name, toId: target.id, ...moved(refs) },
        }, trx);
        return ok(`已将“${source.name}”合并到“${target.name}”（${refs.applications.length} 条报名信息、${refs.drafts} 份草稿随之更新）`);
      });
    },
  };
}
export type SchoolAdminService = ReturnType<typeof createSchoolAdminService>;
