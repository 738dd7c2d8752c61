import type { Clock } from '../clock';
import type { Config } from '../config';
import type { AccountRow } from '../repositories/accounts';
import type { CertificateRow, CertificatesRepo } from '../repositories/certificates';
import { localDate } from '../domain/dates';
import { registrationDue, DueResult } from '../domain/registrationDue';
import type { ReferenceDataService } from './referenceData';
import type { BureauSettings } from '../domain/bureauSettings';

export interface CertificateChoice {
  id: number; certNumber: string; qualification: string; subject: string; source: string;
  issueDate: string; issuingAuthority: string;
  passedCount: number; lastDate: string; lastConclusion: string; due: DueResult;
}

/** Which of an applicant's certificates may register now (the 54-month rule, 撤销/丧失, retirement, 首次/定期). */
export function createEligibilityService(deps: { certificates: CertificatesRepo; reference: ReferenceDataService; clock: Clock; config: Pick<Config, 'timeZone'>; settings: { forBureau(bureauId: number | null | undefined): Promise<BureauSettings> } }) {
  const { clock, config } = deps;
  // Today's date in the time zone, worked out at most once a minute (Intl's formatToParts showed up in the profile).
  let memo = { minute: NaN, today: '' };
  const today = () => {
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== memo.minute) memo = { minute, today: localDate(now, config.timeZone) };
    return memo.today;
  };
  return {
    /** `bureauId`: the bureau chosen in step 2, whose retirement setting applies (the instance's bureau when none yet). */
    async certificateChoices(account: AccountRow, bureauId?: number | null): Promise<CertificateChoice[]> {
      // Independent reads, sent together: on PostgreSQL each is a round trip waiting for a turn of the event loop.
      const [{ retirement }, certs, records, qualifications] = await Promise.all([deps.settings.forBureau(bureauId),
        deps.certificates.ofHolder(account.id_number, account.name), deps.certificates.recordsOfHolder(account.id_number, account.name),
        deps.reference.list('qualification')]);
      return certs.map((c: CertificateRow) => {
        const own = records.filter((r) => r.certificate_id === c.id).map((r) => ({ conclusion: r.conclusion, concludedOn: r.concluded_on }));
        const due = registrationDue({
          qualificationCode: c.qualification_code, restriction: c.restriction, records: own, birthDate: account.birth_date,
          sex: account.sex, today: today(), retirement,
        });
        return {
          id: c.id, certNumber: c.cert_number, qualification: qualifications.find((q) => q.code === c.qualification_code)?.name ?? c.qualification_code,
          subject: c.subject_name ?? '无', source: c.source, issueDate: c.issue_date, issuingAuthority: c.issuing_authority,
          passedCount: due.passedCount, lastDate: due.last?.concludedOn ?? '', lastConclusion: due.last?.conclusion ?? '', due,
        };
      });
    },
  };
}
export type EligibilityService = ReturnType<typeof createEligibilityService>;
