import fs from 'node:fs';
import path from 'node:path';

/**
 * Removes the files directly in `dir` last written more than `ageMs` ago (temporary files a stopped process left
 * behind); a missing directory is nothing to do. Synchronous: it runs once at start, before serving.
 */
export function removeFilesOlderThan(dir: string, ageMs: number, now = Date.now()): void {
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && now - stat.mtimeMs > ageMs) fs.rmSync(file, { force: true });
  }
}
