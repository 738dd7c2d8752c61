import type { Knex } from 'knex';
import type { StaffPrincipal } from '../domain/principal';
import { checkName, checkNewItem, editableList, EditableList, moved, siblingNamed } from '../domain/codeLists';
import type { CodeListItem } from '../domain/codeLists';
import { fail, hasErrors, ok, Result } from '../domain/validation';
import type { CodeListsRepo } from '../repositories/codeLists';
import { auditTarget, AuditService } from './audit';
import type { ReferenceDataService } from './referenceData';

export type CodeEdit =
  | { action: 'add'; code: string; name: string; parentCode: string }
  | { action: 'rename'; code: string; name: string }
  | { action: 'up' | 'down'; code: string }
  | { action: 'deactivate' | 'activate'; code: string };

const DONE: Record<CodeEdit['action'], string> = {
  add: '已新增', rename: '已修改名称', up: '已上移', down: '已下移', deactivate: '已停用', activate: '已启用',
};

/**
 * 代码维护: the lists a county legitimately changes (EDITABLE_LISTS). Items are added, renamed, reordered and
 * (de)activated, never deleted: old applications keep naming them. Code lists are the instance's (an instance
 * serves one bureau), so there are no per-bureau overrides. Each change and its audit row commit together; then
 * this process's cache is dropped, and other instances read the change within the cache's TTL.
 */
export function createCodeListAdminService(deps: { db: Knex; codeLists: CodeListsRepo; audit: AuditService; reference: ReferenceDataService }) {
  return {
    /** The list's items (inactive too) with how many applications chose each. */
    async show(name: string): Promise<{ list: EditableList; items: (CodeListItem & { used: number })[] } | null> {
      const list = editableList(name);
      if (!list) return null;
      const [items, usage] = await Promise.all([deps.codeLists.all(name), deps.codeLists.usage(list.column)]);
      return { list, items: items.map((i) => ({ ...i, used: usage.get(i.code) ?? 0 })) };
    },

    async edit(actor: StaffPrincipal, name: string, edit: CodeEdit, ip: string | null): Promise<Result<string>> {
      const list = editableList(name);
      if (!list) return fail({ _form: '没有这个代码表' });
      const outcome = await deps.db.transaction(async (trx): Promise<Result<string>> => {
        const items = await deps.codeLists.all(name, trx);
        const item = items.find((i) => i.code === edit.code);
        if (edit.action !== 'add' && !item) return fail({ _form: `代码 ${edit.code} 不存在` });
        let detail: Record<string, string | null> = {};
        switch (edit.action) {
          case 'add': {
            const errors = checkNewItem(list, items, edit);
            if (hasErrors(errors)) return fail(errors);
            const parent = edit.parentCode || null;
            const sort = Math.max(-1, ...items.filter((i) => (i.parent_code ?? null) === parent).map((i) => i.sort)) + 1;
            await deps.codeLists.insert(trx, { list: name, code: edit.code, name: edit.name, parentCode: parent, sort });
            detail = { name: edit.name, parent };
            break;
          }
          case 'rename': {
            const field = `name-${edit.code}`;
            const errors = checkName(edit.name, field);
            if (hasErrors(errors)) return fail(errors);
            if (siblingNamed(items, item!.parent_code ?? null, edit.name, edit.code)) return fail({ [field]: `同一级已有名称为“${edit.name}”的项目` });
            if (item!.name === edit.name) return ok(`${edit.code} 的名称没有变化`);
            await deps.codeLists.update(trx, name, edit.code, { name: edit.name });
            detail = { from: item!.name, to: edit.name };
            break;
          }
          case 'up':
          case 'down': {
            const order = moved(items, edit.code, edit.action);
            if (!order) return ok(`${item!.name} 已在${edit.action === 'up' ? '最前' : '最后'}`);
            for (const [i, code] of order.entries()) await deps.codeLists.update(trx, name, code, { sort: i });
            break;
          }
          case 'deactivate':
          case 'activate': {
            const active = edit.action === 'activate';
            if (item!.active === active) return ok(`${item!.name} ${active ? '已是启用状态' : '已是停用状态'}`);
            await deps.codeLists.update(trx, name, edit.code, { active });
            break;
          }
        }
        await deps.audit.record(actor, `code.${edit.action}`, { target: auditTarget.code(name, edit.code), detail, ip }, trx);
        return ok(`${list.label}：${edit.code} ${edit.action === 'rename' || edit.action === 'add' ? edit.name : item!.name} ${DONE[edit.action]}`);
      });
      if (outcome.ok) deps.reference.invalidate(name);
      return outcome;
    },
  };
}
export type CodeListAdminService = ReturnType<typeof createCodeListAdminService>;
