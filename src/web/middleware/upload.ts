import multer from 'multer';
import type { NextFunction, Request, Response } from 'express';
import { MAX_UPLOAD_BYTES } from '../../services/images';
import { M } from '../../messages';
import type { FieldErrors } from '../../domain/validation';

declare module 'express-serve-static-core' {
  interface Request {
    /** Refused parts of a multipart body, each by the field it belongs to (`_form` when it has none). */
    uploadErrors?: FieldErrors;
  }
}

/** Every file input of the app; a form never carries more than two files. */
export const FILE_FIELDS = ['photo', 'extraPhoto', 'front', 'back'] as const;
const MAX_FILES = 2;

/**
 * Where a refused part's message belongs. Multer names the field for a file too large, a text value
 * too long and a file where none is expected; the counting limits concern the whole form.
 */
export function uploadErrorOf(err: unknown): FieldErrors | null {
  if (!(err instanceof multer.MulterError)) return null;
  const field = err.field && /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(err.field) ? err.field : '_form';
  switch (err.code) {
    case 'LIMIT_FILE_SIZE': return { [field]: M.upload.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024) };
    case 'LIMIT_FIELD_VALUE': return { [field]: M.upload.fieldTooLong };
    case 'LIMIT_UNEXPECTED_FILE': return { [field]: (FILE_FIELDS as readonly string[]).includes(field) ? M.upload.oneFile : M.upload.noFileHere };
    default: return { _form: M.upload.tooMany };
  }
}

const parser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_FILES, fields: 30, fieldSize: 64 * 1024, fieldNameSize: 100, parts: 40 },
}).fields(FILE_FIELDS.map((name) => ({ name, maxCount: 1 })));

/**
 * Parses any multipart body into memory, with limits, before the one CSRF check: no route reads a
 * multipart form that was not checked. A refused part does not end the request: its message goes to
 * req.uploadErrors by its own field, so the form is shown again with everything parsed kept.
 * A body that is not valid multipart at all is a 400.
 */
export function multipartBody(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data')) return next();
  parser(req, res, (err: unknown) => {
    if (err) {
      const mapped = uploadErrorOf(err);
      if (!mapped) return next(Object.assign(err instanceof Error ? err : new Error(String(err)), { status: 400 }));
      req.uploadErrors = mapped;
      req.body ??= {};
    }
    next();
  });
}

export function uploadedFile(req: Request, field: string): Buffer | null {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const file = files?.[field]?.[0];
  return file?.buffer && file.buffer.length > 0 ? file.buffer : null;
}

/** The refused upload's message for this field, if any. */
export function uploadError(req: Request, field: string): string | null {
  return req.uploadErrors?.[field] ?? null;
}

/** All refused parts' messages; when there is one, files after it were not read. */
export function uploadErrors(req: Request): FieldErrors {
  return req.uploadErrors ?? {};
}
