import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { batchTimeoutMs, PRINT_BATCH_MAX, tooMany } from '../domain/printBatch';
import { jobPlace, makeJobId } from '../domain/jobId';
import type { StaffPrincipal } from '../domain/principal';
import { fail, ok, Result } from '../domain/validation';
import type { ApplicationFormService } from '../pdf/applicationForms';
import { isPdfUnavailable } from '../pdf/applicationForms';
import { FORM_MESSAGES } from '../pdf/messages';
import type { ApplicationRow } from '../repositories/applications';
import type { QueueFilter } from '../repositories/staffQueue';
import type { ApplicationsService } from './applications';
import type { AuditService } from './audit';
import { describeError } from '../domain/logRedaction';

export type PrintJobState = 'queued' | 'rendering' | 'done' | 'failed';

/** What the progress page shows of a job (never the rows themselves). */
export interface PrintJobView {
  id: string;
  state: PrintJobState;
  /** Forms whose data is ready, of `total`; all of them once the PDF exists. */
  prepared: number;
  total: number;
  /** What was printed, in words (所选 n 条 / 网报待确认 …). */
  label: string;
  createdAt: Date;
  finishedAt: Date | null;
  /** The Chinese reason a failed job gives. */
  error: string | null;
  bytes: number;
  /** Its PDF was downloaded whole and deleted from the server (it holds full ID and mobile numbers of many people). */
  downloaded: boolean;
}

interface PrintJob extends PrintJobView {
  staffId: number;
  rows: ApplicationRow[];
  /** The finished PDF, on disk (tens of MB each: in memory they would be the server's RSS for 30 minutes). */
  file: string | null;
}

/** What a batch prints: the ticked 报名号, or everything a list's filter shows (its scope applied by the repository). */
export type PrintRequest = { nos: string[] } | { filter: QueueFilter; label: string };

/** How long a finished job (and its PDF) is kept for its owner, and how many unfinished jobs one person may have. */
const KEEP_MS = 30 * 60 * 1000;
const OPEN_JOBS_PER_STAFF = 2;
const JOBS_PER_STAFF = 10;

export const PRINT_MESSAGES = {
  busy: `您已有${OPEN_JOBS_PER_STAFF}个批量打印任务正在生成，请等待完成后再提交`,
  empty: '没有符合条件的报名信息，无需打印',
  notFound: (nos: string[]) => `以下报名号未找到或不属于您的办理范围：${nos.slice(0, 10).join('、')}${nos.length > 10 ? ` 等${nos.length}条` : ''}`,
  failed: '生成申请表时出错，请稍后重试',
} as const;

/**
 * 批量打印申请表: a staff user's print job renders up to 200 applications into one PDF (two copies each) in the
 * background, and its owner watches the progress and downloads the result.
 *
 * Jobs live in this process's memory and their PDFs in a temporary directory of this process (README: a job and its
 * PDF are lost on restart and, behind a load balancer without sticky sessions, not found on another instance): the
 * PDF is a transient print file, not a record, and a table holding tens of megabytes of PDF per job would cost more
 * than re-pressing 批量打印.
 * Jobs run one at a time, so a batch holds at most one of the pool's pages and applicants' downloads keep the rest.
 * The applications are chosen, in the staff user's scope, when the job is created: what the list showed is what prints.
 */
export function createPrintJobService(deps: {
  applications: ApplicationsService; forms: ApplicationFormService; audit: AuditService; clock: Clock;
  /** 认定 applications print on their own form (pdf/certificationForms.ts); a staff list holds one business. */
  renderCertifications?: (rows: ApplicationRow[], opts: { timeoutMs?: number; onForm?: () => void }) => Promise<Buffer>;
  config: Pick<Config, 'pdfTimeoutMs'>;
  /** This process's tag, carried by every job id (domain/jobId.ts). */
  instance: string;
}) {
  const { applications, forms, audit, clock, config, instance } = deps;
  const jobs = new Map<string, PrintJob>();
  let queue: Promise<void> = Promise.resolve();
  let dir: string | null = null;
  const directory = () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tr-print-')));

  function drop(job: PrintJob) {
    jobs.delete(job.id);
    if (job.file) fs.rm(job.file, { force: true }, () => undefined);
  }

  /** Finished jobs past their time are dropped (lazily: no timer keeps the process or a test alive). */
  function sweep() {
    const now = clock.now().getTime();
    for (const job of jobs.values()) if (job.finishedAt && now - job.finishedAt.getTime() > KEEP_MS) drop(job);
  }

  async function run(job: PrintJob) {
    job.state = 'rendering';
    try {
      const opts = { timeoutMs: batchTimeoutMs(config.pdfTimeoutMs, job.total), onForm: () => { job.prepared += 1; } };
      const pdf = job.rows[0]?.business === 'certification' && deps.renderCertifications
        ? await deps.renderCertifications(job.rows, opts) : await forms.renderPdf(job.rows, opts);
      const file = path.join(directory(), `${job.id}.pdf`);
      await fs.promises.writeFile(file, pdf, { mode: 0o600 }); // full ID and mobile numbers: readable by this user only
      job.file = file;
      job.prepared = job.total;
      job.bytes = pdf.length;
      job.state = 'done';
    } catch (err) {
      job.state = 'failed';
      job.error = isPdfUnavailable(err) ? FORM_MESSAGES.unavailable : PRINT_MESSAGES.failed;
      console.error(`[pdf] print job ${job.id} (${job.total} forms) failed: ${describeError(err)}`);
    } finally {
      job.rows = []; // the rows are not needed any more; the PDF is what is kept
      job.finishedAt = clock.now();
    }
  }

  const view = (job: PrintJob): PrintJobView => ({
    id: job.id, state: job.state, prepared: job.prepared, total: job.total, label: job.label, createdAt: job.createdAt,
    finishedAt: job.finishedAt, error: job.error, bytes: job.bytes, downloaded: job.downloaded,
  });

  /** The job if `actor` made it: anyone else (another point's clerk, a colleague) gets nothing, as for an unknown id. */
  function owned(actor: StaffPrincipal, id: string): PrintJob | undefined {
    sweep();
    const job = jobPlace(id, instance) === 'here' ? jobs.get(id) : undefined;
    return job && job.staffId === actor.staffId ? job : undefined;
  }

  return {
    async create(actor: StaffPrincipal, request: PrintRequest, ip: string | null): Promise<Result<PrintJobView>> {
      sweep();
      const mine = [...jobs.values()].filter((j) => j.staffId === actor.staffId);
      if (mine.filter((j) => !j.finishedAt).length >= OPEN_JOBS_PER_STAFF) return fail({ print: PRINT_MESSAGES.busy });
      let rows: ApplicationRow[];
      let label: string;
      if ('nos' in request) {
        if (request.nos.length > PRINT_BATCH_MAX) return fail({ print: tooMany(request.nos.length) });
        const found = await Promise.all(request.nos.map((no) => applications.staff.find(actor, no)));
        const missing = request.nos.filter((_, i) => !found[i]);
        if (missing.length) return fail({ print: PRINT_MESSAGES.notFound(missing) });
        rows = found as ApplicationRow[];
        label = `勾选的 ${rows.length} 条报名信息`;
      } else {
        const list = await applications.staff.queue(actor, request.filter, 1, PRINT_BATCH_MAX);
        if (list.total > PRINT_BATCH_MAX) return fail({ print: tooMany(list.total) });
        if (list.total === 0) return fail({ print: PRINT_MESSAGES.empty });
        // The list carries what a list shows; the forms need each application whole.
        const whole = await Promise.all([...list.rows].sort((a, b) => a.application_no.localeCompare(b.application_no)).map((r) => applications.staff.find(actor, r.application_no)));
        rows = whole.filter((r): r is ApplicationRow => Boolean(r));
        label = `${request.label}（${rows.length} 条）`;
      }
      if (rows.length === 0) return fail({ print: PRINT_MESSAGES.empty });
      const job: PrintJob = {
        id: makeJobId(instance, randomUUID()), staffId: actor.staffId, state: 'queued', prepared: 0, total: rows.length, label, rows, file: null,
        createdAt: clock.now(), finishedAt: null, error: null, bytes: 0, downloaded: false,
      };
      // The oldest finished jobs of this person make room (their PDFs are the memory this holds).
      const finished = mine.filter((j) => j.finishedAt).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      for (let kept = mine.length; finished.length && kept >= JOBS_PER_STAFF; kept -= 1) drop(finished.shift() as PrintJob);
      // Printing shows full ID and mobile numbers of many people at once: who printed which forms is audited, and the
      // job exists only once its audit row does (a failed audit write leaves no job behind).
      await audit.record(actor, 'application.print', { detail: { forms: rows.length, what: label, nos: rows.map((r) => r.application_no) }, ip });
      jobs.set(job.id, job);
      queue = queue.then(() => run(job));
      return ok(view(job));
    },

    get: (actor: StaffPrincipal, id: string): PrintJobView | undefined => {
      const job = owned(actor, id);
      return job ? view(job) : undefined;
    },

    /** Where the finished PDF is (a file of this process), for its owner only. */
    pdfFile: (actor: StaffPrincipal, id: string): string | undefined => owned(actor, id)?.file ?? undefined,

    /**
     * The PDF reached its owner whole: the file is deleted now rather than after KEEP_MS (issue 13: a print file of
     * full ID and mobile numbers is not left on disk once used). The job stays, to say so on its page.
     */
    delivered(actor: StaffPrincipal, id: string): void {
      const job = owned(actor, id);
      if (!job?.file) return;
      fs.rm(job.file, { force: true }, () => undefined);
      job.file = null;
      job.downloaded = true;
    },

    /** The id names a job another process made (another instance, or this one before a restart). */
    elsewhere: (id: string): boolean => jobPlace(id, instance) === 'elsewhere',

    /** Resolves when every job created so far has finished (tests, shutdown). */
    idle: (): Promise<void> => queue,
  };
}
export type PrintJobService = ReturnType<typeof createPrintJobService>;
