import { useServedApp } from '../helpers/browser';
import { PageAudit } from '../helpers/pageAudit';
import { wholeStory } from '../helpers/story';

/**
 * Issue 12's proof, JavaScript off: one new teacher's whole story on the demo county (see test/helpers/story.ts),
 * every page screenshotted under test-results/story-nojs/ at 1024×768 and 360×640, without sideways scroll,
 * without serious or critical axe-core violations, and valid HTML by the Nu Html Checker.
 */
const served = useServedApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } });

test('register → 实名认证 → seven steps → PDF → 材料不全 → 退回修改 → edit → 材料齐全 → 注册合格 → history, every page checked', async () => {
  const audit = new PageAudit('story-nojs');
  await wholeStory(served, audit, false, { n: 301, name: '赵文静', mobile: '13900139301', email: 'zhaowj@example.com', password: 'Story#2026' });
  await audit.validate();
  expect(audit.findings).toEqual([]);
}, 300_000);
