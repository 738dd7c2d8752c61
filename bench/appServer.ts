/*
 * The application side of `npm run bench` (a child process of bench/pages.ts, so that the load generator does
 * not share its event loop): the demo county on a temporary SQLite file, sessions and drafts in the database,
 * NODE_ENV=test with the view cache on, CAPTCHA off and limits high. It reports its port and the ids the
 * parent needs to walk the wizard, and exits normally on {stop} (so that --cpu-prof writes its profile).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { percentiles, startDemoApp } from './support';

async function main() {
  const demo = await startDemoApp(process.env);
  const { db } = demo;
  const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const cert = await db('certificates').where({ cert_number: '20094478131000123' }).first('id');
  // The server's own view of latency (request parsed → response finished), asked for after each run: a
  // client-side p99 far above it is queueing in front of the handlers, not a handler blocking the event loop.
  let served: number[] = [];
  demo.server.prependListener('request', (_req, res) => {
    const t = process.hrtime.bigint();
    res.once('finish', () => served.push(Number(process.hrtime.bigint() - t) / 1e6));
  });
  process.send?.({ ready: true, port: demo.port, bureauId: bureau.id, pointId: point.id, certificateId: cert.id });
  // The CPU profiler (what --cpu-prof runs), started and stopped around a measured run only, so that start-up,
  // migrations and seeding do not count.
  const inspector = new Session();
  inspector.connect();
  process.on('message', (msg: { stop?: boolean; profile?: 'start' | 'stop'; file?: string; latency?: 'reset' | 'report' }) => {
    if (msg.latency) {
      const stats = served.length ? percentiles(served) : null;
      served = [];
      process.send?.({ latency: stats });
    } else if (msg.profile === 'start') {
      void inspector.post('Profiler.enable')
        .then(() => inspector.post('Profiler.setSamplingInterval', { interval: 200 }))
        .then(() => inspector.post('Profiler.start')).then(() => process.send?.({ profiling: true }));
    } else if (msg.profile === 'stop' && msg.file) {
      const file = msg.file;
      void inspector.post('Profiler.stop').then(({ profile }) => {
        fs.writeFileSync(file, JSON.stringify(profile));
        process.send?.({ profiled: file });
      });
    } else if (msg.stop) {
      void demo.close().finally(() => process.exit(0));
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
