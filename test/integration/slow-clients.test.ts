import net from 'node:net';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, TestContext } from '../helpers/app';
import { createHttpServer } from '../../src/httpServer';

/** Clients that send headers and then nothing neither fill MAX_IN_FLIGHT nor hold a socket for long. */
let ctx: TestContext;
let server: http.Server;
let port: number;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  ctx = await makeTestApp({ env: { MAX_IN_FLIGHT: '5', REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000' } });
  server = createHttpServer(ctx.app, ctx.config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx?.close();
});

/** Opens a socket, writes the text, and keeps silent; resolves when the server closes it (with what it said). */
function halfSent(text: string): { closed: Promise<{ afterMs: number; reply: string }> } {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  let reply = '';
  socket.on('data', (d) => { reply += d.toString(); });
  socket.on('error', () => undefined);
  socket.write(text);
  return { closed: new Promise((resolve) => socket.on('close', () => resolve({ afterMs: Date.now() - started, reply }))) };
}

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('ten stalled bodies (url-encoded and multipart) do not put a MAX_IN_FLIGHT=5 instance on the 503 page', async () => {
  const stalled = [];
  for (let i = 0; i < 5; i++) {
    stalled.push(halfSent('POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nidNumber=1'));
    stalled.push(halfSent('POST /me/realname/review HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name="front"; filename="a.jpg"\r\n\r\nabc'));
  }
  await pause(200);
  for (let i = 0; i < 3; i++) {
    const page = await get('/login');
    expect(page.status).toBe(200);
    expect(page.body).toContain('登录');
  }
  // The server's request timeout ends them; it does not wait Node's 300 s.
  const ends = await Promise.all(stalled.map((s) => s.closed));
  for (const end of ends) expect(end.afterMs).toBeLessThan(6000);
}, 15_000);

test('a client that sends half its headers is cut off after the header timeout', async () => {
  const { closed } = halfSent('GET /login HTTP/1.1\r\nHost: x\r\n');
  const end = await closed;
  expect(end.afterMs).toBeLessThan(4000);
  expect(end.reply).toMatch(/^HTTP\/1\.1 408/);
}, 10_000);

test('the server carries the configured limits', () => {
  expect(server.headersTimeout).toBe(1000);
  expect(server.requestTimeout).toBe(1500);
  expect(server.keepAliveTimeout).toBe(ctx.config.keepAliveTimeoutMs);
});
