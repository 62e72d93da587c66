// Selector packs a team serves to its extensions, so a host-site change can be fixed without
// a store release. A pack is data only (CSS selectors and strings, core/selector-pack.ts);
// the extension validates it again before use. Shared by the API and the admin CLI.
//
// One row per team and platform: the newest pack. Versions only move forward (a stale or
// repeated version is a conflict), so an old pack can never replace a newer fix.
import { createHash } from 'node:crypto';
// The adapters' own lists of what a pack must hold: the server refuses what the extension
// of the same release would refuse. Those modules hold data only (the bundled packs).
import { META_ANCHORS, META_STRINGS } from '../content-scripts/meta/pack';
import { ZALO_ANCHORS, ZALO_STRINGS } from '../content-scripts/zalo/pack';
import type { PackPlatform } from '../core/api/schemas';
import {
  checkPackAt,
  isNewerPack,
  type PackNeed,
  type SelectorPack,
  SelectorPackSchema,
} from '../core/selector-pack';
import { type Db, prepared, type Queryable } from './db/index';
import { ApiError, validationError } from './errors';

export const PACK_NEEDS: Record<PackPlatform, PackNeed> = {
  meta: { platform: 'meta', anchors: META_ANCHORS, strings: META_STRINGS },
  zalo: { platform: 'zalo', anchors: ZALO_ANCHORS, strings: ZALO_STRINGS },
};

export const isPackPlatform = (p: string): p is PackPlatform => Object.hasOwn(PACK_NEEDS, p);

/**
 * Node has no CSS selector parser, so the server refuses what no browser parses: unbalanced
 * brackets or quotes, rule syntax (`{ } ;`), characters that never occur in a selector, empty
 * list entries and a dangling combinator. Anything subtler is caught by the content script,
 * which checks every selector with the browser's own parser and keeps its bundled pack if
 * one fails.
 */
export function isPlausibleCss(selector: string): boolean {
  const closers: string[] = [];
  const parts: string[] = [];
  let part = '';
  let quote = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i] as string;
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && !'\t\n\f\r'.includes(ch)) || code === 0x7f) return false;
    if (ch === '\\') {
      if (i + 1 >= selector.length) return false;
      i++;
      part += 'x';
    } else if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\n') return false;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      part += 'x';
    } else if (ch === '(' || ch === '[') {
      closers.push(ch === '(' ? ')' : ']');
      part += ch;
    } else if (ch === ')' || ch === ']') {
      if (closers.pop() !== ch || (ch === ']' && part.endsWith('['))) return false;
      part += ch;
    } else if ('{};<!@`'.includes(ch)) {
      return false;
    } else if (ch === ',' && closers.length === 0) {
      parts.push(part);
      part = '';
    } else {
      part += ch;
    }
  }
  if (quote || closers.length > 0) return false;
  parts.push(part);
  return parts.every((p) => {
    const t = p.trim();
    return t !== '' && !/^[>+~]/.test(t) && !/[>+~]$/.test(t);
  });
}

/** The pack, or a 400 naming the first offending field (`details.issues[].path`). */
export function validatePack(input: unknown, platform: PackPlatform): SelectorPack {
  const parsed = SelectorPackSchema.safeParse(input);
  if (!parsed.success) throw validationError('pack', parsed.error.issues);
  const r = checkPackAt(parsed.data, PACK_NEEDS[platform], isPlausibleCss);
  if (!r.ok) {
    throw new ApiError('bad_request', `invalid pack: ${r.path}: ${r.error}`, {
      issues: [{ path: r.path, code: 'invalid_pack', message: r.error }],
    });
  }
  return r.pack;
}

export interface StoredPack {
  /** The pack as stored JSON text (served without a parse/serialise round trip). */
  json: string;
  version: string;
  etag: string;
}

const GET_PACK = prepared(
  'kq_selector_pack',
  'SELECT version, pack::text AS pack FROM selector_packs WHERE team_id = $1 AND platform = $2',
);

/**
 * A strong validator for `{ pack }` as this team sees it. The team is part of it, so a
 * client that switches teams never gets a 304 for the other team's pack.
 */
function etagOf(teamId: string, platform: PackPlatform, json: string | null): string {
  const h = createHash('sha256').update(`${teamId}\n${platform}\n${json ?? 'null'}`, 'utf8');
  return `"${h.digest('base64url').slice(0, 27)}"`;
}

export async function loadPack(
  q: Queryable,
  teamId: string,
  platform: PackPlatform,
): Promise<StoredPack | null> {
  const [row] = await q.query<{ version: string; pack: string }>(GET_PACK, [teamId, platform]);
  return row
    ? { json: row.pack, version: row.version, etag: etagOf(teamId, platform, row.pack) }
    : null;
}

/** The body of `GET /v1/selector-packs/:platform` and its ETag. */
export async function packResponse(
  q: Queryable,
  teamId: string,
  platform: PackPlatform,
): Promise<{ body: string; etag: string }> {
  const stored = await loadPack(q, teamId, platform);
  const body = `{"pack":${stored ? stored.json : 'null'}}`;
  return { body, etag: stored ? stored.etag : etagOf(teamId, platform, null) };
}

/**
 * Stores `pack` as the team's pack for its platform if its version is newer than the stored
 * one, else 409. `updatedBy` is a member id, or `cli` for the admin CLI.
 */
export async function storePack(
  db: Db,
  teamId: string,
  pack: SelectorPack,
  updatedBy: string,
): Promise<{ created: boolean; etag: string }> {
  const json = JSON.stringify(pack);
  return db.tx(async (q) => {
    // Writers of one team's pack for one platform take turns (the API and the CLI alike), so
    // two uploads cannot both pass the version check.
    await q.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `kq_selector_pack:${teamId}:${pack.platform}`,
    ]);
    const [cur] = await q.query<{ version: string }>(
      'SELECT version FROM selector_packs WHERE team_id = $1 AND platform = $2',
      [teamId, pack.platform],
    );
    if (cur && !isNewerPack(pack.version, cur.version)) {
      throw new ApiError(
        'conflict',
        `version ${pack.version} is not newer than the stored ${cur.version}; give the pack a later version`,
        { field: 'version', storedVersion: cur.version },
      );
    }
    await q.query(
      `INSERT INTO selector_packs (team_id, platform, version, pack, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (team_id, platform) DO UPDATE SET version = EXCLUDED.version,
         pack = EXCLUDED.pack, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [teamId, pack.platform, pack.version, json, Date.now(), updatedBy],
    );
    return { created: !cur, etag: etagOf(teamId, pack.platform, json) };
  });
}
