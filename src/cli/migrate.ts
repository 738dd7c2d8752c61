import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';

/** npm run db:migrate — brings the schema up to date (SQLite file or DATABASE_URL). */
async function main() {
  const db = createDb(loadConfig());
  await migrateLatest(db);
  await db.destroy();
  console.log('migrations: up to date');
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
