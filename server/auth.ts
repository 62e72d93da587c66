// Bearer tokens: random, shown once, stored as SHA-256. Creating teams and members is here
// too (shared by the admin CLI and the invite endpoint).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role } from '../core/api/schemas';
import { type Db, prepared, type Queryable } from './db/index';

export interface Principal {
  teamId: string;
  teamName: string;
  memberId: string;
  name: string;
  role: Role;
  /** First 16 hex chars of the token hash: a stable, non-secret key for rate limits and logs. */
  tokenKey: string;
}

export function newToken(): string {
  return `kq_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createTeam(db: Db, name: string, ownerName: string) {
  const teamId = randomUUID();
  return db.tx(async (q) => {
    await q.query('INSERT INTO teams (id, name, created_at) VALUES ($1, $2, $3)', [
      teamId,
      name,
      Date.now(),
    ]);
    const member = await createMember(q, teamId, ownerName, 'owner');
    return { teamId, ...member };
  });
}

export async function createMember(q: Queryable, teamId: string, name: string, role: Role) {
  const memberId = randomUUID();
  const token = newToken();
  const now = Date.now();
  await q.query(
    'INSERT INTO members (team_id, id, name, role, created_at) VALUES ($1, $2, $3, $4, $5)',
    [teamId, memberId, name, role, now],
  );
  await q.query(
    'INSERT INTO tokens (hash, team_id, member_id, created_at) VALUES ($1, $2, $3, $4)',
    [hashToken(token), teamId, memberId, now],
  );
  return { memberId, token };
}

const TOKEN_LOOKUP = prepared(
  'kq_token',
  `SELECT t.hash, t.team_id, tm.name AS team_name, t.member_id, m.name, m.role
   FROM tokens t
   JOIN members m ON m.team_id = t.team_id AND m.id = t.member_id
   JOIN teams tm ON tm.id = t.team_id
   WHERE t.hash = $1 AND t.revoked_at IS NULL AND m.revoked_at IS NULL`,
);

/**
 * Token → member, cached for a few seconds so a busy client costs one hash per request, not
 * one query. A revocation clears the member's entries at once in the revoking process and,
 * through NOTIFY, on every other instance; the TTL only bounds how long a missed
 * notification could let a revoked token through.
 */
export class TokenVerifier {
  private cache = new Map<string, { p: Principal | null; until: number }>();
  /** Bumped by every revocation: a lookup that began before one must not refill the cache. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(token: string): Promise<Principal | null> {
    if (!/^kq_[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const hash = hashToken(token);
    const now = Date.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.p;
    const generation = this.generation;
    const rows = await this.db.query<{
      hash: string;
      team_id: string;
      team_name: string;
      member_id: string;
      name: string;
      role: Role;
    }>(TOKEN_LOOKUP, [hash]);
    const r = rows[0];
    const p =
      r && timingSafeEqual(Buffer.from(r.hash, 'hex'), Buffer.from(hash, 'hex'))
        ? {
            teamId: r.team_id,
            teamName: r.team_name,
            memberId: r.member_id,
            name: r.name,
            role: r.role,
            tokenKey: hash.slice(0, 16),
          }
        : null;
    if (generation !== this.generation) return p; // answered from before a revocation: don't keep it
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(hash, { p, until: now + (p ? this.ttlMs : 1_000) });
    return p;
  }

  /** Forget cached tokens of one member (after a revocation). */
  forgetMember(teamId: string, memberId: string): void {
    this.generation++;
    for (const [k, v] of this.cache)
      if (v.p?.teamId === teamId && v.p.memberId === memberId) this.cache.delete(k);
  }
}
