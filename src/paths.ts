import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json, whether we run from src/ (ts-jest) or dist/src/ (compiled). */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'views'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${start}`);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(__dirname);
