import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import { isStatusOf } from '../../../domain/applicationStatus';
import { isBusiness } from '../../../domain/business';
import { normaliseIdNumber, parseApplicationNo, parsePage } from '../../../domain/counter';
import type { FieldErrors } from '../../../domain/validation';
import { text, texts } from '../../../domain/validation';
import { PRINT_BATCH_MAX } from '../../../domain/printBatch';
import { submitPrint } from '../../printSubmission';
import { M } from '../../../messages';
import { paths } from '../../paths';
import { renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';
import { businessFilters, counterRows, CounterQuery, pager, statusFilters } from '../../viewModels/counter';

/**
 * 现场确认 (the counter): a 报名号 field with focus — a barcode scanner types the number from the printed 申请表 and
 * presses Enter, a plain GET form, so it works without JavaScript — and the point's applications (the repository
 * scopes them to the operator's point) with status filters and counts, paging, and search by 证件号码 or 姓名.
 */
export function staffCounterRouter(c: Container): Router {
  const router = Router();
  const { applications, reference, printJobs } = c.services;
  const operator = requireRole('operator');
  const actor = staffOf;

  /** The list's filter, from the query string (the page) or the body (a 批量打印 form sent back with an error). */
  function queryOf(source: unknown): CounterQuery {
    const status = text(source, 'status', 20);
    const typed = text(source, 'business', 20);
    const business = isBusiness(typed) ? typed : 'registration';
    return {
      business,
      // A status of the business shown; another business's (an old link) is dropped, not mixed in.
      status: isStatusOf(business, status) ? status : '',
      idNumber: normaliseIdNumber(text(source, 'idNumber', 40)).slice(0, 30),
      name: text(source, 'name', 20),
      page: parsePage((source as Record<string, unknown> | undefined)?.page),
    };
  }
  const filterOf = (q: CounterQuery) => ({ business: q.business, status: q.status || undefined, idNumber: q.idNumber || undefined, name: q.name || undefined });

  async function show(req: Request, res: Response, scan: { no?: string; errors?: FieldErrors; selected?: string[] } = {}, status = 200, source: unknown = req.query) {
    const q = queryOf(source);
    const filter = filterOf(q);
    let list = await applications.staff.queue(actor(req), filter, q.page);
    // A page beyond the last (an old link, a hand-edited URL) shows the last one.
    if (q.page > list.pages) list = await applications.staff.queue(actor(req), filter, (q.page = list.pages));
    const codeName = await reference.namer(['teachingStage', 'qualification']);
    renderPage(res, 'pages/staff/counter/index', {
      title: '现场确认', q, rows: counterRows(list.rows, (code) => codeName('teachingStage', code), (code) => codeName('qualification', code)), filters: statusFilters(q, list.counts),
      businesses: businessFilters(q, list.byBusiness), certification: q.business === 'certification',
      pager: pager(q, list.pages, list.total), searching: Boolean(q.idNumber || q.name),
      values: { no: scan.no ?? '', idNumber: q.idNumber, name: q.name }, errors: scan.errors ?? {}, fieldOrder: ['no', 'print'],
      selected: scan.selected ?? [], printMax: PRINT_BATCH_MAX,
      printCopies: await c.services.certificationForms.batchCopiesText(q.business, actor(req).bureauId),
    }, status);
  }

  router.get(paths.staffCounter, operator, (req, res) => show(req, res));

  // The scanner's Enter: the number in this point opens its page (303), anything else is said by the field, kept as typed.
  router.get(paths.staffCounterFind, operator, async (req, res) => {
    const typed = text(req.query, 'no', 40);
    if (!typed) return show(req, res, { no: typed, errors: { no: M.counter.noRequired } }, 422);
    const no = parseApplicationNo(typed);
    if (!no) return show(req, res, { no: typed, errors: { no: M.counter.noFormat } }, 422);
    const application = await applications.staff.find(actor(req), no);
    if (!application) return show(req, res, { no: typed, errors: { no: M.counter.notFound(no) } }, 404);
    res.redirect(303, paths.staffApplication(application.application_no));
  });

  // 批量打印申请表: the ticked rows, or every application the current filter shows (at most 200), as one print job.
  router.post(paths.staffCounterPrint, operator, async (req, res) => {
    const ticked = texts(req.body, 'no');
    const again = (message: string) => show(req, res, { errors: { print: message }, selected: ticked.slice(0, PRINT_BATCH_MAX) }, 422, req.body);
    await submitPrint(req, res, printJobs, {
      ticked, again,
      byFilter: async () => {
        const q = queryOf(req.body);
        return { filter: filterOf(q), label: `${q.business === 'certification' ? '教师资格认定 ' : ''}${q.status || '全部报名信息'}${q.idNumber || q.name ? '（按查询条件）' : ''}` };
      },
    });
  });

  return router;
}
