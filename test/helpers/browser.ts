import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import puppeteer, { Browser } from 'puppeteer-core';
import { makeTestApp, TestContext } from './app';

// Real Chromium is slow to start on two busy cores: every end-to-end test file imports this helper.
jest.setTimeout(60_000);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

/** The system Chromium (never a downloaded one), with the flags that work as root on these machines. */
export async function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'tr-chromium-'))}`,
    ],
  });
}

/** Serves the test app on a free loopback port. */
export async function serve(ctx: TestContext): Promise<{ url: string; server: Server }> {
  const server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** An app served on loopback and a Chromium to drive it, set up once per test file. */
export function useServedApp(opts: Parameters<typeof makeTestApp>[0] = {}) {
  const env = {} as { ctx: TestContext; chromium: Browser; server: Server; base: string };
  beforeAll(async () => {
    env.ctx = await makeTestApp(opts);
    ({ url: env.base, server: env.server } = await serve(env.ctx));
    env.chromium = await launchChromium();
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await env.chromium?.close();
    env.server?.close();
    // The container owns the PDF pool's Chromium: left running, Jest never exits after a test that printed.
    await env.ctx?.container.close();
    await env.ctx?.close();
  });
  return env;
}
