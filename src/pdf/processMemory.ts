import fs from 'node:fs/promises';

const read = (file: string) => fs.readFile(file, 'utf8').catch(() => null);

/**
 * The memory of a process and all its descendants in bytes (PSS where the kernel gives it, so pages shared between
 * Chromium's processes count once), read from /proc; null where there is no /proc (not Linux) or the process is gone.
 * Asynchronous: reading smaps_rollup of a large process takes the kernel milliseconds, never the event loop's.
 */
export async function processTreeBytes(rootPid: number): Promise<number | null> {
  let entries: string[];
  try {
    entries = (await fs.readdir('/proc')).filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const stats = await Promise.all(entries.map((e) => read(`/proc/${e}/stat`)));
  entries.forEach((entry, i) => {
    const stat = stats[i];
    if (!stat) return; // gone meanwhile
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid);
    if (list) list.push(Number(entry)); else children.set(ppid, [Number(entry)]);
  });
  const tree: number[] = [];
  for (const stack = [rootPid]; stack.length;) {
    const pid = stack.pop() as number;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const sizes = await Promise.all(tree.map(async (pid) => {
    const rollup = await read(`/proc/${pid}/smaps_rollup`);
    const pss = rollup ? /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] : undefined;
    if (pss !== undefined) return Number(pss) * 1024;
    const statm = await read(`/proc/${pid}/statm`);
    return statm ? Number(statm.split(' ')[1]) * 4096 : null;
  }));
  const known = sizes.filter((n): n is number => n !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}
