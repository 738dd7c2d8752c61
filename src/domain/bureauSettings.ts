import { DEFAULT_RETIREMENT, FEMALE_BASE_AGES, MALE_BASE_AGES, RetirementRule } from './retirement';
import type { FieldErrors } from './validation';

/** A bureau's settings as the rules use them; null sender names mean the site's name. */
export interface BureauSettings { retirement: RetirementRule; smsSignature: string | null; mailSenderName: string | null }
export const DEFAULT_SETTINGS: BureauSettings = { retirement: DEFAULT_RETIREMENT, smsSignature: null, mailSenderName: null };

export interface SettingsForm { maleAge: string; femaleAge: string; gradual: string; smsSignature: string; mailSenderName: string }

/** The settings page's form → settings, or the message by each field. */
export function parseSettingsForm(form: SettingsForm): { settings: BureauSettings; errors?: undefined } | { settings?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const maleAge = Number(form.maleAge);
  const femaleAge = Number(form.femaleAge);
  if (!(MALE_BASE_AGES as readonly number[]).includes(maleAge)) errors.maleAge = `请选择男性原法定退休年龄（${MALE_BASE_AGES.join('、')}周岁）`;
  if (!(FEMALE_BASE_AGES as readonly number[]).includes(femaleAge)) errors.femaleAge = `请选择女性原法定退休年龄（${FEMALE_BASE_AGES.join('、')}周岁）`;
  if (form.gradual !== 'yes' && form.gradual !== 'no') errors.gradual = '请选择是否按渐进式延迟法定退休年龄计算';
  // A 短信签名 is 2–12 characters at the gateways (the 【】 are added by the system).
  const sms = form.smsSignature;
  if (sms && ([...sms].length < 2 || [...sms].length > 12 || /[【】[\]<>]/.test(sms))) errors.smsSignature = '短信签名为2-12个字，不含【】等括号';
  const mail = form.mailSenderName;
  if (mail && ([...mail].length > 30 || /[<>"@\r\n]/.test(mail))) errors.mailSenderName = '邮件发件人名称不超过30个字，不含 < > " @';
  if (Object.keys(errors).length) return { errors };
  return { settings: { retirement: { maleAge, femaleAge, gradual: form.gradual === 'yes' }, smsSignature: sms || null, mailSenderName: mail || null } };
}
