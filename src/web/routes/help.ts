import { Router } from 'express';
import type { Container } from '../../container';
import { MUST_READ } from '../../domain/notices';
import { SEASON_STEPS } from '../../domain/help';
import { readSelection } from '../../domain/bureauSelection';
import { parseId } from '../../domain/validation';
import { isPdfUnavailable } from '../../pdf/applicationForms';
import { GUIDE_MESSAGES } from '../../pdf/messages';
import { paths } from '../paths';
import { renderFragment, renderPage } from '../render';

/**
 * Help where teachers look for it, as on the national site's entrance (办事指南, 网报时间查询, 常见问题; 联系方式 is
 * /contacts): public pages, no sign-in and no session written, the bureaus' own plans, points, checklist and contacts.
 */
export function helpRouter(c: Container): Router {
  const router = Router();
  const { guide, guidePdf, places } = c.services;

  router.get(paths.guide, async (_req, res) => renderPage(res, 'pages/help/guide', {
    title: '中小学教师资格定期注册办事指南', bureaus: await guide.bureaus(), steps: SEASON_STEPS, mustRead: MUST_READ,
  }));

  // 网报时间查询 for everyone: the step-2 cascade as a GET form (htmx asks the public fragment below), and every
  // bureau's plans and points under it. The signed-in /platform/window stays as it was.
  router.get(paths.guideWindow, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await places.cascade(sel);
    const data = { title: '教师资格定期注册申请网报时间查询', sel, cascade, windowText: cascade.windowText, mode: 'query', cascadeUrl: paths.guideCascade };
    if (req.isHtmx) return renderFragment(res, 'fragments/bureau-cascade', data);
    renderPage(res, 'pages/help/window', { ...data, bureaus: await guide.bureaus() });
  });
  router.get(paths.guideCascade, async (req, res) => {
    const sel = readSelection(req.query);
    const cascade = await places.cascade(sel);
    renderFragment(res, 'fragments/bureau-cascade', { sel, cascade, windowText: cascade.windowText, mode: 'query', cascadeUrl: paths.guideCascade, errors: {} });
  });

  router.get(paths.faq, (_req, res) => renderPage(res, 'pages/help/faq', { title: '常见问题' }));

  // The one-page guide a bureau hands out. No personal data: it may be cached by browsers and proxies for a few minutes.
  router.get('/guide/print/:bureauId.pdf', async (req, res, next) => {
    const id = parseId(String(req.params.bureauId));
    const bureau = id ? await guide.bureau(id) : undefined;
    if (!bureau) return next();
    try {
      const pdf = await guidePdf.pdf(bureau);
      const name = `定期注册办事指南-${bureau.name}.pdf`;
      res.type('application/pdf')
        .set('Content-Disposition', `inline; filename="guide-${bureau.id}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .set('Cache-Control', 'public, max-age=300')
        .send(pdf);
    } catch (err) {
      if (!isPdfUnavailable(err)) throw err;
      console.error(`[pdf] 办事指南 of bureau ${bureau.id} not rendered: ${err.message}`);
      res.set('Retry-After', '30');
      renderPage(res, 'pages/errors/error', { title: '办事指南暂不可用', message: GUIDE_MESSAGES.unavailable }, 503);
    }
  });

  return router;
}
