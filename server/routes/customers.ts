// Customer lookup: the remote index the extension asks when a conversation opens. One SQL
// round trip; every subquery is bounded by team_id and an index.
import type { Hono } from 'hono';
import { type LookupMatch, LookupQuery } from '../../core/api/schemas';
import { normalizePhoneVN } from '../../core/phone';
import type { SyncRow } from '../../core/sync/state';
import {
  customerView,
  type Identity,
  identityView,
  type Note,
  noteView,
} from '../../core/sync/views';
import { type Ctx, type Env, readQuery } from '../app';
import { prepared } from '../db/index';
import { ApiError } from '../errors';

// The queries live in PL/pgSQL functions (migration 2) so their plans are cached; the calls
// are prepared statements so the outer SELECT is not parsed and planned per request either.
const BY_IDENTITY = prepared(
  'kq_lookup_identity',
  'SELECT * FROM kq_lookup_identity($1, $2, $3, $4)',
);
const BY_PHONE = prepared('kq_lookup_phone', 'SELECT * FROM kq_lookup_phone($1, $2)');

interface MatchRow {
  id: string;
  customer: Record<string, unknown> | null;
  identities: { id: string; f: Record<string, unknown> }[];
  labels: string[];
  notes: { id: string; f: Record<string, unknown>; c: Record<string, string> }[];
  days: string | number;
}

function lookupError(path: string, message: string): ApiError {
  return new ApiError('bad_request', `invalid query: ${path}: ${message}`, {
    issues: [{ path, code: 'invalid_query', message }],
  });
}

export function customerRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/customers/lookup', async (c) => {
    const q = readQuery(c, LookupQuery);
    const teamId = c.get('principal').teamId;
    const identityFields = (['platform', 'accountId', 'externalId'] as const).filter(
      (k) => q[k] !== undefined,
    );
    if (q.phone !== undefined && identityFields.length > 0) {
      throw lookupError(
        identityFields[0] as string,
        'give either phone, or platform + accountId + externalId, not both',
      );
    }
    if (q.phone === undefined) {
      const missing = (['platform', 'accountId', 'externalId'] as const).find(
        (k) => q[k] === undefined,
      );
      if (missing) throw lookupError(missing, 'required (or give phone instead)');
    }
    let rows: MatchRow[];
    if (q.phone !== undefined) {
      const phone = normalizePhoneVN(q.phone);
      if (!phone) {
        throw lookupError('phone', 'expected a phone number like 0912345678 or +84912345678');
      }
      rows = await ctx.readDb.query<MatchRow>(BY_PHONE, [teamId, phone]);
    } else {
      rows = await ctx.readDb.query<MatchRow>(BY_IDENTITY, [
        teamId,
        q.platform,
        q.accountId,
        q.externalId,
      ]);
    }
    const matches: LookupMatch[] = rows.map((r) => ({
      customer: customerView({ id: r.id, f: r.customer ?? {}, c: {} }),
      identities: r.identities
        .map((i) => identityView({ id: i.id, f: i.f, c: {} }))
        .filter((i): i is Identity => !!i),
      labelIds: r.labels,
      notes: r.notes
        .map((n) => noteView(n as SyncRow))
        .filter((n): n is Note => !!n)
        .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt - a.createdAt),
      contactDays: Number(r.days),
    }));
    return c.json({ matches });
  });
}
