import http from 'node:http';
import type { RequestListener } from 'node:http';
import type { Config } from './config';

type Timeouts = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

/**
 * The HTTP server with explicit socket limits: a client that sends headers and then nothing is cut
 * off after the request limit instead of Node's 300 s default. Node checks these limits on a timer,
 * so the timer runs at least once a second rather than its default 30 s.
 */
export function createHttpServer(app: RequestListener, t: Timeouts): http.Server {
  const server = http.createServer({
    headersTimeout: t.headersTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, t.headersTimeoutMs),
  }, app);
  server.keepAliveTimeout = t.keepAliveTimeoutMs;
  return server;
}
