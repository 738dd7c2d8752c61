import { text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import type { BureauAnswers, ParseResult, SummaryRefs, SummarySection } from './types';

export const BUREAU_FIELDS = ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId'] as const;
export type BureauSelection = Record<(typeof BUREAU_FIELDS)[number], string> & { q: string };

/** The selection as typed so far (the cascade re-renders from it, with or without JavaScript). */
export function readSelection(source: unknown): BureauSelection {
  return {
    provinceCode: text(source, 'provinceCode', 6), cityCode: text(source, 'cityCode', 6), stage: text(source, 'stage', 2),
    subject: text(source, 'subject', 4), bureauId: text(source, 'bureauId', 10), pointId: text(source, 'pointId', 10), q: text(source, 'q', 30),
  };
}

/** The parts of a selection worth carrying in a URL (from 网报时间查询 into the wizard): '' when none. */
export function selectionQuery(sel: BureauSelection): string {
  const params = new URLSearchParams();
  for (const key of ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId'] as const) if (sel[key]) params.set(key, sel[key]);
  return params.toString();
}

/** Step 2 answers, checked against what the cascade offers now (options) and the bureau's window (problem). */
export function parseBureau(sel: BureauSelection, options: {
  provinces: string[]; cities: string[]; stages: string[]; subjects: string[]; bureaus: string[]; points: string[];
  planId: number | null; windowProblem: string | null;
}): ParseResult<BureauAnswers> {
  const errors: FieldErrors = {};
  if (!options.provinces.includes(sel.provinceCode)) errors.provinceCode = '请选择省';
  else if (!options.cities.includes(sel.cityCode)) errors.cityCode = '请选择市';
  if (!options.stages.includes(sel.stage)) errors.stage = '请选择现任教学段';
  else if (!options.subjects.includes(sel.subject)) errors.subject = '请选择现任教学科';
  if (!errors.provinceCode && !errors.cityCode) {
    if (!options.bureaus.includes(sel.bureauId)) errors.bureauId = '请选择注册机构';
    else if (options.windowProblem) errors.bureauId = options.windowProblem;
    else if (!options.points.includes(sel.pointId)) errors.pointId = '请选择确认点';
  }
  if (Object.keys(errors).length || options.planId === null) return { errors };
  return {
    answers: {
      provinceCode: sel.provinceCode, cityCode: sel.cityCode, stage: sel.stage, subject: sel.subject,
      bureauId: Number(sel.bureauId), planId: options.planId, pointId: Number(sel.pointId),
    },
  };
}

export function bureauSummary(a: BureauAnswers, refs: SummaryRefs): SummarySection {
  return {
    title: '注册机构', step: 'bureau',
    rows: [
      { label: '所在省', value: refs.provinceName },
      { label: '所在市', value: refs.cityName },
      { label: '现任教学段', value: refs.codeName('teachingStage', a.stage) },
      { label: '现任教学科', value: refs.codeName('subject', a.subject) },
      { label: '注册机构', value: refs.bureauName },
      { label: '确认点', value: refs.pointName },
    ],
  };
}
