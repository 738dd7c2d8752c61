import type { Step } from '../engine';
import { BUREAU_FIELDS, readSelection, selectionQuery, BureauAnswers, BureauSelection } from '../../domain/bureauSelection';
import { text } from '../../domain/validation';
import type { Answers, RegistrationDeps, SummaryRefs, SummarySection } from './types';

/** The selection step 2 shows: what was typed, else the stored answer, else what rode in from 网报时间查询. */
export function selectionFrom(answers: Answers): BureauSelection {
  const b = answers.bureau;
  return {
    provinceCode: b?.provinceCode ?? '', cityCode: b?.cityCode ?? '', stage: b?.stage ?? '', subject: b?.subject ?? '',
    bureauId: b ? String(b.bureauId) : '', pointId: b ? String(b.pointId) : '', q: '', subjectOther: b?.subjectOther ?? '',
  };
}

/** 选择注册机构: the cascade (plain 查询 button without JavaScript, htmx fragments with it). */
export const bureauStep: Step<Answers, RegistrationDeps> = {
  id: 'bureau',
  title: '选择注册机构',
  view: 'pages/apply/bureau',
  invalidates: ['review', 'notes'],
  fieldOrder: BUREAU_FIELDS,
  async load({ draft, input, deps }, extra) {
    const sel = (extra.sel as BureauSelection | undefined) ?? (draft.answers.bureau ? selectionFrom(draft.answers) : readSelection(input.query));
    const cascade = await deps.places.cascade(sel);
    return { sel, cascade, windowText: cascade.windowText, mode: 'apply' };
  },
  async submit({ account, input, deps }) {
    const sel = readSelection(input.body);
    if (text(input.body, 'action', 20) === 'refresh') return { kind: 'show', extra: { sel }, status: 200 };
    const parsed = await deps.places.chooseBureau(sel);
    if (parsed.errors) return { kind: 'show', extra: { sel, errors: parsed.errors }, status: 422 };
    const existing = await deps.applications.existingForPlan(account.id, parsed.answers.planId);
    if (existing) {
      return { kind: 'show', extra: { sel, errors: { _form: `您已经填写了申报信息（报名号 ${existing.application_no}），请直接查看或修改申报信息。` } }, status: 409 };
    }
    return { kind: 'answer', answer: parsed.answers };
  },
};

/** The carried selection, as a query string for step 2 ('' when nothing rode along). */
export const carriedSelection = (source: unknown) => selectionQuery(readSelection(source));

export function bureauSummary(a: BureauAnswers, refs: SummaryRefs): SummarySection {
  return {
    title: '注册机构', step: 'bureau',
    rows: [
      { key: 'province', label: '所在省', value: refs.provinceName },
      { key: 'city', label: '所在市', value: refs.cityName },
      { key: 'stage', label: '现任教学段', value: refs.codeName('teachingStage', a.stage) },
      { key: 'subject', label: '现任教学科', value: a.subjectOther ? `其他（${a.subjectOther}）` : refs.codeName('subject', a.subject) },
      { key: 'bureau', label: '注册机构', value: refs.bureauName },
      { key: 'point', label: '确认点', value: refs.pointName },
    ],
  };
}
