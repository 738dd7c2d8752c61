/**
 * The audit log's hash chain, as pure rules. Each row's `hash` is a keyed MAC (the key is outside the database, see
 * security/dataProtector.ts) over `canonicalAuditRow`: its own fields, its place `seq` and the previous row's hash.
 * So a row edited, deleted in the middle, moved or inserted by hand no longer matches, and someone holding only the
 * database cannot compute a replacement.
 */
export const AUDIT_CHAIN_PURPOSE = 'audit-chain';

export interface ChainedFields {
  seq: number;
  prev_hash: string;
  actor_type: string;
  actor_id: number | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  created_at: string;
}

/** One fixed order, JSON-escaped, so no two different rows serialise alike (ids are not in it: PostgreSQL's may skip). */
export function canonicalAuditRow(f: ChainedFields): string {
  return JSON.stringify([f.seq, f.prev_hash, f.actor_type, f.actor_id === null ? null : Number(f.actor_id), f.action, f.target, f.detail, f.ip, f.created_at]);
}

export interface StoredChainRow extends Omit<ChainedFields, 'seq' | 'prev_hash'> {
  id: number;
  seq: number | string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** A place in the chain: the head row, or the last one a verification saw (kept outside the database). */
export interface ChainPoint { seq: number; hash: string }

export interface ChainBreak {
  /** The row to look at (its id), when there is one. */
  id: number | null;
  seq: number | null;
  kind: 'altered' | 'missing' | 'relinked' | 'unchained' | 'truncated';
  message: string;
}

/**
 * Walks rows in `seq` order, one at a time (the caller pages through the table), and says where the chain first
 * breaks. `verify(canonical, hash)` checks a row's MAC.
 */
export function createChainWalker(verify: (canonical: string, hash: string) => boolean, checkpoint: ChainPoint | null = null) {
  let expectedSeq = 1;
  let hashAtCheckpoint: string | undefined;
  let prevHash = '';
  let count = 0;
  return {
    step(row: StoredChainRow): ChainBreak | null {
      const seq = row.seq === null ? null : Number(row.seq);
      const at = `第 ${seq} 条（id ${row.id}）`;
      if (seq === null || !row.hash || row.prev_hash === null) {
        return { id: row.id, seq, kind: 'unchained', message: `审计日志 id ${row.id} 不在链中：该行未经系统写入（直接插入数据库）` };
      }
      if (seq > expectedSeq) {
        return { id: row.id, seq: expectedSeq, kind: 'missing', message: `审计日志第 ${expectedSeq} 条缺失（已被删除）：链在${at}之前断开` };
      }
      if (seq < expectedSeq) {
        return { id: row.id, seq, kind: 'relinked', message: `审计日志${at}的序号重复或顺序被改动` };
      }
      const canonical = canonicalAuditRow({ ...row, seq, prev_hash: row.prev_hash });
      if (!verify(canonical, row.hash)) {
        return { id: row.id, seq, kind: 'altered', message: `审计日志${at}的内容与其签名不符：该行被修改（或其位置被改动）` };
      }
      if (row.prev_hash !== prevHash) {
        return { id: row.id, seq, kind: 'relinked', message: `审计日志${at}与前一条不相连：前面的行被删除、替换或调换了顺序` };
      }
      expectedSeq = seq + 1;
      prevHash = row.hash;
      if (checkpoint && seq === checkpoint.seq) hashAtCheckpoint = row.hash;
      count += 1;
      return null;
    },
    /** After the last row: the walked chain must end where the head (and the last verified checkpoint) say. */
    end(head: ChainPoint): ChainBreak | null {
      const last = expectedSeq - 1;
      if (head.seq > last) {
        return { id: null, seq: last + 1, kind: 'truncated', message: `审计日志末尾被删除：链头记录共 ${head.seq} 条，表中只到第 ${last} 条` };
      }
      if (head.seq !== last || head.hash !== prevHash) {
        return { id: null, seq: last, kind: 'truncated', message: `审计日志链头（第 ${head.seq} 条）与表中最后一条（第 ${last} 条）不符：链头或末尾被改动` };
      }
      if (checkpoint) {
        if (checkpoint.seq > last) {
          return { id: null, seq: last + 1, kind: 'truncated', message: `审计日志末尾被删除：上次校验时已有 ${checkpoint.seq} 条，现在只到第 ${last} 条` };
        }
        if (checkpoint.seq > 0 && hashAtCheckpoint !== checkpoint.hash) {
          return { id: null, seq: checkpoint.seq, kind: 'altered', message: `审计日志第 ${checkpoint.seq} 条与上次校验时记录的不同：该行之前的日志被整体改写` };
        }
      }
      return null;
    },
    get count() { return count; },
    get lastHash() { return prevHash; },
  };
}
