import type { AccountRow } from '../repositories/accounts';
import type { FieldErrors } from '../domain/validation';

/**
 * The journey engine (design.md "The wizard's step contract"): a journey is an ordered list of step modules;
 * the rules here (numbering, resume, no skipping, clearing answers that depended on a changed one, where a
 * step goes next) are the same for every business. `web/journeyRouter.ts` mounts a journey at a base path.
 */

/** Answers so far, by step id. A journey narrows it to its own interface. */
export type AnswerMap = Record<string, unknown>;

import type { Draft } from '../domain/draft';
import type { ImageInput } from '../services/images';
export type { Draft };

/** The request as a step sees it: no Express, so steps stay testable. */
export interface StepInput {
  method: 'GET' | 'POST';
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** An uploaded file (the path of its temporary copy; bytes in unit tests), or null. */
  file(field: string): ImageInput | null;
  /** Why an upload to this field was refused (too large, not a file), or null. */
  fileError(field: string): string | null;
  fromReview: boolean;
  ip: string | null;
}

export interface StepContext<A extends object, D> {
  account: AccountRow;
  draft: Draft<A>;
  input: StepInput;
  deps: D;
}

/** What a POST leads to. */
export type StepOutcome =
  /** Valid: the engine stores the answer (clearing what depended on the old one) and goes to the next step. */
  | { kind: 'answer'; answer: unknown; carry?: string }
  /** Valid, and the step stored the draft itself (an upload and the draft in one transaction). */
  | { kind: 'saved' }
  /** Show the step again (errors, or a secondary button such as 查询) with these extra view values. */
  | { kind: 'show'; extra: Record<string, unknown>; status: number }
  | { kind: 'redirect'; to: string };

export interface Step<A extends object, D> {
  id: string;
  title: string;
  /** The template, e.g. pages/apply/details. */
  view: string;
  /** The step's form carries a file. */
  multipart?: boolean;
  /** Later steps whose answers depend on this one and are cleared when it changes. */
  invalidates?: string[];
  /** The final step submits: it stores no answer, and a journey resumes there once everything else is answered. */
  final?: boolean;
  /** Field names in the form's order, for the error summary. */
  fieldOrder?: readonly string[];
  load(ctx: StepContext<A, D>, extra: Record<string, unknown>): Promise<Record<string, unknown>>;
  submit(ctx: StepContext<A, D>): Promise<StepOutcome>;
  /** Runs on POST before the journey rule: a retried final submission, after its draft became an application. */
  retry?(ctx: StepContext<A, D>): Promise<StepOutcome | null>;
}

export interface Journey<A extends object, D> {
  /** Drafts are keyed by (account, id). */
  id: string;
  title: string;
  steps: Step<A, D>[];
  /** The step 修改 links on the review step return to. */
  reviewStep: string;
  /** What a link into the journey may carry to its first steps (e.g. a selection from 网报时间查询), as a query string. */
  carry?(query: Record<string, unknown>): string;
  /** The page after submission (its number is the last step's + 1): null when the number is not the account's. */
  receipt: { title: string; view: string; load(account: AccountRow, no: string, deps: D): Promise<Record<string, unknown> | null> };
}

export interface StepRef { id: string; number: number; title: string }

export const stepNumber = <A extends object, D>(j: Journey<A, D>, id: string): number => j.steps.findIndex((s) => s.id === id) + 1;
export const stepByNumber = <A extends object, D>(j: Journey<A, D>, n: number): Step<A, D> | undefined =>
  Number.isInteger(n) && n >= 1 ? j.steps[n - 1] : undefined;
export const stepRefs = <A extends object, D>(j: Journey<A, D>): StepRef[] => j.steps.map((s, i) => ({ id: s.id, number: i + 1, title: s.title }));

const answered = (answers: object, id: string) => Boolean((answers as AnswerMap)[id]);

/** The first step not yet answered: where a returning applicant resumes (the final step when all are answered). */
export function resumeStep<A extends object, D>(j: Journey<A, D>, answers: A): Step<A, D> {
  return j.steps.find((s) => !s.final && !answered(answers, s.id)) ?? j.steps[j.steps.length - 1];
}

/** The journey rule, in one place: a step opens only when every step before it is answered. */
export function mayOpen<A extends object, D>(j: Journey<A, D>, step: Step<A, D>, answers: A): boolean {
  return j.steps.slice(0, j.steps.indexOf(step)).every((s) => answered(answers, s.id));
}

/** Saves one step's answer and clears the answers that depended on the old one (an unchanged answer clears nothing). */
export function withAnswer<A extends object, D>(j: Journey<A, D>, answers: A, id: string, value: unknown): A {
  const step = j.steps.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step ${id}`);
  return withStepAnswer(step, answers, value);
}

/** The same, for a step that stores its own answer (an upload and the draft in one transaction). */
export function withStepAnswer<A extends object, D>(step: Step<A, D>, answers: A, value: unknown): A {
  const old = (answers as AnswerMap)[step.id];
  const next = { ...answers, [step.id]: value } as AnswerMap;
  if (JSON.stringify(old) !== JSON.stringify(value)) for (const later of step.invalidates ?? []) delete next[later];
  return next as A;
}

/** Where a valid POST goes: the next step, or back to the review step when it came from a 修改 link there. */
export function nextStepNumber<A extends object, D>(j: Journey<A, D>, step: Step<A, D>, fromReview: boolean): number {
  const n = stepNumber(j, step.id);
  const review = stepNumber(j, j.reviewStep);
  return fromReview && n < review ? review : n + 1;
}

export function emptyDraft<A extends object>(): Draft<A> {
  return { answers: {} as A };
}

/** A step's errors, for the `show` outcome. */
export const showErrors = (errors: FieldErrors, extra: Record<string, unknown> = {}, status = 422): StepOutcome =>
  ({ kind: 'show', extra: { ...extra, errors }, status });
