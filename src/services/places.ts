import type { Clock } from '../clock';
import type { Config } from '../config';
import type { CodeItem } from '../repositories/codeLists';
import type { PlacesRepo, PlanRow } from '../repositories/places';
import type { ApplicationRow } from '../repositories/applications';
import { currentPlan, currentPlanFor, insideOnlineWindow, planStages, windowProblem, windowText } from '../domain/planWindow';
import { materialsChecklist } from '../domain/materials';
import { parseId } from '../domain/validation';
import { BureauSelection, parseBureau } from '../domain/bureauSelection';
import type { Business } from '../domain/business';
import type { ReferenceDataService } from './referenceData';

export interface Cascade {
  provinces: CodeItem[]; cities: CodeItem[]; stages: CodeItem[]; subjects: CodeItem[];
  /** Subjects that ask for the 具体学科 (其他(注明具体学科)). */
  otherSubjects: string[];
  bureaus: { code: string; name: string }[];
  plan: PlanRow | null; windowProblem: string | null; windowText: string;
  points: { id: number; name: string; scope: string; address: string }[]; pointCountAll: number;
  names: { province: string; city: string; bureau: string; point: string };
}

/** Subjects offered for a 学段: 幼儿园 D, 小学/初中 the C series, 高中/中职 the B series. */
function subjectCodesFor(stage: string, subjects: CodeItem[]): CodeItem[] {
  if (stage === '1') return subjects.filter((s) => s.code === 'D');
  if (stage === '2' || stage === '3') return subjects.filter((s) => s.code.startsWith('C'));
  if (stage === '4' || stage === '5') return subjects.filter((s) => s.code.startsWith('B'));
  return [];
}

/** Where to register: the 选择省 → … → 确认点 cascade, plans and their windows, the bureau's details. */
export function createPlacesService(deps: { places: PlacesRepo; reference: ReferenceDataService; clock: Clock; config: Pick<Config, 'timeZone'> }) {
  const { places: repo, reference, clock, config } = deps;
  const nowIso = () => clock.now().toISOString();
  const planFor = async (bureauId: number): Promise<PlanRow | null> => currentPlan(await repo.plansOf(bureauId), nowIso());
  const stageText = async (plan: PlanRow) => {
    const names = new Map((await reference.list('teachingStage')).map((s) => [s.code, s.name]));
    const codes = planStages(plan);
    return codes.length ? codes.map((c) => names.get(c) ?? c).join('、') : '全部学段';
  };
  const onlineText = (plan: PlanRow | null) => (plan ? windowText(plan.online_start, plan.online_end, config.timeZone) : '');

  const service = {
    planFor,
    findPlan: (id: number) => repo.findPlan(id),
    findBureau: (id: number) => repo.findBureau(id),
    findPoint: (id: number) => repo.findPoint(id),
    /** A bureau's confirmation points, inactive ones too (staff filters: an inactive point keeps its applications). */
    allPointsOf: (bureauId: number) => repo.allPointsOf(bureauId),
    /** The counter's materials checklist of a bureau: its own, or the default list. */
    checklistOf: async (bureauId: number) => materialsChecklist((await repo.findBureau(bureauId))?.materials_checklist),
    regionOf: (code: string) => repo.regionOf(code),
    onlineText,

    /** 选择省 → 选择市 → 现任教学段 → 现任教学科 → 注册机构 → 网报时间 → 确认点, from what is chosen so far. */
    async cascade(sel: BureauSelection, business: Business = 'registration'): Promise<Cascade> {
      const all = await repo.bureausWithRegions();
      // A bureau sits in a county (whose parent is a city) or in a city itself.
      const placed = all.map((b) => b.r_level === 'county'
        ? { bureau: b, cityCode: b.p_code ?? '', cityName: b.p_name ?? '', provinceCode: b.pp_code ?? '', provinceName: b.pp_name ?? '' }
        : { bureau: b, cityCode: b.region_code, cityName: b.r_name, provinceCode: b.p_code ?? '', provinceName: b.p_name ?? '' });
      const uniq = (pairs: [string, string][]) => [...new Map(pairs).entries()].map(([code, name]) => ({ code, name, parent_code: null }));
      const provinces = uniq(placed.map((p) => [p.provinceCode, p.provinceName]));
      const cities = uniq(placed.filter((p) => p.provinceCode === sel.provinceCode).map((p) => [p.cityCode, p.cityName]));
      const stages = await reference.list('teachingStage');
      const subjects = subjectCodesFor(sel.stage, await reference.list('subject'));
      const bureaus = placed.filter((p) => p.cityCode === sel.cityCode && p.provinceCode === sel.provinceCode)
        .map((p) => ({ code: String(p.bureau.id), name: p.bureau.name }));
      const bureau = bureaus.find((b) => b.code === sel.bureauId) ? all.find((b) => String(b.id) === sel.bureauId) ?? null : null;
      // The plan for the 学段 chosen: a bureau whose plans all leave it out is not offered for it (and says why).
      const plans = bureau ? await repo.plansOf(bureau.id, business) : [];
      const plan = currentPlanFor(plans, sel.stage, nowIso());
      const allPoints = bureau ? await repo.pointsOf(bureau.id, undefined, business) : [];
      const points = bureau ? (sel.q ? await repo.pointsOf(bureau.id, sel.q, business) : allPoints) : [];
      const problem = bureau ? windowProblem(plan, allPoints.length, nowIso(), plans.length) : null;
      return {
        provinces, cities, stages, subjects, otherSubjects: subjects.filter((s) => s.name.startsWith('其他')).map((s) => s.code), bureaus, plan, windowProblem: problem, windowText: onlineText(plan),
        points: problem ? [] : points.map((p) => ({ id: p.id, name: p.name, scope: p.scope ?? '', address: p.address ?? '' })),
        pointCountAll: allPoints.length,
        names: {
          province: provinces.find((p) => p.code === sel.provinceCode)?.name ?? '',
          city: cities.find((c) => c.code === sel.cityCode)?.name ?? '',
          bureau: bureau?.name ?? '',
          point: allPoints.find((p) => String(p.id) === sel.pointId)?.name ?? '',
        },
      };
    },

    /** Step 2's answer, checked against what the cascade offers now and the bureau's window. */
    async chooseBureau(sel: BureauSelection, business: Business = 'registration'): Promise<ReturnType<typeof parseBureau>> {
      const c = await service.cascade(sel, business);
      const bureauId = parseId(sel.bureauId);
      const allPoints = bureauId ? await repo.pointsOf(bureauId, undefined, business) : [];
      return parseBureau(sel, {
        provinces: c.provinces.map((p) => p.code), cities: c.cities.map((p) => p.code), stages: c.stages.map((s) => s.code),
        subjects: c.subjects.map((s) => s.code), bureaus: c.bureaus.map((b) => b.code), points: allPoints.map((p) => String(p.id)),
        planId: c.plan?.id ?? null, windowProblem: c.windowProblem, otherSubjects: c.otherSubjects,
      });
    },

    /** A bureau's points of a business offered now (a chosen 确认点 must still be one of them). */
    pointsOf: (bureauId: number, business: Business) => repo.pointsOf(bureauId, undefined, business),

    async bureauContext(bureauId: number) {
      return { bureau: await repo.findBureau(bureauId), plan: await planFor(bureauId) };
    },

    /**
     * 业务平台: each bureau's plans that apply now (the open ones — plans for different 学段 may run side by side —
     * else the current one), with the 学段 each takes, and whether registration is open anywhere.
     */
    async platformWindows() {
      const now = nowIso();
      const rows = await Promise.all((await repo.bureausWithRegions()).map(async (b) => {
        const plans = await repo.plansOf(b.id);
        const open = plans.filter((p) => insideOnlineWindow(p, now));
        const shown = open.length ? open : [currentPlan(plans, now)].filter((p): p is PlanRow => p !== null);
        if (!shown.length) return [{ bureauId: b.id, bureau: b.name, stages: '', window: '', open: false }];
        return Promise.all(shown.map(async (p) => ({ bureauId: b.id, bureau: b.name, stages: await stageText(p), window: onlineText(p), open: insideOnlineWindow(p, now) })));
      }));
      return rows.flat();
    },

    /** Whether any bureau's plan of a business is inside its online window now (业务平台's 报名 buttons). */
    async anyOpen(business: Business): Promise<boolean> {
      const now = nowIso();
      for (const b of await repo.bureausWithRegions()) if ((await repo.plansOf(b.id, business)).some((p) => insideOnlineWindow(p, now))) return true;
      return false;
    },

    /** 联系方式: every bureau of the instance with its contacts and 公告 (a public page). */
    contacts: async () => (await repo.bureausWithRegions()).map((b) => ({
      id: b.id, name: b.name, phone: b.contact_phone ?? '', address: b.contact_address ?? '', hours: b.office_hours ?? '', announcement: b.announcement ?? '',
    })),

    /** 申报提醒 and 查看注册事项: the bureau, the chosen point and the confirmation window of the application's own plan. */
    async confirmationDetails(application: Pick<ApplicationRow, 'bureau_id' | 'point_id' | 'plan_id'>) {
      const bureau = await repo.findBureau(application.bureau_id);
      const point = application.point_id ? await repo.findPoint(application.point_id) : undefined;
      const plan = await repo.findPlan(application.plan_id);
      const start = point?.confirm_start ?? plan?.confirm_start;
      const end = point?.confirm_end ?? plan?.confirm_end;
      const confirmWindow = start && end ? windowText(start, end, config.timeZone) : '';
      const confirmDates = start && end ? windowText(start, end, config.timeZone, true) : '';
      return { bureau, point, plan, confirmWindow, confirmDates };
    },

    /** The application's plan is open for online changes now. */
    async insideOnlineWindow(planId: number): Promise<boolean> {
      const plan = await repo.findPlan(planId);
      return Boolean(plan && insideOnlineWindow(plan, nowIso()));
    },
  };
  return service;
}
export type PlacesService = ReturnType<typeof createPlacesService>;
