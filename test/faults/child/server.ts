/*
 * The server of the fault tests, in its own process (forked by test/faults/helpers.ts, so the test can SIGKILL it
 * and the load it makes does not share the server's event loop): built as src/server.ts builds it (config from the
 * environment, migrations, container, app, the HTTP server with its socket limits) on the database the test
 * prepared, with the test's fixed clock so the demo plan's window is open. It tells the parent its port, and on
 * request the server-side latency of the responses it sent (request parsed → response finished), by status, or
 * how many requests 流量控制 has admitted and not yet seen answered. With HOLD_PHOTO_UPLOADS=1 a request carrying a
 * photo waits, once admitted, until the parent says `releasePhotos` — the fault test's stand-in for a slow upload,
 * so that a burst overlaps however busy the machine is (timing alone did not make it overlap on a loaded CI run).
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/config';
import { FixedClock } from '../../../src/clock';
import { createDb, migrateLatest } from '../../../src/db/knex';
import { createContainer, type Container } from '../../../src/container';
import { createApp } from '../../../src/app';
import { createHttpServer } from '../../../src/httpServer';

async function main() {
  const config = loadConfig();
  const db = createDb(config);
  await migrateLatest(db);
  const container = createContainer(db, config, new FixedClock(new Date(process.env.FIXED_NOW ?? Date.now())));
  // As src/server.ts: rows written in the clear (the seed, a test's inserts) are encrypted before serving.
  await container.services.protection.sealLegacyRows();
  const releasePhotos = holdPhotoUploads(container);
  const app = createApp(container);
  const server = createHttpServer(app, config);
  const served: Array<{ status: number; ms: number; url: string }> = [];
  server.prependListener('request', (req, res) => {
    const t = process.hrtime.bigint();
    res.once('finish', () => served.push({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t) / 1e6, url: req.url ?? '' }));
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ ready: true, port: (server.address() as AddressInfo).port }));
  process.on('message', (msg: { served?: 'report' | 'reset'; inFlight?: 'report'; releasePhotos?: boolean; stop?: boolean }) => {
    if (msg.served === 'report') process.send?.({ served });
    else if (msg.releasePhotos) releasePhotos();
    else if (msg.inFlight === 'report') process.send?.({ inFlight: (app.locals.flow as { inFlight(): number }).inFlight() });
    else if (msg.served === 'reset') served.length = 0;
    else if (msg.stop) {
      server.closeAllConnections();
      server.close(() => void container.close().finally(() => db.destroy().finally(() => process.exit(0))));
    }
  });
}

/** With HOLD_PHOTO_UPLOADS=1, every photo a draft step receives waits for the returned release; otherwise a no-op. */
function holdPhotoUploads(container: Container): () => void {
  if (process.env.HOLD_PHOTO_UPLOADS !== '1') return () => undefined;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => { release = resolve; });
  const drafts = container.services.drafts;
  const withPhoto = drafts.withPhoto.bind(drafts);
  drafts.withPhoto = (async (...args: Parameters<typeof withPhoto>) => {
    if (args[2]) await released;
    return withPhoto(...args);
  }) as typeof drafts.withPhoto;
  return release;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
