import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import { checkIdentityDocument, checkMobile, checkName, checkSmsCode } from '../../../domain/accountForms';
import { FieldErrors, hasErrors, text } from '../../../domain/validation';
import { M } from '../../../messages';
import { paths } from '../../paths';
import { renderFragment, renderPage } from '../../render';
import { certificateRows } from '../../viewModels/certificates';

const FIELDS = ['name', 'idNumber', 'certNumber', 'captcha', 'mobile', 'smsCode'];

/** 证书查询 (seed 004 §1.1.2): 本人查询 for the signed-in applicant, 其他查询 with a verified mobile. */
export function certificatesRouter(c: Container): Router {
  const router = Router();
  const { captcha, sms, certificates } = c.services;

  async function show(req: Request, res: Response, data: Record<string, unknown>, status = 200) {
    const own = req.account ? certificateRows(await certificates.ofAccount(req.account), await c.services.reference.list('qualification')) : null;
    renderPage(res, 'pages/certificates/query', { title: '证书查询', own, captchaId: await captcha.create(), fieldOrder: FIELDS, ...data }, status);
  }

  router.get(paths.certQuery, (req, res) => show(req, res, { values: {} }));

  router.post(paths.certQuery, async (req, res) => {
    const errors: FieldErrors = {};
    const name = checkName(text(req.body, 'name', 30), '1', errors);
    const idNumber = checkIdentityDocument('1', text(req.body, 'idNumber', 30), c.clock.now(), errors);
    const certNumber = text(req.body, 'certNumber', 17);
    if (!/^(\d{15}|\d{17})$/.test(certNumber)) errors.certNumber = M.certQuery.certNumber;
    const mobile = text(req.body, 'mobile', 11);
    checkMobile(mobile, errors);
    const smsCode = text(req.body, 'smsCode', 6);
    const values = { name, idNumber, certNumber, mobile, smsCode };
    const action = text(req.body, 'action', 20);
    if (action === 'refresh-captcha') return show(req, res, { values });
    if (action === 'send-sms') {
      // 图形验证 then 发送短信验证码, as on the national site.
      const smsErrors: FieldErrors = {};
      if (errors.mobile) smsErrors.mobile = errors.mobile;
      if (!(await captcha.verify(text(req.body, 'captchaId', 40), text(req.body, 'captcha', 10)))) smsErrors.captcha = M.captcha.wrong;
      // Without JavaScript the whole page comes back; htmx gets only the SMS block (same checks either way).
      const answer = async (data: Record<string, unknown>, status = 200) => req.isHtmx
        ? renderFragment(res, 'fragments/cert-query-sms', { values, captchaId: await captcha.create(), ...data }, status)
        : show(req, res, { values, ...data }, status);
      if (hasErrors(smsErrors)) return answer({ errors: smsErrors }, 422);
      const outcome = await sms.send(mobile, 'cert-query', req.ip ?? 'unknown');
      if (!outcome.sent) return answer({ errors: { smsCode: outcome.message } }, 429);
      return answer({ notice: M.sms.sent });
    }
    checkSmsCode(smsCode, errors);
    if (hasErrors(errors)) return show(req, res, { values, errors }, 422);
    if (!(await sms.verify(mobile, 'cert-query', smsCode))) return show(req, res, { values, errors: { smsCode: M.sms.wrong } }, 422);
    const cert = await certificates.publicQuery(name, idNumber, certNumber);
    if (!cert) return show(req, res, { values, errors: { _form: M.certQuery.none } }, 404);
    const [row] = certificateRows([cert], await c.services.reference.list('qualification'));
    show(req, res, { values: {}, result: { ...row, holder: cert.holder_name } });
  });

  return router;
}
