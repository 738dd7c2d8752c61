import { makeTestApp, TestContext, Browser } from '../helpers/app';
import { submitDemoApplication, getBinary } from '../helpers/forms';
import { FORM_MESSAGES } from '../../src/pdf/messages';

/**
 * The 申请表's Chromium (the system one, through the app's own pool) crashes or hangs in the middle of a render:
 * that request gets the 503 page, the pool recovers by itself, and the next PDF is made. Mid-render is made certain
 * by stopping the browser process (SIGSTOP) once the pool reports the render under way: then SIGKILL (a crash) or
 * nothing (a hang, which the render time limit ends).
 */
const LIMIT_MS = 2000; // PDF_TIMEOUT_MS: the hang costs this, then the pool's own close limits

let ctx: TestContext;
let b: Browser;
let no: string;
const stopped: number[] = [];
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', PDF_TIMEOUT_MS: String(LIMIT_MS) } });
  ({ b, no } = await submitDemoApplication(ctx));
});
afterAll(async () => {
  for (const pid of stopped) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ } }
  await ctx?.container.close();
  await ctx?.close();
});

const forms = () => ctx.container.services.forms;
const download = () => getBinary(b, `/applications/${no}/form.pdf`);
const isPdf = (body: unknown) => Buffer.isBuffer(body) && body.subarray(0, 5).toString() === '%PDF-';

/** Starts a download and freezes Chromium once the pool has it rendering; resolves with the response and the pid. */
async function downloadFrozenMidRender() {
  expect(isPdf((await download()).body)).toBe(true); // a running browser (and a cached PDF, forgotten next)
  forms().forget((await ctx.db('applications').where({ application_no: no }).first()).id);
  const pid = (await forms().chromiumPid()) as number;
  expect(pid).toBeGreaterThan(0);
  const launches = forms().stats().pool.launches;
  const response = download();
  for (let i = 0; i < 2000 && forms().stats().pool.busy === 0; i += 1) await new Promise((r) => setTimeout(r, 2));
  process.kill(pid, 'SIGSTOP');
  stopped.push(pid);
  return { response, pid, launches };
}

async function expectUnavailablePage(res: { status: number; text?: string; body: unknown }) {
  expect(res.status).toBe(503);
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.text);
  expect(text).toContain(FORM_MESSAGES.unavailable);
}

test('Chromium killed mid-render: 503 page for that request, the next PDF comes from a new Chromium', async () => {
  const { response, pid, launches } = await downloadFrozenMidRender();
  process.kill(pid, 'SIGKILL');
  await expectUnavailablePage(await response);
  const next = await download();
  expect(next.status).toBe(200);
  expect(isPdf(next.body)).toBe(true);
  expect(forms().stats().pool.launches).toBe(launches + 1);
  expect(await forms().chromiumPid()).not.toBe(pid);
});

test('Chromium hanging mid-render: 503 page within the render limit, the pool recovers, the next PDF works', async () => {
  const { response, pid, launches } = await downloadFrozenMidRender();
  const started = Date.now();
  await expectUnavailablePage(await response);
  expect(Date.now() - started).toBeLessThan(LIMIT_MS + 3000);
  // Nothing wakes the frozen browser: the pool gives up on it (a page that will not close, then the browser) by itself.
  let next = await download();
  for (let i = 0; i < 5 && next.status !== 200; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    next = await download();
  }
  expect(next.status).toBe(200);
  expect(isPdf(next.body)).toBe(true);
  expect(forms().stats().pool.launches).toBeGreaterThan(launches);
  expect(await forms().chromiumPid()).not.toBe(pid);
});
