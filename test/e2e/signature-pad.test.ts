import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'puppeteer-core';
import { projectRoot } from '../../src/paths';
import { signatureFromPad } from '../../src/services/signatureImage';
import { launchChromium } from '../helpers/browser';

/**
 * The signature pad of 教师资格认定 步骤四 on its own, in real Chromium: the block works as a file input without
 * scripts; with the script a mouse drag and a finger (touch) both draw, 清除签名 empties it, and the submitted data URL
 * is what the server's normaliser accepts (services/signatureImage.ts).
 */
const script = fs.readFileSync(path.join(projectRoot, 'public/js/signature-pad.js'), 'utf8');
const MARKUP = `<!doctype html><meta charset="utf-8"><form id="f" onsubmit="event.preventDefault();">
  <div data-signature-pad style="width:560px"><input type="hidden" name="signatureData" value="">
  <label for="photo">上传签名后的个人承诺书照片</label> <input type="file" id="photo" name="signaturePhoto"></div>
  <button type="submit">下一步</button></form>`;

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

async function padPage(opts: { touch?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage();
  if (opts.touch) await page.setViewport({ width: 360, height: 740, hasTouch: true, isMobile: true });
  await page.setContent(MARKUP);
  await page.addScriptTag({ content: script });
  return page;
}
/** Submits (the page's own handler stops the navigation after the pad's listener ran) and returns what would be sent. */
const submit = (page: Page) => page.evaluate(() => {
  (document.getElementById('f') as HTMLFormElement).requestSubmit();
  return (document.querySelector('[name=signatureData]') as HTMLInputElement).value;
});

test('a mouse signature is sent as a PNG the server accepts; 清除签名 empties it', async () => {
  const page = await padPage();
  const box = (await (await page.$('canvas'))!.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 150);
  await page.mouse.down();
  for (let i = 0; i <= 40; i++) await page.mouse.move(box.x + 30 + i * 10, box.y + 100 + Math.sin(i / 3) * 60);
  await page.mouse.up();
  const sent = await submit(page);
  expect(sent).toMatch(/^data:image\/png;base64,/);
  const checked = await signatureFromPad(sent);
  expect(checked.ok).toBe(true);
  if (checked.ok) expect((await sharp(checked.value.data).metadata()).format).toBe('png');
  await page.evaluate(() => ([...document.querySelectorAll('button')].find((b) => b.textContent === '清除签名') as HTMLButtonElement).click());
  expect(await submit(page)).toBe('');
  await page.close();
});

test('a finger signs on a phone (touch input)', async () => {
  const page = await padPage({ touch: true });
  const box = (await (await page.$('canvas'))!.boundingBox())!;
  const session = await page.createCDPSession();
  const touch = (type: string, x: number, y: number) => session.send('Input.dispatchTouchEvent', { type: type as 'touchStart', touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x, y: box.y + y }] });
  await touch('touchStart', 20, 150);
  for (let i = 0; i <= 30; i++) await touch('touchMove', 20 + i * 8, 120 + Math.cos(i / 2) * 50);
  await touch('touchEnd', 0, 0);
  const sent = await submit(page);
  expect((await signatureFromPad(sent)).ok).toBe(true);
  await page.close();
});

test('without drawing nothing is sent (the photo upload stays the way)', async () => {
  const page = await padPage();
  expect(await submit(page)).toBe('');
  expect(await page.$('input[type=file][name=signaturePhoto]')).not.toBeNull();
  await page.close();
});
