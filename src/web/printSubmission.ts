import type { Request, Response } from 'express';
import { staffOf } from './middleware/roles';
import { parsePrintSelection } from '../domain/printBatch';
import { text } from '../domain/validation';
import type { PrintJobService, PrintRequest } from '../services/printJobs';
import { paths } from './paths';

/**
 * 批量打印申请表 from a staff list (counter, review): the ticked rows, or every row of the list's filter
 * (`print=filter`). A refused request goes back to the list through `again`; a job goes to its progress page.
 */
export async function submitPrint(req: Request, res: Response, printJobs: PrintJobService, opts: {
  ticked: string[]; byFilter: () => Promise<PrintRequest>; again: (message: string) => unknown;
}): Promise<unknown> {
  let request: PrintRequest;
  if (text(req.body, 'print', 10) === 'filter') request = await opts.byFilter();
  else {
    const picked = parsePrintSelection(opts.ticked);
    if (!picked.ok) return opts.again(picked.message);
    request = { nos: picked.nos };
  }
  const job = await printJobs.create(staffOf(req), request, req.ip ?? null);
  if (!job.ok) return opts.again(job.errors.print ?? Object.values(job.errors)[0]);
  return res.redirect(303, paths.staffPrint(job.value.id));
}
