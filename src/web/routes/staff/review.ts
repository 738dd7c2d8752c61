import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import { actionInputsOf, actionLabelsOf, isStatusOf, STATUS, statusesOf } from '../../../domain/applicationStatus';
import { CERTIFICATION_STATUS } from '../../../domain/certification/statuses';
import { BUSINESSES, BUSINESS_SHORT_LABELS, isBusiness, type Business } from '../../../domain/business';
import { parseId, text, texts } from '../../../domain/validation';
import { BULK_MAX, BulkAction, BulkItem, bulkActionsOf } from '../../../services/applications';
import { PRINT_BATCH_MAX } from '../../../domain/printBatch';
import { submitPrint } from '../../printSubmission';
import type { QueueFilter } from '../../../repositories/staffQueue';
import { paths } from '../../paths';
import { renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';

const REG_TYPES = ['首次注册', '定期注册'] as const;
const PAGE_SIZES = [20, 50, 100, BULK_MAX] as const;

/** The queue's query string as typed: what the filter form shows again and every link keeps. */
interface QueueQuery { business: string; point: string; stage: string; regType: string; status: string; size: string }
const QUERY_KEYS = ['business', 'point', 'stage', 'regType', 'status', 'size'] as const;

/** The status a business's queue opens on: what waits for the reviewer. */
const AWAITING: Record<Business, string> = { registration: STATUS.awaitingApproval, certification: CERTIFICATION_STATUS.awaitingApproval };

/** A checkbox value "报名号:版本" (the version the reviewer saw), or null. */
function bulkItem(value: string): BulkItem | null {
  const m = /^(\d{8}):([1-9]\d{0,8})$/.exec(value);
  return m ? { no: m[1], version: Number(m[2]) } : null;
}

/**
 * 注册审核 (注册机构审核员): the bureau's queue, 待注册审批 by default, with filters (确认点, 学段, 注册类型), counts by
 * status and paging; and the bulk conclusion of the rows ticked on it. One application's conclusion is the
 * application page's (routes/staff/applications.ts, partials/staff/review-actions.ejs).
 */
export function staffReviewRouter(c: Container): Router {
  const router = Router();
  const { applications, places, reference, printJobs } = c.services;
  const reviewer = requireRole('reviewer');
  const actor = staffOf;

  /** The filter in force: unknown or foreign values (another bureau's point, a made-up 学段) are dropped, never an error. */
  async function readQuery(req: Request, source: unknown) {
    const q: QueueQuery = {
      business: text(source, 'business', 20), point: text(source, 'point', 10), stage: text(source, 'stage', 4), regType: text(source, 'regType', 10),
      status: text(source, 'status', 20), size: text(source, 'size', 4),
    };
    const points = actor(req).bureauId ? await places.allPointsOf(actor(req).bureauId as number) : [];
    const stages = await reference.list('teachingStage');
    const pointId = parseId(q.point);
    const business: Business = isBusiness(q.business) ? q.business : 'registration';
    q.business = business;
    const filter: QueueFilter = { business };
    if (pointId !== null && points.some((p) => p.id === pointId)) filter.pointId = pointId; else q.point = '';
    if (stages.some((s) => s.code === q.stage)) filter.stage = q.stage; else q.stage = '';
    // 注册类型 is 定期注册's; a 认定 queue drops it.
    if (business === 'registration' && (REG_TYPES as readonly string[]).includes(q.regType)) filter.regType = q.regType; else q.regType = '';
    // 待注册审批 / 待认定审批 unless another status of the business (or 全部: "all") is asked for.
    if (q.status === 'all') filter.status = undefined;
    else { if (!isStatusOf(business, q.status)) q.status = AWAITING[business]; filter.status = q.status; }
    const size = PAGE_SIZES.find((n) => String(n) === q.size) ?? PAGE_SIZES[0];
    q.size = String(size);
    return { q, filter, size, points, stages, business };
  }

  /** The queue page; `data` carries a failed bulk form's errors and what was typed and ticked. */
  async function show(req: Request, res: Response, source: unknown, data: Record<string, unknown> = {}, status = 200) {
    const { q, filter, size, points, stages, business } = await readQuery(req, source);
    const requested = parseId(text(source, 'page', 6)) ?? 1;
    let list = await applications.staff.queue(actor(req), filter, requested, size);
    if (requested > list.pages) list = await applications.staff.queue(actor(req), filter, list.pages, size);
    const names = await reference.namer(['teachingStage', 'qualification']);
    const certification = business === 'certification';
    const labels = actionLabelsOf(business);
    const pointNames = new Map(points.map((p) => [p.id, p.name]));
    const link = (change: Partial<QueueQuery> & { page?: number }) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...q, ...change })) if (v !== '' && v !== undefined) params.set(k, String(v));
      return `${paths.staffReview}?${params.toString()}`;
    };
    renderPage(res, 'pages/staff/review/index', {
      title: certification ? '认定审核' : '注册审核', q, points, stages, regTypes: REG_TYPES, pageSizes: PAGE_SIZES, link, certification,
      businesses: BUSINESSES.map((b) => ({ code: b, label: BUSINESS_SHORT_LABELS[b] })), statusWord: certification ? '认定状态' : '注册结论',
      statuses: statusesOf(business), counts: list.counts, total: list.total, page: list.page, pages: list.pages,
      rows: list.rows.map((r) => ({
        no: r.application_no, version: r.version, name: r.applicant_name ?? '', idNumber: r.id_number, point: r.point_id ? pointNames.get(r.point_id) ?? '' : '',
        stage: r.teaching_stage ? names('teachingStage', r.teaching_stage) : '',
        regType: certification ? (r.qualification_code ? names('qualification', r.qualification_code) : '') : r.reg_type ?? '', status: r.status,
      })),
      bulkActions: bulkActionsOf(business).map((a) => ({ action: a, label: labels[a], reason: actionInputsOf(business)[a].reason })),
      bulkMax: BULK_MAX, printMax: PRINT_BATCH_MAX,
      printCopies: await c.services.certificationForms.batchCopiesText(business, actor(req).bureauId), selected: [], values: {}, fieldOrder: ['no', 'action', 'reason', 'print'], ...data,
    }, status);
  }

  router.get('/staff/review', reviewer, (req, res) => show(req, res, req.query));

  // 批量审核: every ticked row at the version shown, one transaction each; the answer is a summary, row by row.
  router.post('/staff/review/bulk', reviewer, async (req, res) => {
    const action = text(req.body, 'action', 20);
    const reason = text(req.body, 'reason', 600);
    const raw = texts(req.body, 'no');
    const typedBusiness = text(req.body, 'business', 20);
    const business: Business = isBusiness(typedBusiness) ? typedBusiness : 'registration';
    const values = { action, reason };
    const again = (errors: Record<string, string>) => show(req, res, req.body, { values, errors, selected: raw.slice(0, BULK_MAX) }, 422);
    if (!(bulkActionsOf(business) as readonly string[]).includes(action)) return again({ action: business === 'certification' ? '请选择认定结论' : '请选择注册结论' });
    if (raw.length === 0) return again({ no: '请至少选择一条报名信息' });
    if (raw.length > BULK_MAX) return again({ no: `一次最多办理${BULK_MAX}条报名信息` });
    const items = raw.map(bulkItem);
    const valid = items.filter((i): i is BulkItem => i !== null);
    const result = await applications.staff.transitionMany(actor(req), valid, action as BulkAction, { reason, ip: req.ip ?? null, business });
    if (!result.ok) return again(result.errors);
    // Unreadable checkbox values (a tampered form) are listed as failures, by what was sent.
    const malformed = raw.filter((_, i) => items[i] === null).map((v) => ({ no: v.slice(0, 20), ok: false as const, name: '', message: '报名号格式不正确' }));
    const outcomes = [...result.value, ...malformed];
    renderPage(res, 'pages/staff/review/bulk-result', {
      title: '批量审核结果', actionLabel: actionLabelsOf(business)[action as BulkAction], reason, outcomes,
      statusWord: business === 'certification' ? '认定状态' : '注册结论', reviewTitle: business === 'certification' ? '认定审核' : '注册审核',
      succeeded: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length,
      back: `${paths.staffReview}?${new URLSearchParams(QUERY_KEYS.map((k) => [k, text(req.body, k, 20)] as [string, string]).filter(([, v]) => v)).toString()}`,
    });
  });

  // 批量打印申请表 from the same form (its own button): the ticked rows, or everything the filter in force shows.
  router.post(paths.staffReviewPrint, reviewer, async (req, res) => {
    const raw = texts(req.body, 'no');
    const again = (message: string) => show(req, res, req.body, {
      errors: { print: message }, selected: raw.slice(0, PRINT_BATCH_MAX),
      values: { action: text(req.body, 'action', 20), reason: text(req.body, 'reason', 600) },
    }, 422);
    await submitPrint(req, res, printJobs, {
      ticked: raw, again,
      byFilter: async () => {
        const { q, filter } = await readQuery(req, req.body);
        return { filter, label: `${q.business === 'certification' ? '教师资格认定 ' : ''}${q.status === 'all' ? '全部报名信息' : q.status}${q.point || q.stage || q.regType ? '（按筛选条件）' : ''}` };
      },
    });
  });

  return router;
}
