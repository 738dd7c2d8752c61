import multer from 'multer';
import type { NextFunction, Request, Response } from 'express';
import { MAX_UPLOAD_BYTES } from '../../services/images';
import { M } from '../../messages';

declare module 'express-serve-static-core' {
  interface Request {
    uploadError?: string;
  }
}

/**
 * Multipart parsing into memory with limits. A refused upload does not end the request: the error is
 * put on req.uploadError so the route re-renders the form with everything else kept.
 */
export function uploadFields(fields: string[]) {
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: fields.length, fields: 30, fieldSize: 64 * 1024, parts: 40 },
  }).fields(fields.map((name) => ({ name, maxCount: 1 })));
  return (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (err: unknown) => {
      if (err) {
        const code = (err as { code?: string }).code;
        req.uploadError = code === 'LIMIT_FILE_SIZE' ? M.upload.tooLarge(MAX_UPLOAD_BYTES / 1024 / 1024) : M.upload.notImage;
        req.body ??= {};
      }
      next();
    });
  };
}

export function uploadedFile(req: Request, field: string): Buffer | null {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const file = files?.[field]?.[0];
  return file && file.size > 0 ? file.buffer : null;
}
