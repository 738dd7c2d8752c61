import { Router, Request, Response } from 'express';
import { staffOf } from '../../middleware/roles';
import type { Container } from '../../../container';
import type { FieldErrors } from '../../../domain/validation';
import { PROFILE_FIELDS, profileForm, readProfileForm, ProfileForm } from '../../../domain/bureauProfile';
import { DEFAULT_NOTES } from '../../../domain/notices';
import { DEFAULT_MATERIALS_CHECKLIST } from '../../../domain/materials';
import {
  CERTIFICATION_SETTINGS_FIELDS, certificationSettingsForm, readCertificationSettings, CertificationSettingsForm, DEFAULT_CERTIFICATION_CHECKLIST, DEFAULT_CERTIFICATION_NOTES,
} from '../../../domain/certification/bureauSettings';
import { paths } from '../../paths';
import { flash, renderPage } from '../../render';
import { adminBureauId as bureauId, bureauAdminGuard } from '../../middleware/adminBureau';

/** 机构信息 (机构管理员; a system admin for the instance's bureau): contacts, 公告, 注意事项, the counter's materials checklist; and 教师资格认定设置. */
export function staffBureauRouter(c: Container): Router {
  const router = Router();
  const service = c.services.bureauAdmin;
  const guard = bureauAdminGuard(service);

  async function show(req: Request, res: Response, values?: ProfileForm, errors: FieldErrors = {}, status = 200) {
    const bureau = await service.findBureau(bureauId(req));
    if (!bureau) return renderPage(res, 'pages/errors/error', { title: '未找到注册机构', message: '未找到该注册机构。' }, 404);
    renderPage(res, 'pages/staff/bureau/profile', {
      title: '机构信息', bureau, values: values ?? profileForm(bureau), errors, fieldOrder: PROFILE_FIELDS,
      defaultNotes: DEFAULT_NOTES, defaultChecklist: DEFAULT_MATERIALS_CHECKLIST,
    }, status);
  }

  router.get(paths.staffBureau, ...guard, (req, res) => show(req, res));

  async function showCertification(req: Request, res: Response, values?: CertificationSettingsForm, errors: FieldErrors = {}, status = 200) {
    const bureau = await service.findBureau(bureauId(req));
    if (!bureau) return renderPage(res, 'pages/errors/error', { title: '未找到注册机构', message: '未找到该注册机构。' }, 404);
    renderPage(res, 'pages/staff/bureau/certification', {
      title: '教师资格认定设置', bureau, values: values ?? certificationSettingsForm(bureau), errors, fieldOrder: CERTIFICATION_SETTINGS_FIELDS,
      defaultNotes: DEFAULT_CERTIFICATION_NOTES, defaultChecklist: DEFAULT_CERTIFICATION_CHECKLIST,
    }, status);
  }

  router.get(paths.staffCertificationSettings, ...guard, (req, res) => showCertification(req, res));

  router.post(paths.staffCertificationSettings, ...guard, async (req, res) => {
    const form = readCertificationSettings(req.body);
    const result = await service.saveCertificationSettings(staffOf(req), bureauId(req), form, req.ip ?? null);
    if (!result.ok) return showCertification(req, res, form, result.errors, 422);
    flash(req, 'success', '教师资格认定设置已保存');
    res.redirect(303, paths.staffCertificationSettings);
  });

  router.post(paths.staffBureau, ...guard, async (req, res) => {
    const form = readProfileForm(req.body);
    const result = await service.saveProfile(staffOf(req), bureauId(req), form, req.ip ?? null);
    if (!result.ok) return show(req, res, form, result.errors, 422);
    flash(req, 'success', '机构信息已保存');
    res.redirect(303, paths.staffBureau);
  });

  return router;
}
