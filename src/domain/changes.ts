/** What an edit changed, for the audit log's before → after. Pure. */

/** The audit detail of a change: each changed field as [before, after]. */
export function changes<T extends object>(before: T | null, after: T): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const [key, value] of Object.entries(after) as [string, unknown][]) {
    const old = before ? (before as Record<string, unknown>)[key] : null;
    const show = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    if (show(old) !== show(value)) out[key] = [show(old), show(value)];
  }
  return out;
}
