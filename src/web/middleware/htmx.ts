import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    isHtmx?: boolean;
  }
}

/** Marks htmx requests; responses differ by it, so caches must know. */
export function htmx(req: Request, res: Response, next: NextFunction): void {
  req.isHtmx = req.get('HX-Request') === 'true';
  res.vary('HX-Request');
  res.locals.isHtmx = req.isHtmx;
  next();
}
