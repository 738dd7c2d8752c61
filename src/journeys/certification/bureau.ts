import type { Step } from '../engine';
import type { AccountRow } from '../../repositories/accounts';
import type { Cascade } from '../../services/places';
import { text } from '../../domain/validation';
import type { FieldErrors } from '../../domain/validation';
import { meetsKindergartenLevel } from '../../domain/putonghua';
import { CERTIFICATION_MESSAGES as MSG } from '../../domain/certification/notices';
import { STAGE_OF_QUALIFICATION } from './types';
import type { CertificationAnswers, CertificationDeps, CertificationSummarySection } from './types';
import { identityChoices, proofOf } from './identity';

type BureauAnswer = NonNullable<CertificationAnswers['bureau']>;
export const CERT_BUREAU_FIELDS = ['address', 'provinceCode', 'cityCode', 'qualificationCode', 'bureauId', 'pointId'] as const;
/** 步骤三's selection as typed so far (`q`: the 确认点 search). */
export type CertSelection = Record<(typeof CERT_BUREAU_FIELDS)[number], string> & { q: string };
export const ADDRESS_MAX = 100;

export function readCertSelection(source: unknown): CertSelection {
  return {
    address: text(source, 'address', 120).trim(), provinceCode: text(source, 'provinceCode', 6), cityCode: text(source, 'cityCode', 6),
    qualificationCode: text(source, 'qualificationCode', 2), bureauId: text(source, 'bureauId', 10), pointId: text(source, 'pointId', 10), q: text(source, 'q', 30),
  };
}
export function selectionOf(b: BureauAnswer | undefined): CertSelection {
  return b ? { address: b.address, provinceCode: b.provinceCode, cityCode: b.cityCode, qualificationCode: b.qualificationCode, bureauId: String(b.bureauId), pointId: String(b.pointId), q: '' }
    : { address: '', provinceCode: '', cityCode: '', qualificationCode: '', bureauId: '', pointId: '', q: '' };
}

/** The 资格种类 a county system offers (all but 高等学校), as the plan's 学段 decides who takes them. */
export async function qualificationOptions(deps: CertificationDeps) {
  return (await deps.reference.list('qualification')).filter((q) => q.code in STAGE_OF_QUALIFICATION);
}

/** The shared cascade of 定期注册, for 认定's plans and points, the 学段 being the 资格种类's. */
export const certificationCascade = (deps: CertificationDeps, sel: CertSelection): Promise<Cascade> =>
  deps.places.cascade({ provinceCode: sel.provinceCode, cityCode: sel.cityCode, stage: STAGE_OF_QUALIFICATION[sel.qualificationCode] ?? '', subject: '', bureauId: sel.bureauId, pointId: sel.pointId, q: '' }, 'certification');

/** What the proof and the 普通话 certificate of step 2 ask of the 资格种类. */
export interface BureauConstraints { proofQualification: string | null; putonghuaLevel: string | null }

/** Step 3's rules over what the cascade offers now (its three messages on the 认定机构), the proof and 普通话. */
export function parseCertificationBureau(sel: CertSelection, c: Cascade, qualifications: string[], points: string[], rules: BureauConstraints):
  { answer: BureauAnswer; errors?: undefined } | { errors: FieldErrors; answer?: undefined } {
  const errors: FieldErrors = {};
  if (!sel.address) errors.address = MSG.address;
  else if ([...sel.address].length > ADDRESS_MAX) errors.address = MSG.addressTooLong;
  if (!c.provinces.some((p) => p.code === sel.provinceCode)) errors.provinceCode = MSG.province;
  else if (!c.cities.some((p) => p.code === sel.cityCode)) errors.cityCode = MSG.city;
  if (!qualifications.includes(sel.qualificationCode)) errors.qualificationCode = MSG.qualification;
  else if (rules.proofQualification && rules.proofQualification !== sel.qualificationCode) errors.qualificationCode = MSG.qualificationMismatch;
  else if (sel.qualificationCode === '1' && rules.putonghuaLevel && !meetsKindergartenLevel(rules.putonghuaLevel)) errors.qualificationCode = MSG.kindergartenPutonghua;
  if (!errors.provinceCode && !errors.cityCode && !errors.qualificationCode) {
    if (!c.bureaus.some((b) => b.code === sel.bureauId)) errors.bureauId = MSG.bureau;
    else if (c.windowProblem) errors.bureauId = c.windowProblem;
    else if (!points.includes(sel.pointId)) errors.pointId = MSG.point;
  }
  if (Object.keys(errors).length || !c.plan) return { errors: Object.keys(errors).length ? errors : { bureauId: MSG.bureau } };
  return {
    answer: {
      provinceCode: sel.provinceCode, cityCode: sel.cityCode, address: sel.address, qualificationCode: sel.qualificationCode,
      bureauId: Number(sel.bureauId), planId: c.plan.id, pointId: Number(sel.pointId),
    },
  };
}

/** Checks a selection against everything (used by step 3 and by 修改). */
export async function checkBureau(deps: CertificationDeps, account: AccountRow, answers: CertificationAnswers, sel: CertSelection) {
  const [cascade, qualifications, choices] = await Promise.all([certificationCascade(deps, sel), qualificationOptions(deps), identityChoices(deps, account)]);
  const points = /^\d+$/.test(sel.bureauId) ? (await deps.places.pointsOf(Number(sel.bureauId), 'certification')).map((p) => String(p.id)) : [];
  const proof = answers.identity ? proofOf(answers.identity, choices) : null;
  const putonghua = choices.putonghua.find((p) => p.id === answers.identity?.putonghuaId);
  return parseCertificationBureau(sel, cascade, qualifications.map((q) => q.code), points, { proofQualification: proof?.qualification_code ?? null, putonghuaLevel: putonghua?.level ?? null });
}

/** Everything the step shows besides the selection. */
export async function bureauView(deps: CertificationDeps, sel: CertSelection) {
  const [cascade, qualifications] = await Promise.all([deps.places.cascade({ provinceCode: sel.provinceCode, cityCode: sel.cityCode, stage: STAGE_OF_QUALIFICATION[sel.qualificationCode] ?? '', subject: '', bureauId: sel.bureauId, pointId: sel.pointId, q: sel.q }, 'certification'), qualificationOptions(deps)]);
  return { sel, cascade, qualifications, windowText: cascade.windowText };
}

/** 步骤三 选择认定机构: 认定所在地详细地址 and 省 → 市 → 资格种类 → 认定机构 → 确认点 (查询 without JavaScript, htmx with it). */
export const bureauStep: Step<CertificationAnswers, CertificationDeps> = {
  id: 'bureau',
  title: '选择认定机构',
  view: 'pages/certify/bureau',
  invalidates: ['review', 'notes'],
  fieldOrder: CERT_BUREAU_FIELDS,
  async load({ draft, deps }, extra) {
    return bureauView(deps, (extra.sel as CertSelection | undefined) ?? selectionOf(draft.answers.bureau));
  },
  async submit({ account, draft, input, deps }) {
    const sel = readCertSelection(input.body);
    if (text(input.body, 'action', 20) === 'refresh') return { kind: 'show', extra: { sel }, status: 200 };
    const parsed = await checkBureau(deps, account, draft.answers, sel);
    if (parsed.errors) return { kind: 'show', extra: { sel, errors: parsed.errors }, status: 422 };
    const existing = await deps.applications.existingForPlan(account.id, parsed.answer.planId);
    if (existing) return { kind: 'show', extra: { sel, errors: { _form: `您已经填写了认定申报信息（报名号 ${existing.application_no}），请在“查询认定报名信息”中查看或修改。` } }, status: 409 };
    return { kind: 'answer', answer: parsed.answer };
  },
};

export function bureauSummary(b: BureauAnswer, refs: { provinceName: string; cityName: string; bureauName: string; pointName: string }): CertificationSummarySection {
  return {
    title: '认定机构', step: 'bureau',
    rows: [
      { key: 'address', label: '认定所在地详细地址', value: b.address },
      { key: 'province', label: '所在省', value: refs.provinceName },
      { key: 'city', label: '所在市', value: refs.cityName },
      { key: 'bureau', label: '认定机构', value: refs.bureauName },
      { key: 'point', label: '确认点', value: refs.pointName },
    ],
  };
}
