// Team members. Everyone can list; owners invite managers and agents, managers invite
// agents. An invite answers with the new member's token, once. Only the owner changes roles.
import type { Hono } from 'hono';
import { MemberInviteBody, MemberRoleBody, type Role } from '../../core/api/schemas';
import { type Ctx, type Env, readJson, requireRole } from '../app';
import { createMember } from '../auth';
import { ApiError } from '../errors';
import { AUTH_CHANNEL } from '../realtime';
import { idParam } from './util';

export function memberRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/members', async (c) => {
    const rows = await ctx.db.query<{
      id: string;
      name: string;
      role: Role;
      created_at: string | number;
      revoked_at: unknown;
    }>(
      'SELECT id, name, role, created_at, revoked_at FROM members WHERE team_id = $1 ORDER BY created_at, id',
      [c.get('principal').teamId],
    );
    return c.json({
      members: rows.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role,
        createdAt: Number(r.created_at),
        revoked: r.revoked_at !== null,
      })),
    });
  });

  app.post('/v1/members', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'invite members');
    const body = await readJson(c, MemberInviteBody);
    if (p.role === 'manager' && body.role !== 'agent') {
      throw new ApiError('forbidden', 'managers invite agents; only the owner invites managers');
    }
    const created = await ctx.db.tx((q) => createMember(q, p.teamId, body.name, body.role));
    return c.json({ ...created, name: body.name, role: body.role }, 201);
  });

  app.patch('/v1/members/:id', async (c) => {
    const p = requireRole(c, ['owner'], 'change roles');
    const id = idParam(c, 'member');
    const body = await readJson(c, MemberRoleBody);
    await ctx.db.tx(async (q) => {
      const [m] = await q.query<{ role: Role; revoked_at: unknown }>(
        'SELECT role, revoked_at FROM members WHERE team_id = $1 AND id = $2 FOR UPDATE',
        [p.teamId, id],
      );
      if (!m) throw new ApiError('not_found', `member ${id} does not exist`);
      if (m.role === 'owner') throw new ApiError('forbidden', "the owner's role cannot change");
      if (m.revoked_at !== null)
        throw new ApiError('conflict', `member ${id} was removed; invite them again`);
      await q.query('UPDATE members SET role = $3 WHERE team_id = $1 AND id = $2', [
        p.teamId,
        id,
        body.role,
      ]);
      // Every instance drops its cached principal: the new role applies to the next request.
      await q.query('SELECT pg_notify($1, $2)', [
        AUTH_CHANNEL,
        JSON.stringify({ t: p.teamId, m: id }),
      ]);
    });
    ctx.verifier.forgetMember(p.teamId, id);
    return c.json({ memberId: id, role: body.role });
  });

  app.delete('/v1/members/:id', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'remove members');
    const id = idParam(c, 'member');
    await ctx.db.tx(async (q) => {
      const [m] = await q.query<{ role: Role; revoked_at: unknown }>(
        'SELECT role, revoked_at FROM members WHERE team_id = $1 AND id = $2 FOR UPDATE',
        [p.teamId, id],
      );
      if (!m) throw new ApiError('not_found', `member ${id} does not exist`);
      if (m.role === 'owner') throw new ApiError('forbidden', 'the owner cannot be removed');
      if (p.role === 'manager' && m.role !== 'agent')
        throw new ApiError('forbidden', 'managers remove agents only');
      const now = Date.now();
      await q.query(
        'UPDATE members SET revoked_at = coalesce(revoked_at, $3) WHERE team_id = $1 AND id = $2',
        [p.teamId, id, now],
      );
      await q.query(
        'UPDATE tokens SET revoked_at = coalesce(revoked_at, $3) WHERE team_id = $1 AND member_id = $2',
        [p.teamId, id, now],
      );
      await q.query('SELECT pg_notify($1, $2)', [
        AUTH_CHANNEL,
        JSON.stringify({ t: p.teamId, m: id }),
      ]);
    });
    ctx.verifier.forgetMember(p.teamId, id);
    return c.json({ memberId: id, revoked: true });
  });
}
