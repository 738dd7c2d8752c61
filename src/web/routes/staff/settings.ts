import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import type { BureauSettings } from '../../../domain/bureauSettings';
import { FEMALE_BASE_AGES, MALE_BASE_AGES, ageText, retirementAge } from '../../../domain/retirement';
import { parseId, text, FieldErrors } from '../../../domain/validation';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireRole, staffOf } from '../../middleware/roles';

const valuesOf = (s: BureauSettings) => ({
  maleAge: String(s.retirement.maleAge), femaleAge: String(s.retirement.femaleAge), gradual: s.retirement.gradual ? 'yes' : 'no',
  smsSignature: s.smsSignature ?? '', mailSenderName: s.mailSenderName ?? '',
});

/** A few birth dates and the retirement age the saved setting gives them, so an admin sees what the rule does. */
function examples(s: BureauSettings) {
  const births = ['1965-03-01', '1966-11-01', '1970-06-01', '1976-09-01'];
  return births.map((b) => ({
    birth: `${b.slice(0, 4)}年${Number(b.slice(5, 7))}月`,
    male: ageText(retirementAge(b, '1', s.retirement)),
    female: ageText(retirementAge(b, '2', s.retirement)),
  }));
}

/**
 * 机构设置: what belongs to a bureau rather than to the deployment — the retirement ages the registration rule uses
 * (with the 2025 gradual schedule) and the names its SMS and e-mail are sent under. A bureau admin sets their own
 * bureau's; the system admin chooses the bureau (?bureau=ID, the instance's first by default).
 */
export function staffSettingsRouter(c: Container): Router {
  const router = Router();
  const { settings } = c.services;
  const mayEdit = requireRole('bureau_admin', 'system_admin');
  const admin = staffOf;

  async function show(req: Request, res: Response, bureauId: number | null, data: { values?: Record<string, string>; errors?: FieldErrors } = {}, status = 200) {
    const bureaus = await settings.bureausFor(admin(req));
    const bureau = bureaus.find((b) => b.id === bureauId) ?? bureaus[0];
    if (!bureau) return renderPage(res, 'pages/errors/error', { title: '机构设置', message: '还没有注册机构：请先执行 npm run admin -- init' }, 404);
    const saved = await settings.forBureau(bureau.id);
    renderPage(res, 'pages/staff/settings', {
      title: '机构设置', bureau, bureaus: bureaus.map((b) => ({ code: String(b.id), name: b.name })), siteName: c.config.siteName,
      maleAges: MALE_BASE_AGES.map((a) => ({ code: String(a), name: `${a}周岁` })),
      femaleAges: FEMALE_BASE_AGES.map((a) => ({ code: String(a), name: a === 55 ? '55周岁（女干部、专业技术人员，含教师）' : `${a}周岁（女职工）` })),
      gradualOptions: [{ code: 'yes', name: '按渐进式延迟计算' }, { code: 'no', name: '不延迟' }],
      examples: examples(saved), fieldOrder: ['maleAge', 'femaleAge', 'gradual', 'smsSignature', 'mailSenderName'],
      values: valuesOf(saved), ...data,
    }, status);
  }

  router.get(paths.staffSettings, mayEdit, (req, res) => show(req, res, parseId(text(req.query, 'bureau', 10))));

  router.post(paths.staffSettings, mayEdit, async (req, res) => {
    const bureauId = parseId(text(req.body, 'bureauId', 10));
    const values = {
      maleAge: text(req.body, 'maleAge', 3), femaleAge: text(req.body, 'femaleAge', 3), gradual: text(req.body, 'gradual', 3),
      smsSignature: text(req.body, 'smsSignature', 20), mailSenderName: text(req.body, 'mailSenderName', 40),
    };
    const result = bureauId === null ? { ok: false as const, errors: { _form: '请选择注册机构' } } : await settings.save(admin(req), bureauId, values, req.ip ?? null);
    if (!result.ok) return show(req, res, bureauId, { values, errors: result.errors }, 422);
    flash(req, 'success', '已保存机构设置');
    res.redirect(303, paths.staffSettingsOf(bureauId!));
  });

  return router;
}
