import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { seedDemo, seedReferenceData } from '../../seeds';

/** npm run db:seed — reference data always; the demo county unless SEED_DEMO=0. Safe to run again. */
async function main() {
  const config = loadConfig();
  const db = createDb(config);
  await migrateLatest(db);
  await seedReferenceData(db);
  const demo = process.env.SEED_DEMO !== '0' && (await seedDemo(db, new Date()));
  await db.destroy();
  console.log(`seeds: reference data ok${demo ? ', demo county created' : ''}`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
