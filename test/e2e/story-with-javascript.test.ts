import { useServedApp } from '../helpers/browser';
import { PageAudit } from '../helpers/pageAudit';
import { wholeStory } from '../helpers/story';

/**
 * Issue 12's proof, JavaScript on (htmx swaps the SMS block and step 2's cascade in place): one new teacher's
 * whole story on the demo county (see test/helpers/story.ts), every page screenshotted under test-results/story-js/ at 1024×768 and 360×640, without sideways scroll,
 * without serious or critical axe-core violations, and valid HTML by the Nu Html Checker.
 */
const served = useServedApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });

test('register → 实名认证 → seven steps → PDF → 材料不全 → 退回修改 → edit → 材料齐全 → 注册合格 → history, every page checked', async () => {
  const audit = new PageAudit('story-js');
  await wholeStory(served, audit, true, { n: 302, name: '周晓梅', mobile: '13900139302', email: 'zhouxm@example.com', password: 'Story#2026' });
  await audit.validate();
  expect(audit.findings).toEqual([]);
}, 300_000);
