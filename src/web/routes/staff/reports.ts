import { Router, Response } from 'express';
import type { Container } from '../../../container';
import { BUSINESS_SHORT_LABELS } from '../../../domain/business';
import { planBusiness, planOptionName, reportStatusGroups, type ReportQuery } from '../../../domain/reportFilter';
import { text, texts } from '../../../domain/validation';
import type { ParsedReport } from '../../../services/reports';
import { paths } from '../../paths';
import { renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';
import { statisticsSections } from '../../viewModels/statistics';
import { describeError } from '../../../domain/logRedaction';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The GET forms' values as typed (kept on the page, bad ones included, so the message sits beside them). */
const readQuery = (q: unknown): ReportQuery => ({
  plan: text(q, 'plan', 12), point: text(q, 'point', 12), status: texts(q, 'status').slice(0, 20).map((s) => s.trim().slice(0, 20)),
});

/**
 * 数据导出 and 统计 of a bureau's applications: 机构管理员 and 注册机构审核员 see their bureau's, a 确认点操作员 only their
 * point's (the scope is applied in the repository). Both are plain GET forms; a bad filter value is a 400 page with
 * the message by its field and the form as typed, never an empty or widened result.
 */
export function staffReportsRouter(c: Container): Router {
  const router = Router();
  const { reports } = c.services;
  const mayReport = requireRole('bureau_admin', 'reviewer', 'operator');
  const actor = staffOf;

  async function exportPage(res: Response, q: ReportQuery, parsed: ParsedReport, status = 200) {
    const count = parsed.ok ? await reports.count(staffOf(res.req), parsed.filter) : null;
    const errors = parsed.ok || !parsed.plans.length ? {} : parsed.errors;
    // The statuses follow the chosen plan's business; with no plan, or a status to correct, all of them in named groups.
    const chosen = parsed.ok ? parsed.plan : parsed.plans.find((p) => String(p.id) === q.plan);
    const business = errors.status ? null : planBusiness(chosen);
    renderPage(res, 'pages/staff/export', {
      title: '数据导出', q, points: parsed.points, count, statusGroups: reportStatusGroups(business), businessLabel: business ? BUSINESS_SHORT_LABELS[business] : null,
      plans: parsed.plans.map((p) => ({ code: p.id, name: planOptionName(p) })),
      planId: parsed.ok ? String(parsed.filter.planId) : q.plan, errors, fieldOrder: ['plan', 'point', 'status'],
    }, status);
  }

  router.get(paths.staffExport, mayReport, async (req, res) => {
    // 选择 (or, with htmx, a changed plan): the list follows the new plan, so boxes of the other business are left out.
    const changingPlan = text(req.query, 'action', 10) === 'plan';
    const typed = readQuery(req.query);
    const parsed = await reports.parse(actor(req), typed, { latestByDefault: true, dropForeignStatuses: changingPlan });
    const q = parsed.ok && changingPlan ? { ...typed, status: [...parsed.filter.statuses] } : typed;
    await exportPage(res, q, parsed, parsed.ok || !parsed.plans.length ? 200 : 400);
  });

  router.get(paths.staffExportDownload, mayReport, async (req, res) => {
    const q = readQuery(req.query);
    const parsed = await reports.parse(actor(req), q, { latestByDefault: false });
    if (!parsed.ok) return exportPage(res, q, parsed, 400);
    const name = reports.fileName(parsed.plan);
    res.status(200).set({
      'Content-Type': XLSX,
      'Content-Disposition': `attachment; filename="applications-${parsed.plan.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    });
    // A download broken off makes the response emit errors on later writes; they must not reach the process.
    res.on('error', () => undefined);
    try {
      await reports.exportTo(actor(req), parsed, res, { ip: req.ip ?? null });
    } catch (err) {
      if (!res.headersSent) throw err;
      console.error(`[export] failed after the download began: ${describeError(err, true)}`);
      res.destroy();
    }
  });

  router.get(paths.staffStats, mayReport, async (req, res) => {
    const q = readQuery(req.query);
    const parsed = await reports.parse(actor(req), { ...q, point: '', status: [] }, { latestByDefault: true });
    const base = { title: '统计', q, plans: parsed.plans, fieldOrder: ['plan'] };
    if (!parsed.ok) return renderPage(res, 'pages/staff/stats', { ...base, planId: q.plan, sections: [], plan: null, total: 0, errors: parsed.plans.length ? parsed.errors : {} }, parsed.plans.length ? 400 : 200);
    const stats = await reports.statistics(actor(req), parsed);
    renderPage(res, 'pages/staff/stats', {
      ...base, planId: String(parsed.plan.id), plan: parsed.plan, total: stats.total, sections: statisticsSections(stats, parsed.plan.title),
      scopeNote: actor(req).role === 'operator' ? `仅统计本确认点（${parsed.points[0]?.name ?? ''}）的报名信息。` : '统计本机构的全部报名信息。',
    });
  });

  return router;
}
