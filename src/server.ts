import { loadConfig } from './config';
import { systemClock } from './clock';
import { createDb, migrateLatest } from './db/knex';
import { createContainer } from './container';
import { createApp } from './app';
import { createHttpServer } from './httpServer';
import { startHousekeeping } from './services/housekeeping';
import { startUploadSweep, sweepStaleUploads } from './web/middleware/upload';

/** Builds the dependencies, serves, and shuts down gracefully (admitted requests finish). */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config);
  await migrateLatest(db);
  const container = createContainer(db, config, systemClock);
  sweepStaleUploads(); // photos and ID images a crashed run left in the temporary upload directory
  // Rows from before personal data was encrypted (an upgraded install) are encrypted in place, before serving.
  const sealed = Object.entries(await container.services.protection.sealLegacyRows()).filter(([, n]) => n > 0);
  if (sealed.length) console.log(`encrypted personal data stored in the clear: ${sealed.map(([t, n]) => `${t} ${n}`).join(', ')}`);
  // No default credentials in production: the demo seed's staff (public passwords and TOTP secrets) must be gone.
  const demoStaff = config.env === 'production' ? await container.repos.staff.demoUsernames() : [];
  if (demoStaff.length) {
    console.error(`生产环境中存在演示工作人员账号（${demoStaff.join('、')}），其密码和动态口令密钥是公开的。请使用不含演示数据的数据库（生产环境不导入演示数据），或删除这些账号后再启动。`);
    await db.destroy();
    process.exit(2);
  }
  const app = createApp(container);
  const server = createHttpServer(app, config).listen(config.port, () => {
    console.log(`${config.siteName} listening on http://localhost:${config.port} (${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`})`);
    // Chromium starts in the background (nothing waits for it, /healthz included), so the first 申请表 after a
    // restart does not pay for the launch; without Chromium this only logs, and downloads answer 503 as before.
    void container.services.forms.warm();
  });
  // Purges uploads nobody references any more (HOUSEKEEPING_INTERVAL_MINUTES, 0 = off).
  const stopHousekeeping = config.housekeepingIntervalMinutes > 0
    ? startHousekeeping(container.services.housekeeping, config.housekeepingIntervalMinutes * 60_000)
    : () => undefined;
  const stopUploadSweep = startUploadSweep(); // hourly, for the file of an upload aborted as it began
  const stop = (signal: string) => {
    console.log(`${signal}: closing`);
    stopHousekeeping();
    stopUploadSweep();
    server.close(() => {
      container.close().catch((err) => console.error('[pdf] closing Chromium:', err))
        .finally(() => db.destroy().finally(() => process.exit(0)));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
