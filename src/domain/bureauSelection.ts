/** Step 2's selection (选择省 → 市 → 学段 → 学科 → 注册机构 → 确认点): reading, carrying and checking it. Pure. */
import { text } from './validation';
import type { FieldErrors } from './validation';


export const BUREAU_FIELDS = ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId', 'pointId'] as const;
/** `subjectOther`: the 具体学科 typed when 现任教学科 is 其他(注明具体学科); `q`: the 确认点 search. */
export type BureauSelection = Record<(typeof BUREAU_FIELDS)[number], string> & { q: string; subjectOther?: string };
export const SUBJECT_OTHER_MAX = 20;

/** The selection as typed so far (the cascade re-renders from it, with or without JavaScript). */
export function readSelection(source: unknown): BureauSelection {
  return {
    provinceCode: text(source, 'provinceCode', 6), cityCode: text(source, 'cityCode', 6), stage: text(source, 'stage', 2),
    subject: text(source, 'subject', 4), bureauId: text(source, 'bureauId', 10), pointId: text(source, 'pointId', 10), q: text(source, 'q', 30),
    subjectOther: text(source, 'subjectOther', 40).trim(),
  };
}

/** The parts of a selection worth carrying in a URL (from 网报时间查询 into the wizard): '' when none. */
export function selectionQuery(sel: BureauSelection): string {
  const params = new URLSearchParams();
  for (const key of ['provinceCode', 'cityCode', 'stage', 'subject', 'bureauId'] as const) if (sel[key]) params.set(key, sel[key]);
  return params.toString();
}

/** Step 2 answers, checked against what the cascade offers now (options) and the bureau's window (problem). */
export interface BureauAnswers { provinceCode: string; cityCode: string; stage: string; subject: string; subjectOther?: string; bureauId: number; planId: number; pointId: number }
export type ParseResult<A> = { answers: A; errors?: undefined } | { errors: FieldErrors; answers?: undefined };

export function parseBureau(sel: BureauSelection, options: {
  provinces: string[]; cities: string[]; stages: string[]; subjects: string[]; bureaus: string[]; points: string[];
  planId: number | null; windowProblem: string | null;
  /** Subjects that ask for the 具体学科 (其他(注明具体学科)). */
  otherSubjects?: string[];
}): ParseResult<BureauAnswers> {
  const errors: FieldErrors = {};
  if (!options.provinces.includes(sel.provinceCode)) errors.provinceCode = '请选择省';
  else if (!options.cities.includes(sel.cityCode)) errors.cityCode = '请选择市';
  if (!options.stages.includes(sel.stage)) errors.stage = '请选择现任教学段';
  else if (!options.subjects.includes(sel.subject)) errors.subject = '请选择现任教学科';
  const other = !errors.stage && !errors.subject && (options.otherSubjects ?? []).includes(sel.subject);
  const subjectOther = sel.subjectOther ?? '';
  if (other && !subjectOther) errors.subjectOther = '请注明具体学科';
  else if (other && [...subjectOther].length > SUBJECT_OTHER_MAX) errors.subjectOther = `具体学科不能超过${SUBJECT_OTHER_MAX}个字`;
  if (!errors.provinceCode && !errors.cityCode) {
    if (!options.bureaus.includes(sel.bureauId)) errors.bureauId = '请选择注册机构';
    else if (options.windowProblem) errors.bureauId = options.windowProblem;
    else if (!options.points.includes(sel.pointId)) errors.pointId = '请选择确认点';
  }
  if (Object.keys(errors).length || options.planId === null) return { errors };
  return {
    answers: {
      provinceCode: sel.provinceCode, cityCode: sel.cityCode, stage: sel.stage, subject: sel.subject,
      ...(other ? { subjectOther } : {}),
      bureauId: Number(sel.bureauId), planId: options.planId, pointId: Number(sel.pointId),
    },
  };
}
