// Selector packs (server/packs.ts). Every member reads the team's pack; owners and managers
// publish a newer one. Extensions poll the GET: with `If-None-Match` an unchanged pack costs
// a 304 and no body.
import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { PackPlatform } from '../../core/api/schemas';
import { type AppContext, type Ctx, type Env, readJson, requireRole } from '../app';
import { ApiError } from '../errors';
import { isPackPlatform, packResponse, storePack, validatePack } from '../packs';

function platformParam(c: AppContext): PackPlatform {
  const p = c.req.param('platform') ?? '';
  if (!isPackPlatform(p)) throw new ApiError('not_found', `no selector packs for platform "${p}"`);
  return p;
}

/** RFC 9110 If-None-Match: a list of entity tags (weak comparison) or `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === bare);
}

// Selectors, not customer data: a browser may keep a copy but must revalidate it every time.
const CACHE = 'private, no-cache';

export function packRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/selector-packs/:platform', async (c) => {
    const platform = platformParam(c);
    const { body, etag } = await packResponse(ctx.db, c.get('principal').teamId, platform);
    const headers = { ETag: etag, 'Cache-Control': CACHE };
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
    return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=UTF-8' });
  });

  app.put('/v1/selector-packs/:platform', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'publish selector packs');
    const platform = platformParam(c);
    const pack = validatePack(await readJson(c, z.unknown()), platform);
    const { created, etag } = await storePack(ctx.db, p.teamId, pack, p.memberId);
    c.header('ETag', etag);
    return c.json({ pack }, created ? 201 : 200);
  });
}
