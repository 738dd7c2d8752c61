import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { seedDemo, seedReferenceData } from '../../seeds';
import { systemClock } from '../clock';
import { createContainer } from '../container';

/** npm run db:seed — reference data always; the demo county outside production (SEED_DEMO=1/0 overrides). Safe to run again. */
async function main() {
  const config = loadConfig();
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  const wantDemo = process.env.SEED_DEMO ? process.env.SEED_DEMO === '1' : config.env !== 'production';
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
