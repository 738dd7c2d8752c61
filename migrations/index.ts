import type { Knex } from 'knex';
import * as foundation from './20261123000001_foundation';
import * as applications from './20261123000002_applications';
import * as journeysAndLifecycle from './20261125000001_journeys_and_lifecycle';
import * as rateLimits from './20261125000020_rate_limits';
import * as certificateOwner from './20261125000030_certificate_owner';
import * as staffAccounts from './20261125000050_staff_accounts';
import * as certificateVerification from './20261125000071_certificate_verification';
import * as bureauSettings from './20261126000100_bureau_settings';
import * as bureauProfile from './20261126000201_bureau_profile';
import * as countyCodeLists from './20261126000300_county_code_lists';
import * as applicationsPlanIndex from './20261126000500_applications_plan_index';
import * as planBusiness from './20261206000601_plan_business';
import * as applicationsListIndexes from './20261207000001_applications_list_indexes';
import * as certificationUploads from './20261206020011_certification_uploads';
import * as pointBusinesses from './20261206000602_point_businesses';
import * as certificationSettings from './20261206000603_certification_settings';
import * as certificationKeyVersion from './20261206009001_certification_key_version';
import * as staffKeyVersion from './20261206009002_staff_key_version';
import * as certificationApplications from './20261206009003_certification_applications';
import * as certificationRecords from './20261206005001_certification_records';
import * as auditChain from './20261206002001_audit_chain';
import * as encryptPersonalData from './20261206001001_encrypt_personal_data';
import * as staffTotp from './20261206003001_staff_totp';
import * as localIdentityNumbers from './20261207001001_local_identity_numbers';
import * as studentStatusSyncedAt from './20261207002001_student_status_synced_at';

/**
 * Migrations are imported statically rather than found by scanning a folder, so the same list
 * runs under ts-jest (.ts) and from the compiled dist/ (.js) without loader configuration.
 */
interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
  /** `{ transaction: false }`: the migration opens its own transactions (see the one that uses it). */
  config?: { transaction?: boolean };
}

const migrations: Array<[string, Migration]> = [
  ['20261123000001_foundation', foundation],
  ['20261123000002_applications', applications],
  ['20261125000001_journeys_and_lifecycle', journeysAndLifecycle],
  ['20261125000020_rate_limits', rateLimits],
  ['20261125000030_certificate_owner', certificateOwner],
  ['20261125000050_staff_accounts', staffAccounts],
  ['20261125000071_certificate_verification', certificateVerification],
  ['20261126000100_bureau_settings', bureauSettings],
  ['20261126000201_bureau_profile', bureauProfile],
  ['20261126000300_county_code_lists', countyCodeLists],
  ['20261126000500_applications_plan_index', applicationsPlanIndex],
  ['20261206000601_plan_business', planBusiness],
  ['20261206000602_point_businesses', pointBusinesses],
  ['20261206000603_certification_settings', certificationSettings],
  ['20261206009001_certification_key_version', certificationKeyVersion],
  ['20261206009002_staff_key_version', staffKeyVersion],
  ['20261206009003_certification_applications', certificationApplications],
  ['20261206005001_certification_records', certificationRecords],
  ['20261206002001_audit_chain', auditChain],
  ['20261206001001_encrypt_personal_data', encryptPersonalData],
  ['20261206003001_staff_totp', staffTotp],
  ['20261206020011_certification_uploads', certificationUploads],
  ['20261207000001_applications_list_indexes', applicationsListIndexes],
  ['20261207001001_local_identity_numbers', localIdentityNumbers],
  ['20261207002001_student_status_synced_at', studentStatusSyncedAt],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  // By name (the timestamp prefix), whatever order branches merged their lines in: every install runs them alike.
  getMigrations: async () => [...migrations].sort(([a], [b]) => a.localeCompare(b)),
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
