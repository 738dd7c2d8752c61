/* Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time by package or app file, and the top functions. */
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Where a frame belongs: an npm package, a file of the app, a Node internal, or V8's own entries. */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
  const app = /\/dist\/(.*)$/.exec(url);
  if (app) return app[1];
  return url.replace(/^file:\/\//, '');
}

/** Coarse groups for "where each millisecond went" (bench/results.md). */
function group(area: string, fn: string): string {
  if (/^(knex|tarn|better-sqlite3|pg|debug)$/.test(area) || ((fn === 'all' || fn === 'run' || fn === 'get') && area === '(native)')) return 'SQL (Knex, pool, SQLite)';
  if (area === 'ejs' || area.endsWith('.ejs"') || area.includes('/views/')) return 'templates (EJS)';
  if (/^(express-session|connect-session-knex|csrf-sync|cookie|cookie-signature)$/.test(area) || /middleware\/(session|csrf|auth)/.test(area)) return 'session, CSRF, account';
  if (/^(multer|busboy|body-parser|type-is|raw-body|iconv-lite|qs|streamsearch)$/.test(area)) return 'body parsing';
  if (fn === 'writev' || fn === 'writeUtf8String' || fn === 'writeBuffer') return 'socket writes';
  if (area === '(garbage collector)') return 'garbage collector';
  if (area.startsWith('src/') || area.startsWith('bench/')) return 'app code (routes, services, journeys)';
  if (/^(express|router|compression|helmet|finalhandler|send|on-finished|vary|mime-types|content-type|negotiator|accepts|path-to-regexp|depd)$/.test(area) || area.startsWith('node:')) return 'HTTP and Express plumbing';
  return 'other (V8, microtasks, native)';
}

export function summariseProfile(file: string, requests: number, top = 25) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Stopping the profiler (serialising it through the inspector) is not the app's time.
  const profiler = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if ((byId.get(cur) as Node).callFrame.url === 'node:inspector') return true;
    return false;
  };
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i += 1) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  const groups = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id) as Node;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    if (a === '(idle)' || profiler(id)) continue;
    busy += us;
    areas.set(a, (areas.get(a) ?? 0) + us);
    const g = group(a, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + us);
    const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
    const name = `${n.callFrame.functionName || '(anonymous)'} ${file || a}:${n.callFrame.lineNumber + 1}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
  }
  const perRequest = (us: number) => us / 1000 / requests;
  const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]);
  return {
    busyMsPerRequest: perRequest(busy),
    groups: sorted(groups).map(([name, us]) => ({ name, ms: perRequest(us), share: us / busy })),
    areas: sorted(areas).slice(0, top).map(([name, us]) => ({ name, ms: perRequest(us), share: us / busy })),
    functions: sorted(fns).slice(0, top).map(([name, us]) => ({ name, ms: perRequest(us), share: us / busy })),
  };
}

if (require.main === module) {
  const [file, requests] = process.argv.slice(2);
  const s = summariseProfile(file, Number(requests ?? 1));
  console.log(`busy ${s.busyMsPerRequest.toFixed(3)} ms per request`);
  for (const g of s.groups) console.log(`${g.ms.toFixed(3).padStart(7)} ms ${(g.share * 100).toFixed(1).padStart(5)} %  ${g.name}`);
  console.log('');
  for (const a of s.areas) console.log(`${a.ms.toFixed(3).padStart(7)} ms ${(a.share * 100).toFixed(1).padStart(5)} %  ${a.name}`);
  console.log('');
  for (const f of s.functions) console.log(`${f.ms.toFixed(3).padStart(7)} ms ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
}
