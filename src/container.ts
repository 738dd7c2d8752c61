import type { Knex } from 'knex';
import type { Config } from './config';
import type { Clock } from './clock';
import { createAccountsRepo } from './repositories/accounts';
import { createSecurityRepo } from './repositories/security';
import { createRealnameRepo } from './repositories/realname';
import { createFilesRepo } from './repositories/files';
import { createCertificatesRepo } from './repositories/certificates';
import { cachedCodeLists, createApplicationsRepo, createAuditRepo, createCodeListsRepo, createOutboxRepo } from './repositories/misc';
import { createOutboxNotifier, createProductionNotifier, Notifier } from './notify/transport';
import { createCaptchaService } from './services/captcha';
import { createSmsCodeService } from './services/smsCodes';
import { createAccountService } from './services/accounts';
import { createPasswordResetService } from './services/passwordReset';
import { createLocalVerifier, createRealnameService, IdentityVerifier } from './services/realname';
import { createCertificateService } from './services/certificates';
import { createRegistrationRepo } from './repositories/registration';
import { createRegistrationService } from './services/registration';
import { createApplicationFormService } from './pdf/applicationForms';
import { createManualCertificateService } from './services/manualCertificates';
import { createReferenceDataService } from './services/referenceData';
import { createHousekeepingRepo } from './repositories/housekeeping';
import { createHousekeepingService } from './services/housekeeping';

/** Composition root: repositories(db) → services(repos). Tests pass their own clock, notifier or verifier. */
export function createContainer(db: Knex, config: Config, clock: Clock, overrides: { notifier?: Notifier; verifier?: IdentityVerifier } = {}) {
  const repos = {
    accounts: createAccountsRepo(db),
    security: createSecurityRepo(db),
    realname: createRealnameRepo(db),
    files: createFilesRepo(db),
    certificates: createCertificatesRepo(db),
    applications: createApplicationsRepo(db),
    audit: createAuditRepo(db),
    codeLists: cachedCodeLists(createCodeListsRepo(db)),
    outbox: createOutboxRepo(db),
    registration: createRegistrationRepo(db),
    housekeeping: createHousekeepingRepo(),
  };
  const notifier = overrides.notifier ??
    (config.transport === 'smtp' ? createProductionNotifier(config) : createOutboxNotifier(repos.outbox, clock));
  const captcha = createCaptchaService(repos.security, clock, config.captchaEnabled);
  const sms = createSmsCodeService(repos.security, notifier, clock, config.siteName);
  const accounts = createAccountService({ accounts: repos.accounts, security: repos.security, applications: repos.applications, audit: repos.audit, sms, clock });
  const passwordReset = createPasswordResetService({
    accounts: repos.accounts, security: repos.security, accountService: accounts, sms, notifier, clock, baseUrl: config.baseUrl, siteName: config.siteName,
  });
  const verifier = overrides.verifier ?? createLocalVerifier(config.identityListPath, () => clock.now());
  const realname = createRealnameService({ db, accounts: repos.accounts, realname: repos.realname, files: repos.files,
    certificates: repos.certificates, applications: repos.applications, verifier, clock, timeZone: config.timeZone });
  const certificates = createCertificateService(repos.certificates);
  const registration = createRegistrationService({
    db, repo: repos.registration, certificates: repos.certificates, codeLists: repos.codeLists, files: repos.files, clock, config,
  });
  const manualCertificates = createManualCertificateService({ db, certificates: repos.certificates, files: repos.files, clock });
  const forms = createApplicationFormService({ registration, repos, clock, config });
  const housekeeping = createHousekeepingService({ db, repo: repos.housekeeping, clock });
  return {
    db, config, clock, repos, notifier, services: { captcha, sms, accounts, passwordReset, realname, certificates, registration, manualCertificates, forms, housekeeping,
      reference: createReferenceDataService(repos.codeLists) },
    /** Ends what the services started (the PDF browser); the database belongs to the caller. */
    close: () => forms.close(),
  };
}
export type Container = ReturnType<typeof createContainer>;
