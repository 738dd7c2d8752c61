/*
 * The server of `npm run bench:season`, in its own process (forked by bench/season.ts, so the load generator
 * never shares its event loop): built as src/server.ts builds it — same container, app, HTTP server with its
 * socket limits, Chromium warmed at start — on the database the parent prepared, listening on loopback only.
 * Production settings (compiled templates, the 申请表 template and stylesheet cached, no dev routes), except
 * CAPTCHA off: loadConfig refuses CAPTCHA=off in production, so this entry turns it off after loading.
 * Talks to the parent over IPC: 'ready' with the port, 'stats' on request, and exits on 'stop' or if the parent goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { systemClock } from '../src/clock';
import { createDb } from '../src/db/knex';
import { createContainer } from '../src/container';
import { createApp } from '../src/app';
import { createHttpServer } from '../src/httpServer';

export type ServerMessage =
  | { type: 'ready'; port: number; warmed: boolean; warmMs: number; rss: number; config: { maxInFlight: number; loginIpLimit: number; pdfPoolSize: number; env: string; database: string } }
  | { type: 'stats'; cpu: NodeJS.CpuUsage; memory: NodeJS.MemoryUsage; peak: NodeJS.MemoryUsage; loopDelay: { p50: number; p99: number; max: number }; pdf: unknown; chromiumPid: number | null };

export type ParentMessage = { type: 'stats' } | { type: 'stop' };

const send = (message: ServerMessage) => process.send?.(message);

async function main(): Promise<void> {
  const config = {
    ...loadConfig({ ...process.env, NODE_ENV: 'production', CAPTCHA: '', ALLOW_OUTBOX_IN_PRODUCTION: '1', HOUSEKEEPING_INTERVAL_MINUTES: '0' }),
    captchaEnabled: false,
  };
  const db = createDb(config);
  const container = createContainer(db, config, systemClock);
  // As src/server.ts: the season's rows, written in the clear by bench/seasonData.ts, are encrypted before serving.
  await container.services.protection.sealLegacyRows();
  const server = createHttpServer(createApp(container), config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  // Warmed before the crowd arrives, as a running instance is when a season opens.
  const t = Date.now();
  const warmed = await container.services.forms.warm();
  loop.enable();
  // Peaks of each part of the server's memory (JS heap, Buffers such as the PDF cache, RSS), to tell what the RSS is made of.
  const peak = process.memoryUsage();
  setInterval(() => {
    const now = process.memoryUsage();
    for (const key of Object.keys(peak) as (keyof NodeJS.MemoryUsage)[]) peak[key] = Math.max(peak[key], now[key]);
  }, 1000).unref();
  // Diagnosis only: SEASON_HEAP_SNAPSHOT=<seconds> writes one heap snapshot that long after the crowd may start.
  const snapshotAfter = Number(process.env.SEASON_HEAP_SNAPSHOT);
  if (snapshotAfter > 0) {
    setTimeout(() => console.error(`heap snapshot: ${v8.writeHeapSnapshot()} ${JSON.stringify(process.memoryUsage())}`), snapshotAfter * 1000).unref();
  }
  // Diagnosis only: SEASON_SMAPS=<seconds> prints every that many seconds where the RSS lives (/proc/self/smaps by kind).
  const smapsEvery = Number(process.env.SEASON_SMAPS);
  if (smapsEvery > 0) setInterval(() => console.error(`smaps ${JSON.stringify(smapsSummary())} ${JSON.stringify(process.memoryUsage())}`), smapsEvery * 1000).unref();
  send({
    type: 'ready', port: (server.address() as AddressInfo).port, warmed, warmMs: Date.now() - t, rss: process.memoryUsage().rss,
    config: { maxInFlight: config.maxInFlight, loginIpLimit: config.loginIpLimit, pdfPoolSize: config.pdfPoolSize, env: config.env, database: config.databaseUrl ? 'PostgreSQL' : 'SQLite' },
  });

  const stop = () => {
    server.close();
    server.closeAllConnections();
    container.close().catch(() => undefined).finally(() => db.destroy().finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') return stop();
    const { forms } = container.services;
    void forms.chromiumPid().then((chromiumPid) => send({
      type: 'stats', cpu: process.cpuUsage(), memory: process.memoryUsage(), peak,
      loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      pdf: forms.stats(), chromiumPid,
    }));
  });
  process.on('disconnect', stop); // the parent is gone: never outlive the benchmark
}

/** RSS in MB by mapping: [heap] (glibc's main arena), anonymous mappings by size, files by name. */
function smapsSummary(): Record<string, number> {
  const out: Record<string, number> = {};
  let key = '';
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const size = (parseInt(head[2], 16) - parseInt(head[1], 16)) / 2 ** 20;
      const name = head[3].trim();
      key = name ? (name.startsWith('/') ? path.basename(name) : name) : `anon ${size >= 60 ? '≥60MB' : size >= 1 ? '1–60MB' : '<1MB'}`;
    } else if (line.startsWith('Rss:')) {
      out[key] = Math.round(((out[key] ?? 0) + Number(line.split(/\s+/)[1]) / 1024) * 10) / 10;
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, mb]) => mb >= 1).sort((a, b) => b[1] - a[1]));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
