import { useServedApp } from '../helpers/browser';
import { PageAudit } from '../helpers/pageAudit';
import { certificationStory } from '../helpers/certificationStory';

/**
 * Issue 14's proof for 教师资格认定, JavaScript on (htmx swaps the SMS block and the 认定机构 cascade in place; the
 * signature drawn on the pad with the mouse): one new applicant's whole story on the demo county (see
 * test/helpers/certificationStory.ts), every page screenshotted under test-results/certification-story-js/ at 1024×768
 * and 360×640, without sideways scroll, without serious or critical axe-core violations, and valid HTML by the Nu Html
 * Checker.
 */
const served = useServedApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });

test('register → 实名认证 → 普通话 核验 → eight steps (signature pad) → 申报提醒 → 详情, 申请表 PDF → 材料齐全 → 认定通过, every page checked', async () => {
  const audit = new PageAudit('certification-story-js');
  await certificationStory(served, audit, true, { n: 304, name: '何志远', mobile: '13900139304', email: 'hezy@example.com', password: 'Story#2026' });
  await audit.validate();
  expect(audit.findings).toEqual([]);
}, 300_000);
