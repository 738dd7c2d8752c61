import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { DraftsRepo } from '../repositories/drafts';
import type { FilesRepo } from '../repositories/files';
import type { Draft } from '../domain/draft';
import { normaliseApplicantPhoto, ImageInput } from './images';

/** A step's verdict once the photo (if any) is settled: its answer, or its errors. */
export type PhotoStepVerdict<T> = { answer: T; errors?: undefined } | { errors: Record<string, string>; answer?: undefined };

/**
 * Wizard drafts in the database, one per (account, journey), written at every step: they survive logout,
 * restart and a closed browser. A step with a photo stores a valid upload in the same transaction as the
 * draft, even when its other fields still have errors, so the photo is never uploaded twice.
 */
export function createDraftService(deps: { db: Knex; drafts: DraftsRepo; files: FilesRepo; clock: Clock }) {
  const nowIso = () => deps.clock.now().toISOString();
  const service = {
    async find<A extends object>(accountId: number, journey: string): Promise<Draft<A>> {
      const empty = { answers: {} as A };
      const row = await deps.drafts.find(accountId, journey);
      if (!row) return empty;
      try {
        const parsed = JSON.parse(row.data) as Draft<A>;
        return parsed && typeof parsed === 'object' && parsed.answers ? parsed : empty;
      } catch {
        return empty;
      }
    },
    save: <A extends object>(accountId: number, journey: string, draft: Draft<A>, trx?: Knex.Transaction) =>
      deps.drafts.save(accountId, journey, JSON.stringify(draft), nowIso(), trx),
    remove: (accountId: number, journey: string, trx?: Knex.Transaction) => deps.drafts.remove(accountId, journey, trx),

    /**
     * Normalises an upload (any decodable image → the national photo spec), stores it, then asks the step
     * for its verdict with the photo id now known. `persist` (the draft save) runs in the same transaction; without
   * a new photo there is nothing else to write, and it runs alone.
     */
    async withPhoto<T>(accountId: number, current: number | null, upload: ImageInput | null, uploadError: string | null,
      verdict: (photoFileId: number | null) => PhotoStepVerdict<T>,
      persist?: (result: { verdict: PhotoStepVerdict<T>; newPhotoId: number | null }, trx?: Knex.Transaction) => Promise<void>):
      Promise<{ verdict: PhotoStepVerdict<T>; newPhotoId: number | null }> {
      let photoError = uploadError;
      let photo: { data: Buffer; width: number; height: number; mime: string } | null = null;
      if (upload && !photoError) {
        const normalised = await normaliseApplicantPhoto(upload);
        if (normalised.ok) photo = normalised.value;
        else photoError = normalised.errors.file;
      }
      const settle = (newPhotoId: number | null) => {
        const result = verdict(newPhotoId ?? current);
        return { verdict: photoError ? { errors: { ...(result.errors ?? {}), photo: photoError } } : result, newPhotoId };
      };
      if (!photo) {
        // Nothing to store but the draft: one statement, no transaction (the step 3 POST of every teacher who
        // keeps the photo already uploaded; issue 8).
        const outcome = settle(null);
        if (persist) await persist(outcome);
        return outcome;
      }
      const stored = photo;
      return deps.db.transaction(async (trx) => {
        const newPhotoId = await deps.files.insert({
          kind: 'photo', mime: stored.mime, size: stored.data.length, width: stored.width, height: stored.height,
          data: stored.data, account_id: accountId, created_at: nowIso(),
        }, trx);
        const outcome = settle(newPhotoId);
        if (persist) await persist(outcome, trx);
        return outcome;
      });
    },

    /**
     * Stores already-normalised uploads (a step with several files: 认定's photo and signature) and runs `persist`
     * (the draft save) with their ids in the same transaction; without any, `persist` runs alone. Ids keep the
     * order given (null where no image was given).
     */
    async withFiles(accountId: number, images: ReadonlyArray<{ kind: string; data: Buffer; width: number; height: number; mime: string } | null>,
      persist: (ids: Array<number | null>, trx?: Knex.Transaction) => Promise<void>): Promise<Array<number | null>> {
      if (images.every((i) => i === null)) {
        const none = images.map(() => null);
        await persist(none);
        return none;
      }
      return deps.db.transaction(async (trx) => {
        const ids: Array<number | null> = [];
        for (const image of images) {
          ids.push(image ? await deps.files.insert({
            kind: image.kind, mime: image.mime, size: image.data.length, width: image.width, height: image.height, data: image.data, account_id: accountId, created_at: nowIso(),
          }, trx) : null);
        }
        await persist(ids, trx);
        return ids;
      });
    },

    /** A photo this account uploaded (a pending photo carried by a form is only honoured when it is theirs). */
    ownPhoto: async (accountId: number, fileId: number | null) => (fileId && (await deps.files.findForAccount(fileId, accountId)) ? fileId : null),
    photoOf: (accountId: number, fileId: number) => deps.files.findForAccount(fileId, accountId),
  };
  return service;
}
export type DraftService = ReturnType<typeof createDraftService>;
