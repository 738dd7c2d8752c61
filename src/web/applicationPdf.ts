import type { Response } from 'express';
import type { ApplicationRow } from '../repositories/applications';
import { isPdfUnavailable, ApplicationFormService } from '../pdf/applicationForms';
import { FORM_MESSAGES } from '../pdf/messages';
import { renderPage } from './render';
import type { CertificationFormService } from '../pdf/certificationForms';

/**
 * Sends the two-copy 申请表 PDF of one application (applicant and staff alike), or the 503 page when Chromium fails.
 * `beforeSend` runs once the PDF is rendered (a staff download's audit row): if it throws, nothing is sent.
 */
export async function sendApplicationPdf(res: Response, forms: ApplicationFormService, a: ApplicationRow, beforeSend?: () => Promise<void>): Promise<void> {
  try {
    const { pdf } = await forms.pdf(a);
    await beforeSend?.();
    const name = `教师资格定期注册申请表-${a.application_no}.pdf`;
    res.type('application/pdf')
      .set('Content-Disposition', `attachment; filename="application-form-${a.application_no}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  } catch (err) {
    if (!isPdfUnavailable(err)) throw err;
    console.error(`[pdf] 申请表 ${a.application_no} v${a.version} not rendered: ${err.message}`);
    res.set('Retry-After', '30');
    renderPage(res, 'pages/errors/error', { title: '申请表暂不可用', message: FORM_MESSAGES.unavailable }, 503);
  }
}

/** The 教师资格认定申请表 PDF (its own template and copies, pdf/certificationForms.ts), for the applicant and staff alike. */
export async function sendCertificationPdf(res: Response, forms: Pick<CertificationFormService, 'pdf'>, a: ApplicationRow, beforeSend?: () => Promise<void>): Promise<void> {
  try {
    const pdf = await forms.pdf(a);
    await beforeSend?.();
    const name = `教师资格认定申请表-${a.application_no}.pdf`;
    res.type('application/pdf')
      .set('Content-Disposition', `attachment; filename="certification-form-${a.application_no}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .set('Cache-Control', 'no-store')
      .send(pdf);
  } catch (err) {
    if (!isPdfUnavailable(err)) throw err;
    console.error(`[pdf] 认定申请表 ${a.application_no} v${a.version} not rendered: ${err.message}`);
    res.set('Retry-After', '30');
    renderPage(res, 'pages/errors/error', { title: '申请表暂不可用', message: FORM_MESSAGES.unavailable }, 503);
  }
}
