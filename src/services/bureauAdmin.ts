import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { BureauAdminRepo, PointWithCounts } from '../repositories/bureauAdmin';
import type { PlanRow } from '../repositories/places';
import type { StaffPrincipal } from '../domain/principal';
import { checkProfile, ProfileForm, ProfileValues } from '../domain/bureauProfile';
import { checkPlan, PlanForm, PlanValues } from '../domain/planRules';
import { checkPoint, PointForm, PointValues } from '../domain/confirmationPoint';
import { currentPlan } from '../domain/planWindow';
import { checkCertificationSettings, CertificationSettingsForm, CertificationSettingsValues } from '../domain/certification/bureauSettings';
import { changes } from '../domain/changes';
import { localDate } from '../domain/dates';
import { fail, ok, Result } from '../domain/validation';
import type { ReferenceDataService } from './referenceData';
import { auditTarget, AuditService } from './audit';

/**
 * The 机构管理员's pages: the bureau profile, 网报计划 and 确认点 of one bureau. Each save checks the form (domain
 * rules), writes the row and its audit row (the changed fields, before → after) in one transaction.
 */
export function createBureauAdminService(deps: { db: Knex; repo: BureauAdminRepo; reference: ReferenceDataService; audit: AuditService; clock: Clock; timeZone: string }) {
  const { db, repo, audit, clock, timeZone } = deps;
  const nowIso = () => clock.now().toISOString();
  const stageNames = async () => new Map((await deps.reference.list('teachingStage')).map((s) => [s.code, s.name]));
  // SQLite answers booleans as 0/1: compare and audit them as booleans.
  const pointValues = (p: PointWithCounts | PointValues): PointValues => ({
    name: p.name, businesses: p.businesses, scope: p.scope, address: p.address, phone: p.phone, confirm_start: p.confirm_start, confirm_end: p.confirm_end, active: Boolean(p.active),
  });
  const planValues = (p: PlanRow): PlanValues => ({
    business: p.business as PlanValues['business'], title: p.title, stages: p.stages, online_start: p.online_start, online_end: p.online_end, confirm_start: p.confirm_start, confirm_end: p.confirm_end,
  });
  const yearOf = (iso: string) => Number(localDate(new Date(iso), timeZone).slice(0, 4));

  return {
    /**
     * The bureau this staff user administers: a bureau admin's own; a system admin's own if the account has one,
     * else the instance's first bureau (a county instance serves one bureau; `admin init` creates it first).
     */
    async bureauOf(actor: StaffPrincipal): Promise<number | null> {
      if (actor.role === 'bureau_admin') return actor.bureauId;
      if (actor.role === 'system_admin') return actor.bureauId ?? (await repo.firstBureauId());
      return null;
    },

    findBureau: (bureauId: number) => repo.findBureau(bureauId),
    stageNames,

    async saveProfile(actor: StaffPrincipal, bureauId: number, form: ProfileForm, ip: string | null): Promise<Result<void>> {
      const checked = checkProfile(form);
      if (!checked.ok) return fail(checked.errors);
      await db.transaction(async (trx) => {
        const before = await repo.findBureau(bureauId, trx);
        if (!before) throw new Error(`bureau ${bureauId} not found`);
        const beforeValues: ProfileValues = {
          contact_phone: before.contact_phone, contact_address: before.contact_address, office_hours: before.office_hours,
          announcement: before.announcement, notes: before.notes, materials_checklist: before.materials_checklist,
        };
        await repo.updateProfile(bureauId, checked.value, trx);
        await audit.record(actor, 'bureau.profile-updated', { target: auditTarget.bureau(bureauId), detail: changes(beforeValues, checked.value), ip }, trx);
      });
      return ok(undefined);
    },

    /** 教师资格认定设置: 全程网办 and its materials, 注意事项, the counter's checklist, copies of the 申请表. */
    async saveCertificationSettings(actor: StaffPrincipal, bureauId: number, form: CertificationSettingsForm, ip: string | null): Promise<Result<void>> {
      const checked = checkCertificationSettings(form);
      if (!checked.ok) return fail(checked.errors);
      await db.transaction(async (trx) => {
        const before = await repo.findBureau(bureauId, trx);
        if (!before) throw new Error(`bureau ${bureauId} not found`);
        const beforeValues: CertificationSettingsValues = {
          online_processing: Boolean(before.online_processing), online_materials: before.online_materials, certification_notes: before.certification_notes,
          certification_checklist: before.certification_checklist, certification_form_copies: Number(before.certification_form_copies),
        };
        await repo.updateCertificationSettings(bureauId, checked.value, trx);
        await audit.record(actor, 'bureau.certification-settings', { target: auditTarget.bureau(bureauId), detail: changes(beforeValues, checked.value), ip }, trx);
      });
      return ok(undefined);
    },

    plans: (bureauId: number) => repo.plansWithCounts(bureauId),
    findPlan: (bureauId: number, id: number) => repo.findPlan(bureauId, id),
    planUsage: (planId: number) => repo.planUsage(planId),

    /** Creates (id null) or edits a plan of the bureau; the overlap and usage rules are read inside the transaction. */
    async savePlan(actor: StaffPrincipal, bureauId: number, id: number | null, form: PlanForm, ip: string | null): Promise<Result<number>> {
      const names = await stageNames();
      return db.transaction(async (trx) => {
        const before = id === null ? undefined : await repo.findPlan(bureauId, id, trx);
        if (id !== null && !before) return fail({ _form: '未找到该网报计划' });
        const checked = checkPlan(form, {
          timeZone, nowIso: nowIso(), stageNames: names, others: await repo.otherPlans(bureauId, id, trx),
          current: before ? { plan: before, usage: await repo.planUsage(before.id, trx), business: before.business } : undefined,
        });
        if (!checked.ok) return fail(checked.errors);
        const year = yearOf(checked.value.online_start);
        let planId: number;
        if (before) {
          planId = before.id;
          await repo.updatePlan(bureauId, planId, { ...checked.value, year }, trx);
          await audit.record(actor, 'plan.updated', { target: auditTarget.plan(planId), detail: changes(planValues(before), checked.value), ip }, trx);
        } else {
          const sameYear = (await repo.otherPlans(bureauId, null, trx)).filter((p) => p.year === year).length;
          planId = await repo.insertPlan(bureauId, { ...checked.value, year, batch: sameYear + 1, created_at: nowIso() }, trx);
          await audit.record(actor, 'plan.created', { target: auditTarget.plan(planId), detail: changes(null, checked.value), ip }, trx);
        }
        return ok(planId);
      });
    },

    points: (bureauId: number) => repo.pointsWithCounts(bureauId),
    findPoint: (bureauId: number, id: number) => repo.findPoint(bureauId, id),

    /** Creates (id null) or edits a confirmation point of the bureau. Deactivating keeps its applications and staff. */
    async savePoint(actor: StaffPrincipal, bureauId: number, id: number | null, form: PointForm, ip: string | null): Promise<Result<number>> {
      return db.transaction(async (trx) => {
        const before = id === null ? undefined : await repo.findPoint(bureauId, id, trx);
        if (id !== null && !before) return fail({ _form: '未找到该确认点' });
        const plan = currentPlan(await repo.otherPlans(bureauId, null, trx), nowIso());
        const checked = checkPoint(form, { timeZone, otherNames: await repo.pointNames(bureauId, id, trx), plan });
        if (!checked.ok) return fail(checked.errors);
        let pointId: number;
        if (before) {
          pointId = before.id;
          await repo.updatePoint(bureauId, pointId, checked.value, trx);
          await audit.record(actor, 'point.updated', { target: auditTarget.point(pointId), detail: changes(pointValues(before), checked.value), ip }, trx);
        } else {
          pointId = await repo.insertPoint(bureauId, checked.value, trx);
          await audit.record(actor, 'point.created', { target: auditTarget.point(pointId), detail: changes(null, checked.value), ip }, trx);
        }
        return ok(pointId);
      });
    },
  };
}
export type BureauAdminService = ReturnType<typeof createBureauAdminService>;
