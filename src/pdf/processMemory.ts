import fs from 'node:fs';

/**
 * The memory of a process and all its descendants in bytes (PSS where the kernel gives it, so pages shared between
 * Chromium's processes count once), read from /proc; null where there is no /proc (not Linux) or the process is gone.
 */
export function processTreeBytes(rootPid: number): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid);
      if (list) list.push(Number(entry)); else children.set(ppid, [Number(entry)]);
    } catch { /* gone meanwhile */ }
  }
  let total = 0;
  let found = false;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    try {
      total += Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      found = true;
    } catch {
      try {
        total += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
        found = true;
      } catch { /* gone */ }
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return found ? total : null;
}
