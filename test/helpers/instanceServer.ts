/*
 * One app instance as its own process, for the several-instances test (test/integration/several-instances.test.ts):
 * the server src/server.ts builds, on the database the parent made and seeded, at the parent's fixed time.
 * It reports its port over IPC and exits on {stop}. Run with `node -r ./test/helpers/tsRegister.js`.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { FixedClock } from '../../src/clock';
import { createDb } from '../../src/db/knex';
import { createContainer } from '../../src/container';
import { createApp } from '../../src/app';
import { createHttpServer } from '../../src/httpServer';

async function main() {
  const config = loadConfig(process.env);
  const db = createDb(config);
  const container = createContainer(db, config, new FixedClock(new Date(process.env.INSTANCE_NOW ?? Date.now())));
  // As src/server.ts: rows written in the clear (the seed, a test's inserts) are encrypted before serving.
  await container.services.protection.sealLegacyRows();
  const server = createHttpServer(createApp(container), config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ port: (server.address() as AddressInfo).port });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => {
      void container.close().catch(() => undefined).finally(() => db.destroy().finally(() => process.exit(0)));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('message', (msg: { stop?: boolean }) => { if (msg.stop) stop(); });
  process.on('disconnect', stop); // the parent went away (a failed or killed test run): do not linger
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
