import { randomBytes } from 'node:crypto';
import { localDate } from './domain/dates';
import type { Knex } from 'knex';
import type { Config } from './config';
import type { Clock } from './clock';
import { createAccountsRepo } from './repositories/accounts';
import { createSecurityRepo } from './repositories/security';
import { createRealnameRepo } from './repositories/realname';
import { createFilesRepo } from './repositories/files';
import { createCertificatesRepo } from './repositories/certificates';
import { createApplicationsRepo } from './repositories/applications';
import { createAuditRepo } from './repositories/audit';
import { cachedCodeLists, createCodeListsRepo } from './repositories/codeLists';
import { createOutboxRepo } from './repositories/outbox';
import { createPlacesRepo } from './repositories/places';
import { createSchoolsRepo } from './repositories/schools';
import { createDraftsRepo } from './repositories/drafts';
import { createSessionsRepo } from './repositories/sessions';
import { createMessagesRepo } from './repositories/messages';
import { createStaffRepo } from './repositories/staff';
import { createStaffQueueRepo } from './repositories/staffQueue';
import { createBureauAdminRepo } from './repositories/bureauAdmin';
import { createStaffService } from './services/staff';
import { createBureauSettingsService } from './services/bureauSettings';
import { createInstanceService } from './services/instance';
import { createBureauSettingsRepo } from './repositories/bureauSettings';
import { createInstanceSetupRepo } from './repositories/instanceSetup';
import { createBureauAdminService } from './services/bureauAdmin';
import { createOutboxNotifier, createProductionNotifier, Notifier } from './notify/transport';
import { createAuditService } from './services/audit';
import { createHealthService } from './services/health';
import { createAccountNotices } from './services/accountNotices';
import { createCaptchaService } from './services/captcha';
import { createSmsCodeService } from './services/smsCodes';
import { createAccountService } from './services/accounts';
import { createPasswordResetService } from './services/passwordReset';
import { createLocalVerifier, createRealnameService, IdentityVerifier } from './services/realname';
import { createCertificateService } from './services/certificates';
import { createManualCertificateService } from './services/manualCertificates';
import { createReferenceDataService } from './services/referenceData';
import { createPlacesService } from './services/places';
import { createEligibilityService } from './services/eligibility';
import { createSchoolsService } from './services/schools';
import { createCodeListAdminService } from './services/codeListAdmin';
import { createSchoolAdminService } from './services/schoolAdmin';
import { createDraftService } from './services/drafts';
import { createApplicationsService } from './services/applications';
import { createApplicationFormService } from './pdf/applicationForms';
import { createPrintJobService } from './services/printJobs';
import type { RegistrationDeps } from './journeys/registration';
import type { CertificationDeps } from './journeys/certification/types';
import { createRateLimits } from './services/rateLimits';
import { createHousekeepingRepo } from './repositories/housekeeping';
import { createHousekeepingService } from './services/housekeeping';
import { createImportsRepo } from './repositories/imports';
import { createImportJobService } from './services/importJobs';
import { createReportsRepo } from './repositories/reports';
import { createReportsService } from './services/reports';
import { createGuideService } from './services/guide';
import { createTeacherGuidePdf } from './pdf/teacherGuide';
import { createDataProtector, DataProtector } from './security/dataProtector';
import { loadKeyring } from './security/keyring';
import { idNumberSealer } from './security/idNumbers';
import { createCertificationRecordsRepo } from './repositories/certificationRecords';
import { createCertificationApplicationsRepo } from './repositories/certificationApplications';
import { createCertificationApplicationsService } from './services/certificationApplications';
import { createCertificationFormService } from './pdf/certificationForms';
import { createCertificationRecordsService, importedStudentStatusVerifier, StudentStatusVerifier } from './services/certificationRecords';
import { personalData } from './security/personalData';
import { sealLegacyRows } from './services/dataProtection';

/** Composition root: repositories(db) → services(repos) → what each journey's steps use. Tests pass their own clock, notifier or verifier. */
export function createContainer(db: Knex, config: Config, clock: Clock, overrides: { notifier?: Notifier; verifier?: IdentityVerifier; protector?: DataProtector; studentStatus?: StudentStatusVerifier } = {}) {
  // Personal data at rest, blind indexes and integrity MACs (keys outside the database: security/keyring.ts).
  const protector = overrides.protector ?? createDataProtector(loadKeyring({ dataKeys: config.dataKeys, keyFile: config.dataKeyFile }));
  // Repositories seal 证件号码, 手机号码 and images on write and open them on read (security/personalData.ts).
  const pd = personalData(protector);
  const repos = {
    accounts: createAccountsRepo(db, pd),
    security: createSecurityRepo(db, pd),
    realname: createRealnameRepo(db, pd),
    files: createFilesRepo(db, pd),
    certificates: createCertificatesRepo(db, pd),
    applications: createApplicationsRepo(db),
    audit: createAuditRepo(db),
    codeLists: cachedCodeLists(createCodeListsRepo(db)),
    outbox: createOutboxRepo(db, pd),
    places: createPlacesRepo(db),
    schools: createSchoolsRepo(db),
    drafts: createDraftsRepo(db),
    sessions: createSessionsRepo(db),
    messages: createMessagesRepo(db),
    staff: createStaffRepo(db),
    staffQueue: createStaffQueueRepo(db, pd),
    bureauAdmin: createBureauAdminRepo(db),
    housekeeping: createHousekeepingRepo(),
    bureauSettings: createBureauSettingsRepo(db),
    instanceSetup: createInstanceSetupRepo(db),
    imports: createImportsRepo(db, pd, protector),
    reports: createReportsRepo(db, pd),
    certificationRecords: createCertificationRecordsRepo(db),
    certificationApplications: createCertificationApplicationsRepo(db),
  };
  const notifier = overrides.notifier ??
    (config.transport === 'smtp' ? createProductionNotifier(config) : createOutboxNotifier(repos.outbox, clock));
  const audit = createAuditService({ audit: repos.audit, clock, protector });
  const reference = createReferenceDataService(repos.codeLists);
  const captcha = createCaptchaService(repos.security, clock, config.captchaEnabled, config.sessionSecret);
  const settings = createBureauSettingsService({ db, repo: repos.bureauSettings, places: repos.places, audit, clock, siteName: config.siteName });
  const senders = settings.senderNames;
  const sms = createSmsCodeService(repos.security, notifier, clock, senders, protector);
  const limits = createRateLimits(repos.security, clock);
  const accounts = createAccountService({ db, accounts: repos.accounts, security: repos.security, applications: repos.applications, audit, sms, limits, clock });
  const passwordReset = createPasswordResetService({
    accounts: repos.accounts, security: repos.security, accountService: accounts, sms, audit, notifier, clock, baseUrl: config.baseUrl, senders,
  });
  const verifier = overrides.verifier ?? createLocalVerifier(config.identityListPath, () => clock.now());
  const notices = createAccountNotices({ accounts: repos.accounts, notifier, senders });
  const realname = createRealnameService({ db, accounts: repos.accounts, realname: repos.realname, files: repos.files,
    certificates: repos.certificates, applications: repos.applications, audit, verifier, clock, timeZone: config.timeZone, notices });
  const certificates = createCertificateService(repos.certificates);
  const manualCertificates = createManualCertificateService({ db, certificates: repos.certificates, files: repos.files, audit, clock, notices });
  const places = createPlacesService({ places: repos.places, reference, clock, config });
  const eligibility = createEligibilityService({ certificates: repos.certificates, reference, clock, config, settings });
  const schools = createSchoolsService({ schools: repos.schools, reference, clock });
  const drafts = createDraftService({ db, drafts: repos.drafts, files: repos.files, clock });
  const applications = createApplicationsService({
    db, applications: repos.applications, messages: repos.messages, drafts: repos.drafts, places, audit, queue: repos.staffQueue, clock, config,
    accounts: repos.accounts, certificates: repos.certificates, reference, notices, protector,
  });
  const forms = createApplicationFormService({ reference, repos, clock, config, protector });
  // This process's tag in the ids of the jobs it keeps in memory: a progress page that reaches another instance
  // says so instead of a bare 404 (domain/jobId.ts).
  const instanceTag = randomBytes(4).toString('hex');
  const printJobs = createPrintJobService({
    applications, forms, audit, clock, config, instance: instanceTag,
    renderCertifications: (rows, opts) => certificationForms.renderMany(rows, opts), // made below; called only when a job runs
  });
  const importJobs = createImportJobService({
    db, imports: repos.imports, audit, clock, timeZone: config.timeZone, instance: instanceTag,
    lists: async () => {
      const [qualification, subject, teachingStage, schoolType, province] = await Promise.all([
        repos.codeLists.all('qualification'), repos.codeLists.all('subject'), repos.codeLists.all('teachingStage'), repos.codeLists.all('schoolType'), repos.imports.provinces(),
      ]);
      return { qualification, subject, teachingStage, schoolType, province };
    },
  });
  const housekeeping = createHousekeepingService({ db, repo: repos.housekeeping, clock, retention: { drafts: config.retentionDraftDays, outbox: config.retentionOutboxDays } });
  // Uncached: the admin page reads what is stored; the applicant side reads through the cache, dropped after each edit.
  const codeListAdmin = createCodeListAdminService({ db, codeLists: createCodeListsRepo(db), audit, reference });
  const schoolAdmin = createSchoolAdminService({ db, schools: repos.schools, audit });
  const staff = createStaffService({ db, staff: repos.staff, places: repos.places, limits, audit, clock, protector, production: config.env === 'production' });
  const instance = createInstanceService({ db, repo: repos.instanceSetup, staff: repos.staff, audit, clock });
  const bureauAdmin = createBureauAdminService({ db, repo: repos.bureauAdmin, reference, audit, clock, timeZone: config.timeZone });
  const reports = createReportsService({ reports: repos.reports, reference, audit, clock, timeZone: config.timeZone });
  // 办事指南, public 网报时间查询 and the printable guide (no personal data; printed by the 申请表's browser).
  const guide = createGuideService({ places: repos.places, reference, clock, config });
  const guidePdf = createTeacherGuidePdf({ guide, forms, clock, config });
  // 教师资格认定's personal centre; 同步学籍 reads the imported 学籍 lists unless another verifier is given.
  const ids = idNumberSealer(protector);
  const certificationRecords = createCertificationRecordsService({
    db, repo: repos.certificationRecords, files: repos.files, ids, clock, timeZone: config.timeZone,
    studentStatus: overrides.studentStatus ?? importedStudentStatusVerifier(repos.certificationRecords, ids, () => localDate(clock.now(), config.timeZone)),
  });
  // 查询认定报名信息 (seed 002 §3.2): the applicant's 认定 applications, 全程网办 uploads and the 教师资格认定申请表.
  const certifications = createCertificationApplicationsService({
    db, repo: repos.certificationApplications, applications: repos.applications, messages: repos.messages, files: repos.files, audit, clock,
  });
  const certificationForms = createCertificationFormService({
    forms, reference, repos, clock, config, protector, copiesOf: async (bureauId) => (await certifications.bureau(bureauId))?.copies ?? 2,
  });
  const registration: RegistrationDeps = { places, eligibility, drafts, schools, reference, applications, clock, timeZone: config.timeZone };
  const certification: CertificationDeps = { places, records: certificationRecords, drafts, reference, applications, clock, timeZone: config.timeZone, siteName: config.siteName };
  return {
    db, config, clock, repos, notifier, protector, personal: pd,
    services: {
      /** Encrypts in place what was stored before encryption (run at start after migrating, and after seeding). */
      protection: { sealLegacyRows: () => sealLegacyRows(db, pd) },
      health: createHealthService(db), audit, limits, captcha, sms, accounts, passwordReset, realname, certificates, manualCertificates, reference, places, eligibility, schools, drafts, applications, forms, printJobs, importJobs, housekeeping, staff, settings, instance, bureauAdmin, codeListAdmin, schoolAdmin, reports, guide, guidePdf, certificationRecords, certifications, certificationForms },
    /** What each journey's steps use, by journey id. */
    journeyDeps: { registration, certification },
    /** Ends what the services started (the PDF browser); the database belongs to the caller. */
    close: () => forms.close(),
  };
}
export type Container = ReturnType<typeof createContainer>;
