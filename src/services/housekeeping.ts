import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { HousekeepingRepo } from '../repositories/housekeeping';
import { draftExpired, draftFileIds, draftPlanId, RetentionDays, UNREFERENCED_FILE_GRACE_MS } from '../domain/housekeeping';

const BATCH = 500;

/**
 * Removes what nobody needs any more: drafts of plans that have ended and old outbox rows (retention), and uploads (photos replaced on the wizard's step 3, photos of forms never
 * sent) that no row and no draft references once they are a day old. A day is far longer than a session, so
 * a photo uploaded on a form still being filled in is never taken from under it.
 */
export function createHousekeepingService(deps: { db: Knex; repo: HousekeepingRepo; clock: Clock; retention: RetentionDays }) {
  const { db, repo, retention } = deps;
  const service = {
    /** Deletes unreferenced files older than `olderThanMs`; returns how many. Safe to run on several instances at once. */
    async purgeUnreferencedFiles(olderThanMs = UNREFERENCED_FILE_GRACE_MS): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - olderThanMs).toISOString();
      let afterId = 0;
      let deleted = 0;
      for (;;) {
        const { count, lastId, more } = await db.transaction(async (trx) => {
          const candidates = await repo.unreferencedFiles(before, afterId, BATCH, trx);
          if (!candidates.length) return { count: 0, lastId: afterId, more: false };
          // Files without an owner could sit in anyone's draft (none do today): then read every draft.
          const owners = candidates.some((c) => c.account_id === null) ? null : [...new Set(candidates.map((c) => c.account_id as number))];
          const kept = new Set<number>();
          const keptOwners = new Set<number>();
          for (const draft of await repo.drafts(owners, trx)) {
            const ids = draftFileIds(draft.data);
            if (ids === null) keptOwners.add(Number(draft.account_id));
            else ids.forEach((id) => kept.add(id));
          }
          const doomed = candidates.filter((c) => !kept.has(c.id) && !(c.account_id !== null && keptOwners.has(c.account_id))).map((c) => c.id);
          const count = doomed.length ? await repo.deleteUnreferenced(doomed, trx) : 0;
          return { count, lastId: candidates[candidates.length - 1].id, more: candidates.length === BATCH };
        });
        deleted += count;
        afterId = lastId;
        if (!more) return deleted;
      }
    },

    /**
     * Retention (个人信息处理告知 states it): drafts whose plan ended more than `retention.drafts` days ago (without a
     * plan: untouched that long) are deleted, a page of drafts at a time, each page in one transaction; a draft saved
     * again meanwhile is kept. Their photos become unreferenced and go with the next file purge.
     */
    async removeExpiredDrafts(): Promise<number> {
      const now = deps.clock.now();
      const ends = await repo.planEnds(db);
      let after: { accountId: number; journey: string } | null = null;
      let removed = 0;
      for (;;) {
        const page = await repo.draftsAfter(after, BATCH, db);
        if (!page.length) return removed;
        const doomed = page.filter((d) => {
          const planId = draftPlanId(d.data);
          return draftExpired({ planEnd: planId === null ? null : ends.get(planId) ?? null, updatedAt: d.updated_at }, now, retention.drafts);
        });
        if (doomed.length) removed += await db.transaction((trx) => repo.deleteDrafts(doomed, trx));
        const last = page[page.length - 1];
        after = { accountId: last.account_id, journey: last.journey };
        if (page.length < BATCH) return removed;
      }
    },

    /** Sent SMS and e-mail copies (the outbox: development, tests, ALLOW_OUTBOX_IN_PRODUCTION) older than `retention.outbox` days, in batches. */
    async removeOldOutbox(): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - retention.outbox * 24 * 3600_000).toISOString();
      let removed = 0;
      for (;;) {
        const n = await repo.deleteOutboxBefore(before, BATCH, db);
        removed += n;
        if (n < BATCH) return removed;
      }
    },

    /** One housekeeping run: retention first (it frees photos), then the unreferenced uploads. Answers the counts. */
    async run(): Promise<{ drafts: number; outbox: number; files: number }> {
      const drafts = await service.removeExpiredDrafts();
      const outbox = await service.removeOldOutbox();
      const files = await service.purgeUnreferencedFiles();
      return { drafts, outbox, files };
    },
  };
  return service;
}
export type HousekeepingService = ReturnType<typeof createHousekeepingService>;

/**
 * Runs housekeeping every `intervalMs` (the first run one minute after start, or sooner for a short interval),
 * never two runs at once, without keeping the process alive. Returns a stop function.
 */
export function startHousekeeping(service: Pick<HousekeepingService, 'run'>, intervalMs: number, log: (message: string) => void = console.log): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const n = await service.run();
      if (n.drafts || n.outbox || n.files) {
        log(`[housekeeping] removed ${n.drafts} draft(s) of ended plans, ${n.outbox} outbox row(s), ${n.files} unreferenced upload(s)`);
      }
    } catch (err) {
      log(`[housekeeping] failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(intervalMs, 60_000));
  const every = setInterval(() => void run(), intervalMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
