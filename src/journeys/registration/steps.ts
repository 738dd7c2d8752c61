import type { Answers, StepDefinition, StepId } from './types';

/** Step order and names as in seed 000 (its order wins over older manuals). */
export const STEPS: StepDefinition[] = [
  { id: 'agreement', number: 1, title: '网上申报协议', invalidates: [] },
  { id: 'bureau', number: 2, title: '选择注册机构', invalidates: ['review', 'notes'] },
  { id: 'details', number: 3, title: '填写注册信息', invalidates: ['review'] },
  { id: 'review', number: 4, title: '确认申报信息', invalidates: [] },
  { id: 'notes', number: 5, title: '注意事项', invalidates: [] },
  { id: 'promise', number: 6, title: '提交注册申请', invalidates: [] },
];
export const RECEIPT_TITLE = '申报提醒';

export function stepByNumber(n: number): StepDefinition | undefined {
  return STEPS.find((s) => s.number === n);
}

export function stepById(id: StepId): StepDefinition {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step ${id}`);
  return step;
}

/** The first step not yet answered: where a returning applicant resumes. The promise step has no stored answer. */
export function resumeStep(answers: Answers): StepDefinition {
  return STEPS.find((s) => s.id !== 'promise' && !answers[s.id as keyof Answers]) ?? stepById('promise');
}

/** The journey rule, in one place: a step opens only when every step before it is answered. */
export function mayOpen(step: StepDefinition, answers: Answers): boolean {
  return STEPS.filter((s) => s.number < step.number).every((s) => Boolean(answers[s.id as keyof Answers]));
}

/** Saves one step's answer and clears the answers that depended on the old one. */
export function withAnswer<K extends keyof Answers>(answers: Answers, id: K, value: Answers[K]): Answers {
  const next: Answers = { ...answers, [id]: value };
  const changed = JSON.stringify(answers[id]) !== JSON.stringify(value);
  if (changed) for (const later of stepById(id as StepId).invalidates) delete next[later as keyof Answers];
  return next;
}
