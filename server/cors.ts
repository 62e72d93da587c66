// CORS for the extension's origins. Hand-rolled instead of hono/cors because that one
// touches `c.res` before the handler runs and calls `c.header()` after it: each of those
// makes Hono rebuild the finished Response around its body stream, and on @hono/node-server
// that turns a plain string reply into a streamed one (a measurable share of a lookup's CPU).
// Here headers are only set on the final response, once.
import type { MiddlewareHandler } from 'hono';

export interface CorsOptions {
  allowed: (origin: string) => boolean;
  methods: string[];
  headers: string[];
  expose: string[];
  maxAgeSeconds: number;
}

export function cors(opts: CorsOptions): MiddlewareHandler {
  const methods = opts.methods.join(',');
  const headers = opts.headers.join(',');
  const expose = opts.expose.join(',');
  const maxAge = String(opts.maxAgeSeconds);
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const allow = origin && opts.allowed(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      // A preflight (or a stray OPTIONS): answer it here, nothing behind it handles OPTIONS.
      const h: Record<string, string> = {
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': headers,
        'Access-Control-Max-Age': maxAge,
        Vary: 'Origin, Access-Control-Request-Headers',
      };
      if (allow) h['Access-Control-Allow-Origin'] = allow;
      return c.body(null, 204, h);
    }
    await next();
    const h = c.res.headers;
    if (allow) {
      h.set('Access-Control-Allow-Origin', allow);
      h.set('Access-Control-Expose-Headers', expose);
    }
    h.append('Vary', 'Origin');
  };
}
