import path from 'node:path';
import ejs from 'ejs';
import type { Request, Response } from 'express';
import type { FieldErrors } from '../domain/validation';

export interface SummaryItem { href: string; text: string }

/** The error summary's list: one link per field message, in the form's order; `_form` has no field. */
export function errorSummary(errors: FieldErrors, order: readonly string[] = []): SummaryItem[] {
  const keys = Object.keys(errors);
  const ordered = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  return ordered.map((k) => ({ href: k === '_form' ? '#main' : `#field-${k}`, text: errors[k] }));
}

/**
 * Compiled page and layout templates by file (when the app's view cache is on). renderPage runs them itself:
 * one merge of the locals for the page and its layout, instead of two res.render passes (each merging app
 * and response locals again and looking the view up). Includes inside them use EJS's own cache.
 */
const compiled = new Map<string, ejs.TemplateFunction>();
function template(res: Response, view: string): ejs.TemplateFunction {
  const filename = path.join(res.app.get('views') as string, `${view}.ejs`);
  const cache = res.app.enabled('view cache');
  let fn = cache ? compiled.get(filename) : undefined;
  if (!fn) {
    fn = ejs.compile(ejs.fileLoader(filename).toString(), { filename, cache });
    if (cache) compiled.set(filename, fn);
  }
  return fn;
}

/** Renders a page inside the base layout. */
export function renderPage(res: Response, view: string, data: Record<string, unknown> = {}, status = 200): void {
  // A form shown again for its errors also shows each refused part of a multipart body by its own field
  // (routes that read files add those themselves; this covers the text fields of any multipart form).
  const refused = status === 422 && data.errors ? res.req.uploadErrors : undefined;
  const errors = { ...((data.errors as FieldErrors | undefined) ?? {}), ...refused };
  // The locals as res.render would merge them: app.locals, then res.locals, then the page's data.
  const locals: Record<string, unknown> = { ...res.app.locals, ...res.locals, values: {}, ...data, errors, summary: errorSummary(errors, (data.fieldOrder as string[]) ?? []) };
  let html: string;
  try {
    locals.body = template(res, view)(locals);
    html = template(res, 'layouts/base')(locals);
  } catch (err) {
    res.req.next?.(err);
    return;
  }
  res.status(status).send(html);
}

/** Renders a fragment (an htmx target) without the layout. */
export function renderFragment(res: Response, view: string, data: Record<string, unknown> = {}, status = 200): void {
  res.status(status).render(view, { errors: {}, values: {}, ...data });
}

export function flash(req: Request, type: 'success' | 'info' | 'error', text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}

/** Moves flash messages from the session to the page being rendered. */
export function takeFlash(req: Request, res: Response): void {
  if (req.session?.flash?.length) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  } else {
    res.locals.flash = [];
  }
}
