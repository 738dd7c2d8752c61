import fs from 'node:fs';
import express from 'express';
import request from 'supertest';
import { multipartBody, startUploadSweep, sweepStaleUploads, uploadedBytes, uploadedFile, uploadErrors, UPLOAD_DIR } from './upload';
import { MAX_UPLOAD_BYTES } from '../../services/images';

/** An app that reports what multipartBody left for the route: each file's path, whether it exists, its bytes. */
function appSeeing(seen: { path: string | null; existed: boolean; bytes: string | null }[]) {
  const app = express();
  app.use(multipartBody);
  app.post('/', async (req, res) => {
    for (const field of ['front', 'back']) {
      const file = uploadedFile(req, field);
      const bytes = await uploadedBytes(req, field);
      seen.push({ path: file, existed: file !== null && fs.existsSync(file), bytes: bytes?.toString('utf8') ?? null });
    }
    res.json(uploadErrors(req));
  });
  return app;
}

/** Removal runs when the response has ended; wait for it briefly. */
async function gone(file: string): Promise<boolean> {
  for (let i = 0; i < 50 && fs.existsSync(file); i += 1) await new Promise((r) => setTimeout(r, 10));
  return !fs.existsSync(file);
}

describe('multipart uploads go to temporary files (issue 8)', () => {
  test('the route reads each file from a private directory, and the files are gone once the response has ended', async () => {
    const seen: { path: string | null; existed: boolean; bytes: string | null }[] = [];
    const res = await request(appSeeing(seen)).post('/')
      .attach('front', Buffer.from('front bytes'), 'a.jpg').attach('back', Buffer.from('back bytes'), 'b.jpg');
    expect(res.status).toBe(200);
    expect(seen.map((s) => [s.existed, s.bytes])).toEqual([[true, 'front bytes'], [true, 'back bytes']]);
    expect(seen.every((s) => s.path?.startsWith(UPLOAD_DIR))).toBe(true);
    expect(fs.statSync(UPLOAD_DIR).mode & 0o077).toBe(0);
    for (const s of seen) expect(await gone(s.path as string)).toBe(true);
  });

  test('a too large second file is refused by its field; the first stays readable for the form, then both are removed', async () => {
    const seen: { path: string | null; existed: boolean; bytes: string | null }[] = [];
    const before = new Set(fs.existsSync(UPLOAD_DIR) ? fs.readdirSync(UPLOAD_DIR) : []);
    const res = await request(appSeeing(seen)).post('/')
      .attach('front', Buffer.from('front bytes'), 'a.jpg').attach('back', Buffer.alloc(MAX_UPLOAD_BYTES + 1), 'b.jpg');
    expect(Object.keys(res.body as object)).toEqual(['back']);
    expect(seen[0]).toMatchObject({ existed: true, bytes: 'front bytes' });
    expect(seen[1].path).toBeNull();
    expect(await gone(seen[0].path as string)).toBe(true);
    // The truncated second file was named in the same directory; nothing of this request is left there.
    await new Promise((r) => setTimeout(r, 100));
    const left = fs.readdirSync(UPLOAD_DIR).filter((name) => !before.has(name) && fs.statSync(`${UPLOAD_DIR}/${name}`).size > MAX_UPLOAD_BYTES / 2);
    expect(left).toEqual([]);
  });

  test('an empty file is no upload', async () => {
    const seen: { path: string | null; existed: boolean; bytes: string | null }[] = [];
    await request(appSeeing(seen)).post('/').attach('front', Buffer.alloc(0), 'a.jpg').field('x', '1');
    expect(seen[0]).toEqual({ path: null, existed: false, bytes: null });
  });
});

test('sweepStaleUploads removes files older than an hour (a crashed run\'s) and keeps newer ones', () => {
  fs.mkdirSync(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const old = `${UPLOAD_DIR}/sweep-test-old-${process.pid}`;
  const fresh = `${UPLOAD_DIR}/sweep-test-fresh-${process.pid}`;
  fs.writeFileSync(old, 'x');
  fs.writeFileSync(fresh, 'y');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
  sweepStaleUploads();
  expect([fs.existsSync(old), fs.existsSync(fresh)]).toEqual([false, true]);
  fs.rmSync(fresh);
});

test('startUploadSweep runs the same sweep on a timer while serving, until stopped', async () => {
  fs.mkdirSync(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const old = `${UPLOAD_DIR}/sweep-timer-old-${process.pid}`;
  fs.writeFileSync(old, 'x');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
  const stop = startUploadSweep(20);
  for (let i = 0; i < 100 && fs.existsSync(old); i += 1) await new Promise((r) => setTimeout(r, 10));
  stop();
  expect(fs.existsSync(old)).toBe(false);
  // Stopped: an old file written now stays.
  fs.writeFileSync(old, 'y');
  fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
  await new Promise((r) => setTimeout(r, 80));
  expect(fs.existsSync(old)).toBe(true);
  fs.rmSync(old);
});
