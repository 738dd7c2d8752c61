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
