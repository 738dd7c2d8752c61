/**
 * 批量打印申请表: which 报名号 a print request names, and the rules of one batch. Pure, so the counter list
 * (checkbox value "报名号") and the review list (checkbox value "报名号:版本", shared with 批量审核) read the same way.
 */

/** The most forms one print job holds (the same ceiling as 批量审核): 200 render in well under a minute. */
export const PRINT_BATCH_MAX = 200;

export type PrintSelection = { ok: true; nos: string[] } | { ok: false; message: string };

/** The ticked rows as 报名号: "12345678" or "12345678:3", duplicates once, in the order ticked. Anything else refuses the batch. */
export function parsePrintSelection(values: readonly unknown[]): PrintSelection {
  const raw = values.filter((v): v is string => typeof v === 'string');
  if (raw.length === 0) return { ok: false, message: '请至少勾选一条报名信息，或选择“打印当前筛选的全部报名信息”' };
  if (raw.length > PRINT_BATCH_MAX) return { ok: false, message: tooMany(raw.length) };
  const nos: string[] = [];
  for (const value of raw) {
    const m = /^(\d{8})(?::\d{1,9})?$/.exec(value.trim());
    if (!m) return { ok: false, message: `报名号格式不正确：${value.slice(0, 20)}` };
    if (!nos.includes(m[1])) nos.push(m[1]);
  }
  return { ok: true, nos };
}

export function tooMany(count: number): string {
  return `共${count}条报名信息，一次最多打印${PRINT_BATCH_MAX}份申请表，请缩小筛选范围或分批勾选`;
}


/**
 * The time one batch may take in Chromium: the single-form limit plus 0.3 s a form (200 forms rendered in
 * ≈ 7.5 s on a 2-core machine, bench/results.md), so a slow machine is not cut off and a hung browser still is.
 */
export function batchTimeoutMs(singleFormMs: number, forms: number): number {
  return singleFormMs + 300 * forms;
}
