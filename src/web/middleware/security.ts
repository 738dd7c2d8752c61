import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet with a strict CSP: everything is served by the app itself (bureau intranets have no internet),
 * no inline scripts. upgrade-insecure-requests is off unless the site is served over HTTPS, because
 * many bureau intranets serve plain HTTP and the directive would break every stylesheet there.
 */
export function securityHeaders(https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000 } : false,
    crossOriginEmbedderPolicy: false,
  });
}
