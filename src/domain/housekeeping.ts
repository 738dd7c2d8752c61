/** Uploads nobody uses are kept this long: a photo uploaded on a form still being filled in is not yet referenced. */
export const UNREFERENCED_FILE_GRACE_MS = 24 * 3600_000;

/**
 * The file ids a wizard draft (drafts.data) holds: `pendingPhotoFileId`, `answers.details.photoFileId`, and
 * any other key ending in "FileId" at any depth, so a field added to a draft later is safe by default.
 * `null` when the draft cannot be read: its owner's uploads must then be kept.
 */
export function draftFileIds(json: string): number[] | null {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  const ids: number[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (/FileId$/i.test(key) && (typeof inner === 'number' || (typeof inner === 'string' && /^\d+$/.test(inner)))) ids.push(Number(inner));
        else walk(inner);
      }
    }
  };
  walk(data);
  return ids;
}

/**
 * The plan a wizard draft was started for (`answers.bureau.planId`, chosen on step 2), or null when the draft has
 * none yet or cannot be read: such a draft is judged by its own age instead (retention).
 */
export function draftPlanId(json: string): number | null {
  try {
    const id = (JSON.parse(json) as { answers?: { bureau?: { planId?: unknown } } })?.answers?.bureau?.planId;
    return typeof id === 'number' && Number.isInteger(id) ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : null;
  } catch {
    return null;
  }
}

export interface RetentionDays { drafts: number; outbox: number }

/**
 * Whether a draft has outlived its use: its plan ended (confirmation end) more than `days` ago, or, with no plan
 * (none chosen yet, an unreadable draft, a plan since removed), it has not been touched for `days`. A draft can only
 * ever be submitted into its plan, so once the plan is over it holds personal data (and a photo) for nothing.
 */
export function draftExpired(draft: { planEnd: string | null; updatedAt: string }, now: Date, days: number): boolean {
  const cutoff = now.getTime() - days * 24 * 3600_000;
  const reference = draft.planEnd ?? draft.updatedAt;
  return new Date(reference).getTime() < cutoff;
}
