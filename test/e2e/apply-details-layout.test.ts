import type { Page } from 'puppeteer-core';
import { DEMO } from '../helpers/app';
import { useServedApp } from '../helpers/browser';
import { completeDraft } from '../helpers/applicants';
import { byLabel, openPage, PHONE, DESKTOP, shots, signInAsApplicant } from '../helpers/pageDriver';

/**
 * 定期注册 步骤三 填写注册信息 in real Chromium, JavaScript off: at 1024 px the certificate choice is a table; at 360 px
 * each certificate is a card with its radio beside its number, 填写身份信息's pairs one a line (they were four cramped
 * columns breaking the ID number and the date), and the page never scrolls sideways
 * (test-output/screenshots/apply-details-*.png).
 */
const served = useServedApp();

const layout = (page: Page) => page.evaluate(() => {
  const table = document.getElementById('field-certificateId') as HTMLTableElement;
  const box = table.parentElement as HTMLElement;
  const identity = document.querySelector('table.kv.pairs') as HTMLTableElement;
  const firstRow = identity.rows[0];
  return {
    display: getComputedStyle(table).display, header: getComputedStyle(table.tHead as HTMLElement).position !== 'absolute',
    overflows: box.scrollWidth > box.clientWidth,
    // How many label/value cells share the first row's line: four at 1024 px, two on a phone.
    pairsOnFirstLine: [...firstRow.cells].filter((c) => Math.abs(c.getBoundingClientRect().top - firstRow.cells[0].getBoundingClientRect().top) < 2).length,
  };
});

test('步骤三 reads well at 1024 px and at 360 px, with no sideways scroll of the page', async () => {
  const { ctx } = served;
  const [account] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
  const cert = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first();
  await completeDraft(ctx, account, cert.id);
  const page = await openPage(served.chromium);
  await signInAsApplicant(page, served.base, DEMO.liMing.idNumber, DEMO.liMing.password);
  await page.goto(`${served.base}/apply/step/3`);
  await shots(page, 'apply-details', { fitsPhone: true });

  await page.setViewport(DESKTOP);
  expect(await layout(page)).toEqual({ display: 'table', header: true, overflows: false, pairsOnFirstLine: 4 });
  await page.setViewport(PHONE);
  expect(await layout(page)).toEqual({ display: 'block', header: false, overflows: false, pairsOnFirstLine: 2 });
  // The card still chooses by its label: the radio beside the certificate number.
  const radio = await byLabel(page, '20094478131000123');
  const label = await page.$(`label[for="${await radio.evaluate((e) => e.id)}"]`);
  // The first line of the number's text (a block label's own box runs under the floated radio).
  const l = await label!.evaluate((e) => { const range = document.createRange(); range.selectNodeContents(e); const b = range.getClientRects()[0]; return { x: b.x, y: b.y, height: b.height }; });
  const r = (await radio.boundingBox())!;
  expect(r.x + r.width).toBeLessThanOrEqual(l.x);
  expect(Math.abs(r.y + r.height / 2 - (l.y + l.height / 2))).toBeLessThan(10);
  await page.setViewport(DESKTOP);
});
