/*
 * Issue 13 (SSRF): the PDF renderer fetches nothing. A local HTTP server counts every request it gets; an applicant's
 * typed fields carrying an <img>, a stylesheet link and a CSS url() go through the real app, the wizard and the real
 * Chromium into the 申请表 PDF, and the server sees nothing. The same holds for a raw document (the path a template
 * with unescaped output would take), with every way HTML has to ask for something.
 */
import { PdfUnavailableError } from '../../src/pdf/browserPool';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, TestContext, loginAs, DEMO } from '../helpers/app';
import { getBinary, pdfTools } from '../helpers/forms';
import { BUREAU, cameraPhoto, demoIds, DETAILS, postDetails } from '../helpers/wizard';
import { CHROMIUM_PATH } from '../helpers/browser';

jest.setTimeout(120_000);

let ctx: TestContext;
let server: http.Server;
let port = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'image/png' }).end();
  });
  // Any connection at all counts, not only complete HTTP requests (a WebSocket upgrade, a preconnect).
  server.on('connection', () => hits.push('connection'));
  server.on('upgrade', (req, socket) => { hits.push(`upgrade ${req.url}`); socket.destroy(); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  ctx = await makeTestApp({ env: { CHROMIUM_PATH } });
});
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => { hits.length = 0; });

test('a 申请表 whose typed fields hold <img src=http://127.0.0.1:PORT/…> and CSS url(…) makes no request when rendered to PDF', async () => {
  const origin = `http://127.0.0.1:${port}`;
  const crafted = {
    address: `<img src=${origin}/img-address>`,
    hukou: `<p style="background:url(${origin}/css-hukou)">`,
    schoolName: `<link rel=stylesheet href=${origin}/link>`,
  };
  const b = await loginAs(ctx, DEMO.liMing);
  const ids = await demoIds(ctx);
  expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
  const s3 = await postDetails(b, { ...DETAILS, ...crafted, certificateId: ids.certificateId }, await cameraPhoto());
  expect([s3.status, /error-summary[\s\S]*?<\/ul>/.exec(s3.text)?.[0]]).toEqual([303, undefined]);
  for (const step of [4, 5]) expect((await b.submit(`/apply/step/${step}`, {})).status).toBe(303);
  const done = await b.submit('/apply/step/6', { promise: 'agree' });
  const no = /\/apply\/done\/(\d{8})$/.exec(done.headers.location ?? '')?.[1] as string;
  expect(no).toBeDefined();

  const res = await getBinary(b, `/applications/${no}/form.pdf`);
  expect(res.status).toBe(200);
  const pdf = res.body as Buffer;
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // The markup was printed as text, and the photo (a data: URL) is still there.
  const tools = pdfTools();
  try {
    const file = tools.write('crafted.pdf', pdf);
    const printed = tools.text(file).replace(/\s+/g, '');
    expect(printed).toContain(`<img src=${origin}/img-address>`.replace(/\s+/g, ''));
    expect(tools.images(file)).toMatch(/\n\s*1\s+\d+\s+image/);
  } finally {
    tools.cleanup();
  }
  expect(hits).toEqual([]);
});

test('a raw document (no escaping at all) asking for things every way HTML can still makes no request', async () => {
  const origin = `http://127.0.0.1:${port}`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
    <link rel="stylesheet" href="${origin}/link-css"><link rel="preload" as="image" href="${origin}/preload">
    <link rel="icon" href="${origin}/icon"><link rel="prefetch" href="${origin}/prefetch">
    <style>@import url(${origin}/import); @font-face { font-family: x; src: url(${origin}/font) } body { font-family: x; background: url(${origin}/bg) }</style>
    <meta http-equiv="refresh" content="0;url=${origin}/refresh"></head><body>
    <img src="${origin}/img"><img srcset="${origin}/srcset 2x"><picture><source srcset="${origin}/source"><img alt=""></picture>
    <iframe src="${origin}/iframe"></iframe><object data="${origin}/object"></object><embed src="${origin}/embed">
    <video poster="${origin}/poster" src="${origin}/video"></video><audio src="${origin}/audio"></audio>
    <svg><image href="${origin}/svg-image" width="10" height="10"/></svg><input type="image" src="${origin}/input">
    <div style="background-image:url(${origin}/inline-style)">x</div>
    <script src="${origin}/script"></script>
    <script>fetch('${origin}/fetch'); new WebSocket('ws://127.0.0.1:${port}/ws'); navigator.sendBeacon('${origin}/beacon'); new Image().src = '${origin}/js-img';</script>
    </body></html>`;
  // The document's own navigation (the meta refresh, aborted by the interception) can race Chromium's printing: on a
  // loaded machine printToPDF then fails ("Printing failed", twice in CI). Either outcome is safe — what this test is
  // about is that no request leaves, so a refused render is accepted and the count below is what must hold.
  const outcome = await ctx.container.services.forms.printDocument(html).then(
    (pdf) => pdf.subarray(0, 5).toString(),
    (err: Error) => (err instanceof PdfUnavailableError && /Printing failed/.test(err.message) ? 'refused' : Promise.reject(err)),
  );
  expect(['%PDF-', 'refused']).toContain(outcome);
  await new Promise((resolve) => setTimeout(resolve, 500)); // anything late (a refresh) would have arrived by now
  expect(hits).toEqual([]);
});
