/* Percentiles, and what a bench server measures of itself (no app imports: the bare server uses it too). */
import type http from 'node:http';

export function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * What a bench server measures of itself between a {latency: 'reset'} and a {latency: 'report'} message from
 * bench/pages.ts: its own latency (request parsed → response finished) and the CPU time it used per request
 * (process.cpuUsage, user + system). CPU per request is the steadier measure on a shared machine: requests/s of
 * two servers in one run also depend on how the cores were shared at that moment.
 */
export function meterServer(server: http.Server): void {
  let served: number[] = [];
  let cpuStart = process.cpuUsage();
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    const t = process.hrtime.bigint();
    res.once('finish', () => served.push(elapsedMs(t)));
  });
  process.on('message', (msg: { latency?: 'reset' | 'report' }) => {
    if (msg.latency === 'reset') {
      served = [];
      cpuStart = process.cpuUsage();
      process.send?.({ latency: null });
    } else if (msg.latency === 'report') {
      const cpu = process.cpuUsage(cpuStart);
      const stats = served.length ? { ...percentiles(served), cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / served.length } : null;
      process.send?.({ latency: stats });
    }
  });
}
