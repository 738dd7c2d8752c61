import type { Request, Response } from 'express';
import type { FieldErrors } from '../domain/validation';

export interface SummaryItem { href: string; text: string }

/** The error summary's list: one link per field message, in the form's order; `_form` has no field. */
export function errorSummary(errors: FieldErrors, order: readonly string[] = []): SummaryItem[] {
  const keys = Object.keys(errors);
  const ordered = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  return ordered.map((k) => ({ href: k === '_form' ? '#main' : `#field-${k}`, text: errors[k] }));
}

/** Renders a page inside the base layout. */
export function renderPage(res: Response, view: string, data: Record<string, unknown> = {}, status = 200): void {
  // A form shown again for its errors also shows each refused part of a multipart body by its own field
  // (routes that read files add those themselves; this covers the text fields of any multipart form).
  const refused = status === 422 && data.errors ? res.req.uploadErrors : undefined;
  const errors = { ...((data.errors as FieldErrors | undefined) ?? {}), ...refused };
  const locals = { values: {}, ...data, errors, summary: errorSummary(errors, (data.fieldOrder as string[]) ?? []) };
  res.status(status);
  res.render(view, locals, (err: Error | null, body?: string) => {
    if (err) return res.req.next?.(err);
    res.render('layouts/base', { ...locals, body }, (layoutErr: Error | null, html?: string) => {
      if (layoutErr) return res.req.next?.(layoutErr);
      res.send(html);
    });
  });
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
