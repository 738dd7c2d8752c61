import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from './excel';
import type { Clock } from '../clock';
import { statusesOf } from '../domain/applicationStatus';
import { localDate } from '../domain/dates';
import { EXPORT_COLUMNS, EXPORT_HEADERS, exportRow, ExportEvent, ExportNames } from '../domain/exportColumns';
import { idTypeName } from '../domain/identity';
import { scopeOf, StaffPrincipal } from '../domain/principal';
import { parseReportQuery, ReportFilter, ReportQuery, submissionsPerDay } from '../domain/reportFilter';
import type { FieldErrors } from '../domain/validation';
import type { ReportPlan, ReportPoint, ReportsRepo } from '../repositories/reports';
import type { AuditService } from './audit';
import type { ReferenceDataService } from './referenceData';
import { DEFAULT_SITE_NAME } from '../config';

/** Rows read from the database per query while exporting: small enough to hold, large enough to be quick. */
export const EXPORT_PAGE_SIZE = 500;

export interface ReportChoices { plans: ReportPlan[]; points: ReportPoint[] }
export type ParsedReport = ReportChoices & ({ ok: true; filter: ReportFilter; plan: ReportPlan } | { ok: false; errors: FieldErrors });

export interface CountRow { label: string; n: number }
export interface Statistics {
  total: number;
  byStatus: CountRow[]; byPoint: CountRow[]; byStage: CountRow[];
  byStageAndSubject: (CountRow & { stage: string; subject: string })[];
  byDay: CountRow[];
}

/** The local date of a stored instant, or '' when it is not one (a chart must not fail on a malformed window). */
function localDay(iso: string, timeZone: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : localDate(d, timeZone);
}

/** A stream that may hold more than it should: Node's own, or readable-stream 2's (archiver's), which lacks the getters. */
interface Drainable { once(event: 'drain', fn: () => void): unknown; off?(event: 'drain', fn: () => void): unknown; removeListener(event: 'drain', fn: () => void): unknown; writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } }
const needsDrain = (s: Drainable) => Boolean(s.writableNeedDrain ?? s._writableState?.needDrain);

/** Resolves when `stream` has passed on what it holds (or `out`, the download, is gone). */
function drained(stream: Drainable, out: Writable): Promise<void> {
  if (!needsDrain(stream) || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { stream.removeListener('drain', done); out.off('close', done); resolve(); };
    stream.once('drain', done);
    out.once('close', done);
  });
}

/**
 * The stream between a streaming worksheet and the zip: exceljs hands the sheet's XML to archiver through a
 * PassThrough (readable-stream 2), writing without waiting, and deflate takes one chunk per turn of the event loop.
 * Rows committed faster than that pile up there (measured: +230 MB and no byte out until the end for 100,000 rows), so
 * the export waits for it to drain after each page. Internal to exceljs 4.4 (worksheet.stream is its StreamBuf,
 * pipes[0] archiver's PassThrough); if a later version changes that, the export still works, only without this wait.
 */
function sheetPipe(sheet: ExcelJS.Worksheet): Drainable | null {
  const pipe = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Drainable | undefined;
  return pipe && typeof pipe.once === 'function' && (typeof pipe.writableNeedDrain === 'boolean' || typeof pipe._writableState === 'object') ? pipe : null;
}

/** 数据导出 (applications to .xlsx, streamed) and 统计 (counts by status, point, 学段/学科 and day), in the user's scope. */
export function createReportsService(deps: { reports: ReportsRepo; reference: ReferenceDataService; audit: AuditService; clock: Clock; timeZone: string }) {
  const { reports, reference, audit, timeZone } = deps;

  async function choices(actor: StaffPrincipal): Promise<ReportChoices> {
    const scope = scopeOf(actor);
    const [plans, points] = await Promise.all([reports.plansOf(scope), reports.pointsOf(scope)]);
    return { plans, points };
  }

  async function names(): Promise<ExportNames> {
    const namer = await reference.namer(['ethnicity']);
    return {
      sex: (code) => (code === '1' ? '男' : code === '2' ? '女' : ''),
      ethnicity: (code) => (code ? namer('ethnicity', code) : ''),
      idType: (code) => (code ? idTypeName(code) : ''),
    };
  }

  const service = {
    choices,

    /**
     * The typed filter checked against what this user may choose; `latestByDefault`: an empty plan means the newest;
     * `dropForeignStatuses`: statuses of another business than the plan's are left out instead of refused.
     */
    async parse(actor: StaffPrincipal, query: ReportQuery, opts: { latestByDefault: boolean; dropForeignStatuses?: boolean }): Promise<ParsedReport> {
      const c = await choices(actor);
      const parsed = parseReportQuery(query, {
        plans: c.plans, pointIds: c.points.map((p) => p.id), defaultPlanId: opts.latestByDefault ? c.plans[0]?.id ?? null : null, dropForeignStatuses: opts.dropForeignStatuses,
      });
      if (!parsed.ok) return { ...c, ok: false, errors: parsed.errors };
      return { ...c, ok: true, filter: parsed.filter, plan: c.plans.find((p) => p.id === parsed.filter.planId) as ReportPlan };
    },

    count: (actor: StaffPrincipal, filter: ReportFilter) => reports.count(scopeOf(actor), filter),

    /**
     * Writes the applications of the filter to `out` as an .xlsx, streamed: pages of EXPORT_PAGE_SIZE rows by id, each
     * page's rows committed to exceljs's streaming writer and the next page read only once `out` has taken the last
     * (so memory stays flat whatever the count, and the single SQLite connection is free between pages). The audit row
     * (who, which plan, point and statuses, how many rows) is written first, so an export broken off is audited too.
     * Returns the rows written and whether the file was finished (false when the download was abandoned).
     */
    async exportTo(actor: StaffPrincipal, parsed: Extract<ParsedReport, { ok: true }>, out: Writable, opts: { ip?: string | null; pageSize?: number; onPage?: (rows: number) => void } = {}) {
      const scope = scopeOf(actor);
      const { filter, plan } = parsed;
      const total = await reports.count(scope, filter);
      await audit.record(actor, 'application.export', {
        target: `plan:${plan.id}`, ip: opts.ip ?? null,
        detail: { plan: plan.title, point: filter.pointId === null ? null : parsed.points.find((p) => p.id === filter.pointId)?.name ?? String(filter.pointId), statuses: filter.statuses, rows: total },
      });
      const n = await names();
      // Inline strings (a shared-strings table would hold every distinct value until the end) and no styles (they
      // made writing 2.5 times slower; column widths and the frozen header row need none).
      const excel = loadExcel();
      const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
      workbook.creator = DEFAULT_SITE_NAME;
      const sheet = workbook.addWorksheet('报名信息', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
      sheet.addRow([...EXPORT_HEADERS]).commit();
      let written = 0;
      let afterId = 0;
      const pageSize = opts.pageSize ?? EXPORT_PAGE_SIZE;
      for (;;) {
        if (out.destroyed) return { rows: written, complete: false };
        const rows = await reports.page(scope, filter, afterId, pageSize);
        if (!rows.length) break;
        const events = new Map<number, ExportEvent[]>();
        for (const e of await reports.eventsOf(rows.map((r) => r.id))) {
          const list = events.get(e.application_id) ?? [];
          list.push(e);
          events.set(e.application_id, list);
        }
        for (const r of rows) sheet.addRow(exportRow({ ...r, events: events.get(r.id) ?? [] }, n, timeZone)).commit();
        written += rows.length;
        afterId = rows[rows.length - 1].id;
        opts.onPage?.(written);
        // Bytes go out before the next page is read: the zip has taken this page, and the download has taken the zip's output.
        const pipe = sheetPipe(sheet);
        if (pipe) await drained(pipe, out);
        else await new Promise((resolve) => setImmediate(resolve));
        await drained(out as Drainable, out);
        if (rows.length < pageSize) break;
      }
      if (out.destroyed) return { rows: written, complete: false };
      sheet.commit();
      await workbook.commit();
      return { rows: written, complete: true };
    },

    /** The file name a download gets: 报名信息_<plan>_<date>.xlsx (characters file systems refuse replaced). */
    fileName(plan: ReportPlan): string {
      return `报名信息_${plan.title.replace(/[\\/:*?"<>|\s]+/g, '_')}_${localDate(deps.clock.now(), timeZone)}.xlsx`;
    },

    /** 统计 of one plan: one GROUP BY per table, named and ordered for display (zeros kept where the list is fixed). */
    async statistics(actor: StaffPrincipal, parsed: Extract<ParsedReport, { ok: true }>): Promise<Statistics> {
      const scope = scopeOf(actor);
      const f = parsed.filter;
      const [status, point, stage, stageSubject, hours, name, stages, subjects] = await Promise.all([
        reports.byStatus(scope, f), reports.byPoint(scope, f), reports.byStage(scope, f), reports.byStageAndSubject(scope, f), reports.byHour(scope, f),
        reference.namer(['teachingStage', 'subject']), reference.list('teachingStage'), reference.list('subject'),
      ]);
      const get = (rows: { key: string | null; n: number }[], key: string | null) => rows.find((r) => r.key === key)?.n ?? 0;
      const total = status.reduce((s, r) => s + r.n, 0);
      const byPoint: CountRow[] = parsed.points.map((p) => ({ label: p.active ? p.name : `${p.name}（已停用）`, n: get(point, String(p.id)) }));
      const noPoint = point.filter((r) => r.key === null || !parsed.points.some((p) => String(p.id) === r.key)).reduce((s, r) => s + r.n, 0);
      if (noPoint) byPoint.push({ label: '未选择确认点', n: noPoint });
      const stageOrder = (code: string | null) => { const i = stages.findIndex((s) => s.code === code); return i < 0 ? stages.length : i; };
      const subjectOrder = (code: string | null) => { const i = subjects.findIndex((s) => s.code === code); return i < 0 ? subjects.length : i; };
      const unknownStages = stage.filter((r) => !stages.some((s) => s.code === r.key));
      return {
        total,
        // The plan's business decides the statuses counted (a 认定 plan: 待认定审批, 认定通过 …).
        byStatus: statusesOf(parsed.plan.business).map((s) => ({ label: s, n: get(status, s) })),
        byPoint,
        byStage: [...stages.map((s) => ({ label: s.name, n: get(stage, s.code) })), ...unknownStages.map((r) => ({ label: r.key ? name('teachingStage', r.key) : '未填写', n: r.n }))],
        byStageAndSubject: [...stageSubject]
          .sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage) || subjectOrder(a.subject) - subjectOrder(b.subject))
          .map((r) => {
            const stageName = r.stage ? name('teachingStage', r.stage) : '未填写';
            const subjectName = r.subject ? name('subject', r.subject) : '未填写';
            return { stage: stageName, subject: subjectName, label: `${stageName} · ${subjectName}`, n: r.n };
          }),
        byDay: submissionsPerDay(hours, timeZone, localDay(parsed.plan.online_start, timeZone), localDay(parsed.plan.online_end, timeZone))
          .map((d) => ({ label: d.day, n: d.n })),
      };
    },
  };
  return service;
}
export type ReportsService = ReturnType<typeof createReportsService>;
