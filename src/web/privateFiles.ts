import type { NextFunction, Response } from 'express';
import type { FileRow } from '../repositories/files';

/** A personal image (photo, signed 个人承诺书) to the one allowed to see it: never cached; none is a 404. */
export function sendPrivateFile(res: Response, next: NextFunction, file: FileRow | undefined): void {
  if (!file || !/^image\/(jpeg|png)$/.test(file.mime)) return next();
  res.set('Cache-Control', 'no-store').set('X-Content-Type-Options', 'nosniff').type(file.mime).send(Buffer.from(file.data));
}

/** An uploaded 认定 material as a download (never inline: the PDF is opened by a reader, not in this site's origin). */
export function sendMaterial(res: Response, fileName: string, data: Buffer): void {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.type('application/pdf')
    .set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .set('Cache-Control', 'no-store')
    .set('X-Content-Type-Options', 'nosniff')
    .send(data);
}
