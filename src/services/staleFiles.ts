import fs from 'node:fs';
import path from 'node:path';

/**
 * Removes the files directly in `dir` last written more than `ageMs` ago (temporary files a stopped process left
 * behind); a missing directory is nothing to do. Synchronous: it runs at start, before serving, and (for uploads)
 * hourly on a directory that only holds the files of requests in flight.
 */
export function removeFilesOlderThan(dir: string, ageMs: number, now = Date.now()): void {
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && now - stat.mtimeMs > ageMs) fs.rmSync(file, { force: true });
  }
}
