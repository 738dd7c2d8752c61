import type { RequestHandler } from 'express';
import { M } from '../../messages';

/**
 * 流量控制: beyond maxInFlight concurrent requests, new ones get a fast 503 with Retry-After, built
 * without templates or the database; requests already admitted finish normally. It sits after the body
 * parsers (app.ts): a request counts only once its body has arrived, so sockets that send headers and
 * then stall (until the server's request timeout cuts them off) take no place from anyone.
 */
export function flowControl(maxInFlight: number): RequestHandler & { inFlight(): number } {
  let inFlight = 0;
  const page = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>请稍后重试</title>` +
    `<link rel="stylesheet" href="/css/site.css"></head><body><main class="container"><div class="panel notice">` +
    `<h1>${M.flowControl}</h1><p>本网站24小时开启，可在教育局的网报时间范围内错峰办理。页面将在几秒后可以重新打开。</p>` +
    `<p><a href="">重新打开</a></p></div></main></body></html>`;
  const handler: RequestHandler = (req, res, next) => {
    if (req.path === '/healthz') return next();
    if (inFlight >= maxInFlight) {
      res.status(503).set('Retry-After', '5').set('Cache-Control', 'no-store').type('html').send(page);
      return;
    }
    inFlight++;
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
  return Object.assign(handler, { inFlight: () => inFlight });
}
