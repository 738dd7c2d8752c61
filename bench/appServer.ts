/*
 * The application side of `npm run bench` (a child process of bench/pages.ts, so that the load generator does
 * not share its event loop): the demo county on a temporary SQLite file, sessions and drafts in the database,
 * NODE_ENV=test with the view cache on, CAPTCHA off and limits high. It reports its port and the ids the
 * parent needs to walk the wizard, and exits normally on {stop} (so that --cpu-prof writes its profile).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { meterServer } from './meter';
import { startDemoApp } from './support';

async function main() {
  const demo = await startDemoApp(process.env);
  const { db } = demo;
  const bureau = await db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  const cert = await db('certificates').where({ cert_number: '20094478131000123' }).first('id');
  // The server's own view of latency and its CPU per request, asked for after each run: a client-side p99 far
  // above its own is queueing in front of the handlers, not a handler blocking the event loop.
  meterServer(demo.server);
  process.send?.({ ready: true, port: demo.port, bureauId: bureau.id, pointId: point.id, certificateId: cert.id });
  // The CPU profiler (what --cpu-prof runs), started and stopped around a measured run only, so that start-up,
  // migrations and seeding do not count.
  const inspector = new Session();
  inspector.connect();
  process.on('message', (msg: { stop?: boolean; profile?: 'start' | 'stop'; file?: string; cloneApplications?: number }) => {
    if (msg.cloneApplications) {
      void cloneApplications(db, msg.cloneApplications).then(() => demo.container.services.protection.sealLegacyRows())
        .then(() => process.send?.({ cloned: msg.cloneApplications }));
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

/**
 * Fills the point's list for the staff page run: n copies of the one submitted application (李明's), each of
 * its own account, as if n teachers had applied at the same point.
 */
async function cloneApplications(db: Awaited<ReturnType<typeof startDemoApp>>['db'], n: number): Promise<void> {
  const model = await db('applications').orderBy('id').first();
  const account = await db('accounts').where({ id: model.account_id }).first();
  await db.transaction(async (trx) => {
    for (let i = 0; i < n; i += 1) {
      const { id: _a, ...person } = account;
      // Written in the clear (no index, no key version) and sealed after, as an upgraded install's rows are.
      const [created] = await trx('accounts').insert({ ...person, id_number: `BENCH${String(i).padStart(13, '0')}`, mobile: '13800000000', id_number_index: null, mobile_index: null, key_version: null, email: `bench${i}@example.com` }).returning('id');
      const { id: _b, ...copy } = model;
      await trx('applications').insert({ ...copy, account_id: typeof created === 'object' ? created.id : created, application_no: String(90_000_000 + i) });
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
