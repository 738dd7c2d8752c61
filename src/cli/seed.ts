import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { seedDemo, seedReferenceData } from '../../seeds';
import { systemClock } from '../clock';
import { createContainer } from '../container';

/** npm run db:seed — reference data always; the demo county outside production (SEED_DEMO=1/0 overrides; SEED_DEMO=1 is refused in production). Safe to run again. */
async function main() {
  const config = loadConfig();
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  const wantDemo = process.env.SEED_DEMO ? process.env.SEED_DEMO === '1' : config.env !== 'production';
  if (wantDemo && config.env === 'production') {
    // The demo's staff have public passwords and TOTP secrets: never in production (the server would refuse to start).
    console.error('生产环境不导入演示数据（演示账号的密码和动态口令密钥是公开的）。请去掉 SEED_DEMO=1。');
    await db.destroy();
    process.exit(2);
  }
  const demo = wantDemo && (await seedDemo(db, new Date()));
  // The seed writes plain rows; they are encrypted here as an upgraded install's are (services/dataProtection.ts).
  await createContainer(db, config, systemClock).services.protection.sealLegacyRows();
  await db.destroy();
  console.log(`seeds: reference data ok${demo ? ', demo county created' : ''}`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
