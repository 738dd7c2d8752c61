import type { Clock } from '../clock';
import type { Config } from '../config';
import type { PlacesRepo, BureauWithRegions } from '../repositories/places';
import { localDate } from '../domain/dates';
import { planStages, windowText } from '../domain/planWindow';
import { materialsChecklist } from '../domain/materials';
import { planStateName, plansToShow } from '../domain/help';
import type { ReferenceDataService } from './referenceData';

export interface GuidePlan { id: number; title: string; stages: string; online: string; confirm: string; onlineDates: string; confirmDates: string; state: string }
export interface GuidePoint { id: number; name: string; scope: string; address: string; phone: string; confirm: string }
export interface BureauGuide {
  id: number; name: string; region: string; phone: string; address: string; hours: string; announcement: string;
  plans: GuidePlan[]; points: GuidePoint[]; materials: readonly string[];
}

/**
 * The public help pages' data (办事指南, 网报时间查询, the printable guide): each bureau's plans that are not over,
 * its active confirmation points with their 确认范围 and times, its materials checklist and contacts. Nothing
 * personal: every field here is what a bureau publishes.
 */
export function createGuideService(deps: { places: PlacesRepo; reference: ReferenceDataService; clock: Clock; config: Pick<Config, 'timeZone' | 'baseUrl' | 'siteName'> }) {
  const { places, reference, clock, config } = deps;
  const tz = config.timeZone;

  async function guideOf(b: BureauWithRegions, stageName: Map<string, string>, nowIso: string): Promise<BureauGuide> {
    const [plans, points] = await Promise.all([places.plansOf(b.id), places.pointsOf(b.id)]);
    const shown = plansToShow(plans, nowIso);
    // A point without its own dates confirms in the window of the plan that applies now (as step 7 tells the applicant).
    const current = shown[0];
    const region = b.r_level === 'county' ? `${b.pp_name ?? ''}${b.p_name ?? ''}${b.r_name}` : `${b.p_name ?? ''}${b.r_name}`;
    return {
      id: b.id, name: b.name, region, phone: b.contact_phone ?? '', address: b.contact_address ?? '', hours: b.office_hours ?? '', announcement: b.announcement ?? '',
      plans: shown.map((p) => {
        const codes = planStages(p);
        return {
          id: p.id, title: p.title, stages: codes.length ? codes.map((c) => stageName.get(c) ?? c).join('、') : '全部学段',
          online: windowText(p.online_start, p.online_end, tz), confirm: windowText(p.confirm_start, p.confirm_end, tz),
          onlineDates: windowText(p.online_start, p.online_end, tz, true), confirmDates: windowText(p.confirm_start, p.confirm_end, tz, true),
          state: planStateName(p, nowIso),
        };
      }),
      points: points.map((p) => {
        const start = p.confirm_start ?? current?.confirm_start;
        const end = p.confirm_end ?? current?.confirm_end;
        return { id: p.id, name: p.name, scope: p.scope ?? '', address: p.address ?? '', phone: p.phone ?? '', confirm: start && end ? windowText(start, end, tz, true) : '' };
      }),
      materials: materialsChecklist(b.materials_checklist),
    };
  }

  const service = {
    /** Every bureau of the instance (a county instance has one; the demo has four). */
    async bureaus(): Promise<BureauGuide[]> {
      const nowIso = clock.now().toISOString();
      const stageName = new Map((await reference.list('teachingStage')).map((s) => [s.code, s.name]));
      return Promise.all((await places.bureausWithRegions()).map((b) => guideOf(b, stageName, nowIso)));
    },
    /** One bureau, or undefined for an id that is not one. */
    async bureau(id: number): Promise<BureauGuide | undefined> {
      return (await service.bureaus()).find((b) => b.id === id);
    },
    /** Where teachers find the system (printed on the guide), and today's local date. */
    site: () => ({ url: config.baseUrl, name: config.siteName, today: localDate(clock.now(), tz) }),
  };
  return service;
}
export type GuideService = ReturnType<typeof createGuideService>;
