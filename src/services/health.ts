import type { Knex } from 'knex';
import { databaseReachable } from '../repositories/health';

/** What /healthz reports. */
export function createHealthService(db: Knex) {
  return { databaseReachable: () => databaseReachable(db) };
}
export type HealthService = ReturnType<typeof createHealthService>;
