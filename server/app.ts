// The Hono app factory. Engine-agnostic: it gets a Db and a RealtimeHub.
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type * as z from 'zod/mini';
import { HlcClock } from '../core/sync/hlc';
import { type Principal, TokenVerifier } from './auth';
import { cors } from './cors';
import type { Db } from './db/index';
import { ApiError, validationError } from './errors';
import { type Logger, silentLogger } from './log';
import { RateLimiter } from './ratelimit';
import type { RealtimeHub } from './realtime';
import { customerRoutes } from './routes/customers';
import { labelRoutes } from './routes/labels';
import { memberRoutes } from './routes/members';
import { packRoutes } from './routes/packs';
import { snapshotRoutes } from './routes/snapshot';
import { statsRoutes } from './routes/stats';
import { syncRoutes } from './routes/sync';
import { templateRoutes } from './routes/templates';

export interface AppOptions {
  db: Db;
  /** Where lookups and stats read (a streaming replica); defaults to `db`. */
  readDb?: Db;
  hub: RealtimeHub;
  logger?: Logger;
  /** Largest accepted request body (bytes). Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Per-token rate limit. Default 20 req/s sustained, bursts of 200. */
  rateLimit?: { perSecond: number; burst: number };
  /** Extra allowed CORS origins besides chrome-extension:// and moz-extension://. */
  corsOrigins?: string[];
  /** Server HLC node id (one per instance). */
  instanceId?: string;
  sseHeartbeatMs?: number;
  /** Shared state flag set by graceful shutdown. */
  lifecycle?: { draining: boolean };
}

export interface Env {
  Variables: { principal: Principal; reqId: string };
}

export interface Ctx {
  db: Db;
  /** Replica-safe reads: staleness of a few hundred ms is fine here (lookups, stats). */
  readDb: Db;
  hub: RealtimeHub;
  clock: HlcClock;
  verifier: TokenVerifier;
  log: Logger;
  instanceId: string;
  sseHeartbeatMs: number;
  lifecycle: { draining: boolean };
}

export type AppContext = Context<Env>;

export async function readJson<S extends z.ZodMiniType>(
  c: AppContext,
  schema: S,
): Promise<z.infer<S>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'body is not valid JSON');
  }
  if (body === undefined) throw new ApiError('bad_request', 'a JSON body is required');
  body = cleanJson(body);
  const r = schema.safeParse(body);
  if (!r.success) throw validationError('body', r.error.issues);
  return r.data as z.infer<S>;
}

export function readQuery<S extends z.ZodMiniType>(c: AppContext, schema: S): z.infer<S> {
  const query = c.req.query();
  // Same reason as in cleanJson: PostgreSQL cannot hold a NUL, so say which parameter had one.
  for (const [k, v] of Object.entries(query))
    if (v.includes('\u0000') || k.includes('\u0000')) throw nulError('query', k);
  const r = schema.safeParse(query);
  if (!r.success) throw validationError('query', r.error.issues);
  return r.data as z.infer<S>;
}

/** Deeper than any body the API defines (a care reason is the deepest, at about 8). */
export const MAX_JSON_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function nulError(where: 'body' | 'query', path: string): ApiError {
  return validationError(where, [
    {
      path: path ? path.split('.') : [],
      code: 'invalid_string',
      message: 'must not contain the NUL character (U+0000)',
    },
  ]);
}

/**
 * Checks every string and key of a parsed body before the schema sees it, without recursion:
 * - a NUL (U+0000) is refused with a 400 naming the field: PostgreSQL text and JSON operators
 *   cannot hold it (the write failed with a 500);
 * - a lone UTF-16 surrogate (a truncated emoji, `"\ud83d"` in JSON) becomes U+FFFD, which is
 *   what UTF-8 makes of it anyway: kept raw, it reached the json columns as an escape that
 *   PostgreSQL's JSON functions reject, so the row could not be looked up;
 * - nesting deeper than MAX_JSON_DEPTH is refused: a 20,000-level care reason overflowed the
 *   stack when it was serialised for the database (a 500).
 */
function cleanJson(root: unknown): unknown {
  const fix = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD');
  const check = (s: string, path: string[]) => {
    if (s.includes('\u0000')) throw nulError('body', path.join('.'));
    return fix(s);
  };
  if (typeof root === 'string') return check(root, []);
  const stack: { v: unknown; path: string[] }[] = [{ v: root, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string[] };
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      throw validationError('body', [
        { path, code: 'too_deep', message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
      ]);
    }
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const here = [...path, key];
      const clean = check(key, here);
      const x = o[key];
      const value = typeof x === 'string' ? check(x, here) : x;
      if (clean !== key) {
        delete o[key];
        o[clean] = value;
      } else if (value !== x) o[key] = value;
      if (value !== null && typeof value === 'object')
        stack.push({ v: value, path: [...path, clean] });
    }
  }
  return root;
}

export function requireRole(c: AppContext, roles: Principal['role'][], what: string): Principal {
  const p = c.get('principal');
  if (!roles.includes(p.role))
    throw new ApiError('forbidden', `only ${roles.join(' and ')}s can ${what}`);
  return p;
}

const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\/[a-zA-Z0-9-]+$/;

export function createApp(opts: AppOptions): Hono<Env> {
  const instanceId = opts.instanceId ?? `srv_${randomUUID().slice(0, 8)}`;
  const ctx: Ctx = {
    db: opts.db,
    readDb: opts.readDb ?? opts.db,
    hub: opts.hub,
    clock: new HlcClock(instanceId),
    verifier: new TokenVerifier(opts.db),
    log: opts.logger ?? silentLogger,
    instanceId,
    sseHeartbeatMs: opts.sseHeartbeatMs ?? 20_000,
    lifecycle: opts.lifecycle ?? { draining: false },
  };
  opts.hub.onRevoke((t, m) => ctx.verifier.forgetMember(t, m));
  const limiter = new RateLimiter(opts.rateLimit?.perSecond ?? 20, opts.rateLimit?.burst ?? 200);
  const extraOrigins = new Set(opts.corsOrigins ?? []);
  const maxBody = opts.bodyLimitBytes ?? 1024 * 1024;

  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(err.toJSON(), err.status as 400);
    }
    ctx.log('error', 'unhandled error', {
      reqId: c.get('reqId'),
      route: safeRoute(c),
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
    return c.json(new ApiError('internal', 'internal server error').toJSON(), 500);
  });
  app.notFound((c) =>
    c.json(new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`).toJSON(), 404),
  );

  // Request log: route pattern only (never the URL or query), no bodies, no customer data.
  app.use('*', async (c, next) => {
    const reqId = randomUUID();
    c.set('reqId', reqId);
    const start = performance.now();
    await next();
    // Headers go straight onto the final response: `c.header()` after the handler would make
    // Hono rebuild the Response (see cors.ts).
    c.res.headers.set('X-Request-Id', reqId);
    if (ctx.lifecycle.draining) c.res.headers.set('Connection', 'close');
    const p = c.get('principal') as Principal | undefined;
    ctx.log('info', 'request', {
      reqId,
      method: c.req.method,
      route: safeRoute(c),
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      team: p?.teamId,
      member: p?.memberId,
    });
  });
  app.use(
    '*',
    cors({
      allowed: (origin) => EXTENSION_ORIGIN.test(origin) || extraOrigins.has(origin),
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      headers: ['Authorization', 'Content-Type', 'If-None-Match'],
      expose: ['Retry-After', 'X-Request-Id', 'ETag'],
      maxAgeSeconds: 600,
    }),
  );
  app.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-site', xFrameOptions: 'DENY' }));
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  const limitBody = bodyLimit({
    maxSize: maxBody,
    onError: () => {
      throw new ApiError('payload_too_large', `request body is larger than ${maxBody} bytes`, {
        limitBytes: maxBody,
      });
    },
  });
  // GET and HEAD bodies are never read; asking for one would make @hono/node-server build a
  // full fetch Request (abort signal, headers copy) on every read request.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );

  app.get('/v1/health', (c) =>
    c.json({
      ok: true,
      engine: ctx.db.kind,
      instance: ctx.instanceId,
      draining: ctx.lifecycle.draining,
    }),
  );

  // Everything else needs a bearer token, and is rate limited per token.
  app.use('/v1/*', async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      throw new ApiError(
        'unauthorized',
        'missing bearer token (Authorization: Bearer <token>)',
        undefined,
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    const principal = await ctx.verifier.verify(m[1] as string);
    if (!principal) {
      throw new ApiError('unauthorized', 'unknown or revoked token', undefined, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    c.set('principal', principal);
    const wait = limiter.take(principal.tokenKey);
    if (wait > 0) {
      throw new ApiError(
        'rate_limited',
        `too many requests; retry in ${wait}s`,
        { retryAfterSeconds: wait },
        {
          'Retry-After': String(wait),
        },
      );
    }
    await next();
  });

  app.get('/v1/me', (c) => {
    const p = c.get('principal');
    return c.json({
      teamId: p.teamId,
      teamName: p.teamName,
      memberId: p.memberId,
      name: p.name,
      role: p.role,
    });
  });

  memberRoutes(app, ctx);
  labelRoutes(app, ctx);
  templateRoutes(app, ctx);
  customerRoutes(app, ctx);
  syncRoutes(app, ctx);
  snapshotRoutes(app, ctx);
  statsRoutes(app, ctx);
  packRoutes(app, ctx);
  return app;
}

/** The matched route pattern (e.g. `/v1/labels/:id`), never the concrete URL. */
function safeRoute(c: Context): string {
  try {
    const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL');
    return handlers[handlers.length - 1]?.path ?? 'unmatched';
  } catch {
    return '?';
  }
}
