import type { Answers, SummaryRefs, SummarySection } from './types';
import { bureauSummary } from './bureau';
import { detailsSummary } from './details';

export * from './types';
export * from './steps';
export * from './bureau';
export * from './details';

/** What step 4 shows, the staff view reviews and the 申请表 prints: one source, so they cannot drift. */
export function summarySections(answers: Answers, refs: SummaryRefs): SummarySection[] {
  const sections: SummarySection[] = [];
  if (answers.bureau) sections.push(bureauSummary(answers.bureau, refs));
  if (answers.details) sections.push(...detailsSummary(answers.details, refs));
  return sections;
}
