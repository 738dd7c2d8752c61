import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { localDate } from '../domain/dates';
import { removeFilesOlderThan } from './staleFiles';
import { jobPlace, makeJobId } from '../domain/jobId';
import { readCell, CellValue } from '../domain/importCells';
import {
  IMPORT_LIMITS, IMPORT_MESSAGES, ImportKind, ImportLists, isBlankRow, KEY_LABELS, KIND_LABELS, mapHeader, naturalKey, validateRow,
} from '../domain/importKinds';
import type { StaffPrincipal } from '../domain/principal';
import { fail, ok, Result } from '../domain/validation';
import type { ImportsRepo, NumberedRow, RowOutcome } from '../repositories/imports';
import type { AuditService } from './audit';
import { ImportFileError, openImportFile, OpenedFile } from './importFiles';
import { describeError } from '../domain/logRedaction';

export type ImportJobState = 'checking' | 'checked' | 'importing' | 'done' | 'failed';
export interface ImportCounts { rows: number; accepted: number; refused: number; created: number; updated: number; unchanged: number }
export interface RefusedRow { rowNumber: number; reason: string }

/** What the pages show of a job. */
export interface ImportJobView {
  id: string; kind: ImportKind; kindLabel: string; fileName: string; format: 'xlsx' | 'csv' | null; encoding: string | null;
  state: ImportJobState;
  /** Progress of the running phase, 0–100 (the dry run by bytes read, the import by rows written). */
  percent: number;
  /** The dry run's counts (what would happen), and the import's (what happened) once it has run. */
  planned: ImportCounts; done: ImportCounts;
  refusedRows: RefusedRow[]; ignoredColumns: string[]; error: string | null;
  bureauName: string | null; createdAt: Date; finishedAt: Date | null;
}

interface ImportJob extends ImportJobView {
  staffId: number; actor: StaffPrincipal; ip: string | null; bureauId: number | null;
  upload: string | null; validFile: string;
}

const KEEP_MS = 60 * 60 * 1000;
const zero = (): ImportCounts => ({ rows: 0, accepted: 0, refused: 0, created: 0, updated: 0, unchanged: 0 });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const logged = (err: unknown) => console.error(`[import] ${describeError(err, true)}`);

/**
 * 数据导入 jobs. A job is a dry run first (every row read and checked, against the database too, nothing written;
 * the valid rows go to a temporary file), then, when its owner confirms, the import: one transaction per batch of
 * 1,000 rows, the event loop free between batches so applicants' pages keep answering.
 *
 * Decision (as for 批量打印): jobs live in this process's memory. A restart loses a job: a dry run is simply done
 * again; an import stops after its last committed batch (each batch is committed whole), and importing the same
 * file again finishes it, as rows already written are found unchanged. Jobs run one at a time per process.
 */
export function createImportJobService(deps: {
  db: Knex; imports: ImportsRepo; audit: AuditService; clock: Clock; timeZone: string; lists: () => Promise<ImportLists>; workDir?: string;
  /** This process's tag, carried by every job id (domain/jobId.ts). */
  instance: string;
}) {
  const { db, imports, audit, clock, timeZone, instance } = deps;
  const workDir = deps.workDir ?? path.join(os.tmpdir(), 'tr-imports');
  fs.mkdirSync(workDir, { recursive: true });
  // Files of jobs a stopped process left behind (jobs live in memory, so nothing will read them); a day old, so a
  // second process sharing the directory keeps its own.
  removeFilesOlderThan(workDir, 24 * 3600_000);
  const jobs = new Map<string, ImportJob>();
  let queue: Promise<void> = Promise.resolve();

  const remove = (file: string | null) => { if (file) fs.rm(file, { force: true }, () => undefined); };
  function sweep() {
    const now = clock.now().getTime();
    for (const [id, job] of jobs) {
      // Finished jobs an hour after the end; checked jobs never confirmed an hour after the upload.
      const since = job.state === 'checked' ? job.createdAt : job.finishedAt;
      if (since && job.state !== 'checking' && job.state !== 'importing' && now - since.getTime() > KEEP_MS) {
        remove(job.validFile);
        jobs.delete(id);
      }
    }
  }

  function refuse(job: ImportJob, counts: ImportCounts, rowNumber: number, reason: string) {
    counts.refused += 1;
    if (job.refusedRows.length < IMPORT_LIMITS.refusedShown) job.refusedRows.push({ rowNumber, reason });
  }
  /** Adds a batch's outcomes to `counts`; answers the rows refused against the database. */
  function count(counts: ImportCounts, batch: NumberedRow<ImportKind>[], outcomes: RowOutcome[]): RefusedRow[] {
    const refused: RefusedRow[] = [];
    outcomes.forEach((o, i) => {
      if (o.kind === 'refused') refused.push({ rowNumber: batch[i].rowNumber, reason: o.reason });
      else {
        counts.accepted += 1;
        counts[o.kind === 'new' ? 'created' : o.kind] += 1;
      }
    });
    return refused;
  }

  /** The dry run: reads, checks and classifies every row; valid rows are kept (one JSON line each) for the import. */
  async function check(job: ImportJob) {
    const out = fs.createWriteStream(job.validFile);
    const planCtx = { now: clock.now().toISOString(), bureauId: job.bureauId };
    let opened: OpenedFile | null = null;
    try {
      const ctx = { lists: await deps.lists(), today: localDate(clock.now(), timeZone), now: clock.now() };
      opened = await openImportFile(job.upload as string, job.fileName);
      job.format = opened.format;
      job.encoding = opened.encoding;
      let columns: Record<string, number> | null = null;
      const seen = new Map<string, number>();
      let batch: NumberedRow<ImportKind>[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const outcomes = await imports.plan(job.kind, batch, planCtx);
        for (const r of count(job.planned, batch, outcomes)) refuse(job, job.planned, r.rowNumber, r.reason);
        const lines = batch.filter((_, i) => outcomes[i].kind !== 'refused').map((r) => JSON.stringify(r)).join('\n');
        if (lines && !out.write(`${lines}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        batch = [];
        job.percent = Math.min(99, Math.floor((opened!.bytesRead() / opened!.totalBytes) * 100));
        await tick();
      };
      for await (const { rowNumber, cells: raw } of opened.rows()) {
        const cells: CellValue[] = [];
        const problems: string[] = [];
        raw.forEach((c, i) => {
          const r = readCell(c);
          cells[i] = r.ok ? r.value : null;
          if (!r.ok) problems.push(`第${i + 1}列${r.reason}`);
        });
        if (!columns) {
          if (isBlankRow(cells)) continue;
          const header = mapHeader(job.kind, cells.map((c) => (c === null ? '' : String(c))));
          if (!header.ok) throw new ImportFileError(header.reason);
          columns = header.columns;
          job.ignoredColumns = header.ignored;
          continue;
        }
        if (isBlankRow(cells) && !problems.length) continue;
        job.planned.rows += 1;
        if (job.planned.rows > IMPORT_LIMITS.rows) throw new ImportFileError(IMPORT_MESSAGES.tooManyRows);
        const result = validateRow(job.kind, cells, columns, ctx);
        if (!result.ok || problems.length) {
          refuse(job, job.planned, rowNumber, [...problems, ...(result.ok ? [] : [result.reason])].join('；'));
          continue;
        }
        const key = naturalKey(job.kind, result.row);
        const first = seen.get(key);
        if (first !== undefined) { refuse(job, job.planned, rowNumber, IMPORT_MESSAGES.duplicate(KEY_LABELS[job.kind], first)); continue; }
        seen.set(key, rowNumber);
        batch.push({ rowNumber, row: result.row });
        if (batch.length >= IMPORT_LIMITS.batch) await flush();
      }
      if (!columns) throw new ImportFileError(IMPORT_MESSAGES.empty);
      await flush();
      if (job.planned.rows === 0) throw new ImportFileError(IMPORT_MESSAGES.noRows);
      job.state = 'checked';
      job.percent = 100;
    } catch (err) {
      job.state = 'failed';
      job.error = err instanceof ImportFileError ? err.message : IMPORT_MESSAGES.checkFailed;
      if (!(err instanceof ImportFileError)) console.error(`[import] dry run ${job.id} failed: ${describeError(err, true)}`);
      job.finishedAt = clock.now();
    } finally {
      await new Promise<void>((resolve) => out.end(() => resolve()));
      remove(job.upload); // the valid rows are what the import reads; the upload is not needed any more
      job.upload = null;
      if (job.state === 'failed') remove(job.validFile); // nothing will import them: not left for the sweep
    }
  }

  /** The import: the dry run's valid rows, 1,000 per transaction; the audit rows go in the first and the last. */
  async function runImport(job: ImportJob) {
    const ctx = { now: clock.now().toISOString(), bureauId: job.bureauId };
    const detail = (counts: ImportCounts) => ({ kind: job.kind, file: job.fileName, bureau: job.bureauName, ...counts });
    let written = 0;
    let pending: NumberedRow<ImportKind>[] = [];
    let started = false;
    const write = async (batch: NumberedRow<ImportKind>[], last: boolean) => {
      // Counted on a copy: a batch whose transaction fails has changed nothing, and neither do the counts.
      const next = { ...job.done };
      let refused: RefusedRow[] = [];
      await db.transaction(async (trx) => {
        const outcomes = await imports.apply(job.kind, batch, trx, ctx);
        refused = count(next, batch, outcomes);
        next.refused += refused.length;
        next.rows = next.accepted + next.refused;
        if (!started) await audit.record(job.actor, 'data.import', { target: `import:${job.kind}`, detail: { ...detail(job.planned), phase: 'started' }, ip: job.ip }, trx);
        if (last) await audit.record(job.actor, 'data.import', { target: `import:${job.kind}`, detail: { ...detail(next), phase: 'finished' }, ip: job.ip }, trx);
      });
      job.done = next;
      for (const r of refused) if (job.refusedRows.length < IMPORT_LIMITS.refusedShown) job.refusedRows.push(r);
      started = true;
      written += batch.length;
      job.percent = Math.min(99, Math.floor((written / Math.max(1, job.planned.accepted)) * 100));
      await tick();
    };
    try {
      const lines = readline.createInterface({ input: fs.createReadStream(job.validFile), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        pending.push(JSON.parse(line) as NumberedRow<ImportKind>);
        if (pending.length > IMPORT_LIMITS.batch) {
          await write(pending.slice(0, IMPORT_LIMITS.batch), false);
          pending = pending.slice(IMPORT_LIMITS.batch);
        }
      }
      await write(pending, true);
      job.state = 'done';
      job.percent = 100;
    } catch (err) {
      job.state = 'failed';
      job.error = IMPORT_MESSAGES.failed;
      console.error(`[import] ${job.id} failed after ${written} rows: ${describeError(err, true)}`);
      // The batches written are audited already (the row of the first); this row says where it stopped. If it cannot
      // be written either, the database is away: logged, as the job has nothing left to undo.
      await audit.record(job.actor, 'data.import', { target: `import:${job.kind}`, detail: { ...detail(job.done), phase: 'failed', written }, ip: job.ip })
        .catch((e: unknown) => console.error(`[import] ${job.id}: the failure's audit row was not written: ${describeError(e)}`));
    } finally {
      job.finishedAt = clock.now();
      remove(job.validFile);
    }
  }

  const view = (job: ImportJob): ImportJobView => ({
    id: job.id, kind: job.kind, kindLabel: job.kindLabel, fileName: job.fileName, format: job.format, encoding: job.encoding, state: job.state,
    percent: job.percent, planned: { ...job.planned }, done: { ...job.done }, refusedRows: job.refusedRows, ignoredColumns: job.ignoredColumns,
    error: job.error, bureauName: job.bureauName, createdAt: job.createdAt, finishedAt: job.finishedAt,
  });

  function owned(actor: StaffPrincipal, id: string): ImportJob | undefined {
    sweep();
    const job = jobPlace(id, instance) === 'here' ? jobs.get(id) : undefined;
    return job && job.staffId === actor.staffId ? job : undefined;
  }
  const running = (j: ImportJob) => j.state === 'checking' || j.state === 'importing';

  return {
    /** Starts the dry run of an uploaded file (the service owns the file from now on and deletes it). */
    async check(actor: StaffPrincipal, input: { kind: ImportKind; filePath: string; fileName: string; bureau: { id: number; name: string } | null }, ip: string | null): Promise<Result<ImportJobView>> {
      sweep();
      if ([...jobs.values()].some((j) => j.staffId === actor.staffId && running(j))) {
        remove(input.filePath);
        return fail({ file: IMPORT_MESSAGES.busy });
      }
      const id = makeJobId(instance, randomUUID());
      const job: ImportJob = {
        id, kind: input.kind, kindLabel: KIND_LABELS[input.kind], fileName: input.fileName.slice(0, 200), format: null, encoding: null,
        state: 'checking', percent: 0, planned: zero(), done: zero(), refusedRows: [], ignoredColumns: [], error: null,
        bureauName: input.bureau?.name ?? null, createdAt: clock.now(), finishedAt: null,
        staffId: actor.staffId, actor, ip, bureauId: input.bureau?.id ?? null, upload: input.filePath, validFile: path.join(workDir, `${id}.ndjson`),
      };
      // A person's older jobs that were checked but never imported are dropped with their files.
      for (const [oldId, old] of jobs) if (old.staffId === actor.staffId && old.state === 'checked') { remove(old.validFile); jobs.delete(oldId); }
      jobs.set(id, job);
      queue = queue.then(() => check(job)).catch(logged); // a job never stops the ones after it
      return ok(view(job));
    },

    /** Confirms a checked job: its valid rows are imported. */
    start(actor: StaffPrincipal, id: string): Result<ImportJobView> | undefined {
      const job = owned(actor, id);
      if (!job) return undefined;
      if (job.state !== 'checked') return fail({ _form: '该导入任务不能再次执行，请重新上传文件' });
      if (job.planned.accepted === 0) return fail({ _form: '没有可以导入的行' });
      job.state = 'importing';
      job.percent = 0;
      queue = queue.then(() => runImport(job)).catch(logged);
      return ok(view(job));
    },

    /** Drops a checked job that will not be imported. */
    discard(actor: StaffPrincipal, id: string): boolean {
      const job = owned(actor, id);
      if (!job || running(job)) return false;
      remove(job.validFile);
      jobs.delete(id);
      return true;
    },

    get(actor: StaffPrincipal, id: string): ImportJobView | undefined {
      const job = owned(actor, id);
      return job ? view(job) : undefined;
    },

    /** The id names a job another process made (another instance, or this one before a restart). */
    elsewhere: (id: string): boolean => jobPlace(id, instance) === 'elsewhere',

    bureaus: () => imports.bureaus(),
    /** Deletes an upload that will not be checked (its form had other errors). */
    discardUpload: (file: string) => fs.promises.rm(file, { force: true }),
    workDir,
    /** Resolves when every job started so far has finished its phase (tests, bench). */
    idle: (): Promise<void> => queue,
  };
}
export type ImportJobService = ReturnType<typeof createImportJobService>;
