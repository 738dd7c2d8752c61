import type { Response } from 'express';
import { M } from '../messages';
import { renderPage } from './render';

/**
 * The answer of a job page (批量打印, 数据导入) whose job another server process made: jobs live in the memory of
 * the process that runs them, so this one cannot show it. 503 with Retry-After rather than 404: behind a balancer
 * without sticky routing the next look may reach the right process (htmx's poll simply tries again).
 */
export function answerJobElsewhere(res: Response, title: string): void {
  res.set('Retry-After', '2').set('Cache-Control', 'no-store');
  renderPage(res, 'pages/errors/error', { title, message: M.jobElsewhere }, 503);
}
