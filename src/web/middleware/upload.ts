import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multer from 'multer';
import type { NextFunction, Request, Response } from 'express';
import { MAX_UPLOAD_BYTES } from '../../services/images';
import { removeFilesOlderThan } from '../../services/staleFiles';
import { M } from '../../messages';
import type { FieldErrors } from '../../domain/validation';
import { IMPORT_LIMITS, IMPORT_MESSAGES } from '../../domain/importKinds';

declare module 'express-serve-static-core' {
  interface Request {
    /** Refused parts of a multipart body, each by the field it belongs to (`_form` when it has none). */
    uploadErrors?: FieldErrors;
  }
}

/** Every file input of the app; a form never carries more than two files. */
export const FILE_FIELDS = ['photo', 'extraPhoto', 'front', 'back', 'signaturePhoto', 'material'] as const; // material: 认定 上传材料 (a PDF)
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

/**
 * Uploads go to temporary files in a directory only this user may read, removed when the response ends (issue 8:
 * a photo held in memory is external memory that V8 frees only at its next full collection — with 50 teachers
 * uploading at once that was tens of MB of the server's RSS; sharp reads the file instead).
 */
export const UPLOAD_DIR = path.join(os.tmpdir(), 'tr-uploads');
/** Every temporary file a request's body made, named before it is written: all are removed when the response ends. */
const uploadsOf = new WeakMap<Request, string[]>();
const storage = multer.diskStorage({
  destination: (_req, _file, cb) => fs.mkdir(UPLOAD_DIR, { recursive: true, mode: 0o700 }, (err) => cb(err ?? null, UPLOAD_DIR)),
  filename: (req, _file, cb) => {
    const name = crypto.randomBytes(16).toString('hex');
    uploadsOf.get(req)?.push(path.join(UPLOAD_DIR, name));
    cb(null, name);
  },
});
// Multer removes the files already read when a later part is refused; the form keeps them (a too large 国徽面 must not
// also lose the 人像面 sent before it), and the response's end removes them all.
storage._removeFile = (_req, _file, cb) => cb(null);

/**
 * Files a stopped process left behind (a crash between the upload and the response's end). An hour old: a running
 * process sharing the directory only ever has files of requests in flight.
 */
export const sweepStaleUploads = (): void => removeFilesOlderThan(UPLOAD_DIR, 3600_000);

/**
 * The same sweep every `intervalMs` while serving: a client that aborts in the instant between multer naming a
 * file and opening it leaves that file unseen by its request's cleanup. The directory holds only the requests in
 * flight, so reading it is cheap; a failure is logged, never thrown. Returns a stop function.
 */
export function startUploadSweep(intervalMs = 3600_000, log: (message: string) => void = console.error): () => void {
  const every = setInterval(() => {
    try {
      sweepStaleUploads();
    } catch (err) {
      log(`[uploads] sweeping ${UPLOAD_DIR} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, intervalMs);
  every.unref();
  return () => clearInterval(every);
}

const parser = multer({
  storage,
  // fields: 认定 步骤四 sends five per 个人简历 row (at most ten rows) besides its own.
  limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_FILES, fields: 90, fieldSize: 64 * 1024, fieldNameSize: 100, parts: 100 },
}).fields(FILE_FIELDS.map((name) => ({ name, maxCount: 1 })));

/**
 * Parses any multipart body (files to temporary files), with limits, before the one CSRF check: no route reads a
 * multipart form that was not checked. A refused part does not end the request: its message goes to
 * req.uploadErrors by its own field, so the form is shown again with everything parsed kept.
 * A body that is not valid multipart at all is a 400.
 */
export function multipartBody(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('multipart/form-data') || importParsed.has(req)) return next();
  const made: string[] = [];
  uploadsOf.set(req, made);
  res.on('close', () => {
    for (const file of made) fs.rm(file, { force: true }, () => undefined);
  });
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

/** The path of this field's uploaded file (for sharp, which reads it itself), or null when none or empty. */
export function uploadedFile(req: Request, field: string): string | null {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const file = files?.[field]?.[0];
  return file?.path && file.size > 0 ? file.path : null;
}

/** This field's uploaded bytes (a 上传材料 PDF, checked and stored whole), or null when none or empty. */
export async function uploadedBytes(req: Request, field: string): Promise<Buffer | null> {
  const file = uploadedFile(req, field);
  return file ? fs.promises.readFile(file) : null;
}

/**
 * The name the browser gave the file (for display only). Multer reads it as latin1 here; browsers send UTF-8 bytes,
 * so a Chinese name is decoded back unless that does not give valid text.
 */
export function uploadedFileName(req: Request, field: string): string | null {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const raw = files?.[field]?.[0]?.originalname;
  if (!raw) return null;
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? raw : utf8;
}

/** The refused upload's message for this field, if any. */
export function uploadError(req: Request, field: string): string | null {
  return req.uploadErrors?.[field] ?? null;
}

/** All refused parts' messages; when there is one, files after it were not read. */
export function uploadErrors(req: Request): FieldErrors {
  return req.uploadErrors ?? {};
}

// ---- 数据导入's upload (one spreadsheet of up to 50 MB, to a temporary file, not memory) ----

export const IMPORT_UPLOAD_DIR = path.join(os.tmpdir(), 'tr-imports', 'uploads');
const importParsed = new WeakSet<Request>();
const importClaimed = new WeakSet<Request>();

const importParser = multer({
  storage: multer.diskStorage({ destination: (_req, _file, cb) => fs.mkdir(IMPORT_UPLOAD_DIR, { recursive: true }, (err) => cb(err ?? null, IMPORT_UPLOAD_DIR)) }),
  limits: { fileSize: IMPORT_LIMITS.fileBytes, files: 1, fields: 10, fieldSize: 1024, fieldNameSize: 100, parts: 12 },
  defParamCharset: 'utf8', // browsers send a Chinese file name as UTF-8 bytes
}).single('file');

/**
 * The import form's body (mounted on its URL only, before multipartBody): the file goes to a temporary file that
 * the route hands to the import service (claimImportUpload) or that is deleted when the response ends. Only a
 * request carrying the staff cookie is read this way; any other gets the ordinary small-limit parser.
 */
export function importUploadBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !req.is('multipart/form-data') || !/(^|;\s*)tr\.staff=/.test(req.get('cookie') ?? '')) return next();
  importParsed.add(req);
  res.on('close', () => {
    if (req.file && !importClaimed.has(req)) fs.rm(req.file.path, { force: true }, () => undefined);
  });
  importParser(req, res, (err: unknown) => {
    if (err) {
      if (!(err instanceof multer.MulterError)) return next(Object.assign(err instanceof Error ? err : new Error(String(err)), { status: 400 }));
      req.uploadErrors = { [err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_UNEXPECTED_FILE' ? 'file' : '_form']: err.code === 'LIMIT_FILE_SIZE' ? IMPORT_MESSAGES.tooLarge : err.code === 'LIMIT_UNEXPECTED_FILE' ? M.upload.oneFile : M.upload.tooMany };
      req.body ??= {};
    }
    next();
  });
}

/** The uploaded spreadsheet, now the caller's to delete (the import service deletes it after the dry run). */
export function claimImportUpload(req: Request): { path: string; name: string; size: number } | null {
  const file = req.file;
  if (!file || file.size === 0) return null;
  importClaimed.add(req);
  return { path: file.path, name: file.originalname, size: file.size };
}
