import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { BureauSettingsRepo, BureauSettingsRow } from '../repositories/bureauSettings';
import type { PlacesRepo } from '../repositories/places';
import type { StaffPrincipal } from '../domain/principal';
import { BureauSettings, DEFAULT_SETTINGS, parseSettingsForm, SettingsForm } from '../domain/bureauSettings';
import { fail, ok, Result } from '../domain/validation';
import { ageText } from '../domain/retirement';
import { auditTarget, AuditService } from './audit';

/** How SMS and e-mail are signed: 【sms】 before each SMS, `mail` as the e-mail's sender name and subject prefix. */
export interface SenderNames { sms: string; mail: string }
export type SenderNamesSource = () => Promise<SenderNames>;

const toSettings = (row: BureauSettingsRow | undefined): BureauSettings => (row ? {
  retirement: { maleAge: row.retirement_age_male, femaleAge: row.retirement_age_female, gradual: Boolean(row.gradual_retirement) },
  smsSignature: row.sms_signature, mailSenderName: row.mail_sender_name,
} : DEFAULT_SETTINGS);

const describe = (s: BureauSettings) => [
  `退休年龄：男${ageText({ years: s.retirement.maleAge, months: 0 })}、女${ageText({ years: s.retirement.femaleAge, months: 0 })}${s.retirement.gradual ? '（渐进式延迟）' : '（不延迟）'}`,
  `短信签名：${s.smsSignature ?? '（系统名称）'}`, `邮件发件人：${s.mailSenderName ?? '（系统名称）'}`,
].join('；');

/**
 * Settings that belong to a bureau (not environment variables): retirement ages for the registration rule and the
 * names its SMS and e-mail are sent under. Account-wide messages (verification codes, password resets) belong to no
 * application, so they go out under the instance's bureau (the first one, made by `npm run admin -- init`).
 */
export function createBureauSettingsService(deps: { db: Knex; repo: BureauSettingsRepo; places: PlacesRepo; audit: AuditService; clock: Clock; siteName: string }) {
  const { repo } = deps;
  let senders: { at: number; value: SenderNames } | null = null;
  const forBureau = async (bureauId: number | null | undefined): Promise<BureauSettings> => {
    const id = bureauId ?? (await repo.firstBureauId());
    return id === null ? DEFAULT_SETTINGS : toSettings(await repo.find(id));
  };
  /** The bureaus whose settings this admin may change: their own, or every one for a system admin. */
  const bureausFor = async (admin: StaffPrincipal) => {
    const all = await deps.places.bureausWithRegions();
    return admin.role === 'system_admin' ? all : all.filter((b) => b.id === admin.bureauId);
  };
  return {
    forBureau,
    bureausFor,
    /** The instance's sender names, read at most once a minute (every SMS code asks). */
    async senderNames(): Promise<SenderNames> {
      const now = deps.clock.now().getTime();
      if (!senders || now - senders.at > 60_000) {
        const s = await forBureau(null);
        senders = { at: now, value: { sms: s.smsSignature ?? deps.siteName, mail: s.mailSenderName ?? deps.siteName } };
      }
      return senders.value;
    },
    async save(admin: StaffPrincipal, bureauId: number, form: SettingsForm, ip: string | null): Promise<Result<BureauSettings>> {
      if (!(await bureausFor(admin)).some((b) => b.id === bureauId)) return fail({ _form: '您不能修改该机构的设置' });
      const parsed = parseSettingsForm(form);
      if (parsed.errors) return fail(parsed.errors);
      const next = parsed.settings;
      await deps.db.transaction(async (trx) => {
        const before = toSettings(await repo.find(bureauId, trx));
        await repo.save({
          bureau_id: bureauId, retirement_age_male: next.retirement.maleAge, retirement_age_female: next.retirement.femaleAge,
          gradual_retirement: next.retirement.gradual, sms_signature: next.smsSignature, mail_sender_name: next.mailSenderName,
          updated_at: deps.clock.now().toISOString(),
        }, trx);
        await deps.audit.record(admin, 'bureau.settings', { target: auditTarget.bureau(bureauId), detail: `${describe(before)} → ${describe(next)}`, ip }, trx);
      });
      senders = null;
      return ok(next);
    },
  };
}
export type BureauSettingsService = ReturnType<typeof createBureauSettingsService>;
