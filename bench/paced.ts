/*
 * Open-loop load at a fixed rate: requests leave on an even schedule (every 1/rate s) over a pool of keep-alive
 * connections, whatever the answers before them did, and each latency counts from the moment its request was due —
 * so a stall shows in every request it delayed (no coordinated omission). autocannon's overallRate sends each second's
 * quota in a burst at the start of the second, which measures its own bursts rather than the server.
 */
import http from 'node:http';

export interface PacedResult { rps: number; p50: number; p99: number; max: number; requests: number; unexpected: number }

export interface PacedOptions {
  url: string;
  expect: number;
  rate: number;
  seconds: number;
  connections: number;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function pacedRun(o: PacedOptions): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const target = new URL(o.url);
  const body = o.body === undefined ? undefined : Buffer.from(o.body);
  const headers = { ...o.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  const latencies: number[] = [];
  let unexpected = 0;
  const one = (due: number) => new Promise<void>((resolve) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: o.method ?? 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - due);
        if (res.statusCode !== o.expect) unexpected += 1;
        resolve();
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => { unexpected += 1; resolve(); });
    req.end(body);
  });
  const total = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) pending.push(one(start + sent++ * interval));
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else done();
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { rps: latencies.length / elapsed, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0), requests: latencies.length + unexpected, unexpected };
}
