import fs from 'node:fs';
import path from 'node:path';
import type { ChainPoint } from '../domain/auditChain';

/**
 * The end of the audit chain as `admin verify-audit` last found it, kept outside the database (beside the key file by
 * default). Someone who deletes the newest audit rows and moves the in-database head back to match leaves a chain that
 * is whole in itself; the next verification still sees that rows it had seen are gone. Rows written after the last
 * verification and removed before the next are beyond this check (run verify-audit often; its output in the cron log
 * is a second record of the head).
 */
export function readCheckpoint(file: string): ChainPoint | null | 'unreadable' {
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { seq?: unknown; hash?: unknown };
    if (!Number.isSafeInteger(parsed.seq) || (parsed.seq as number) < 0 || typeof parsed.hash !== 'string') return 'unreadable';
    return { seq: parsed.seq as number, hash: parsed.hash };
  } catch {
    return 'unreadable';
  }
}

/** Whole or not at all (temporary file, then rename), readable by its owner only. */
export function writeCheckpoint(file: string, point: ChainPoint, at = new Date()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ seq: point.seq, hash: point.hash, verifiedAt: at.toISOString() }, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
