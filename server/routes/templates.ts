// Shared reply templates. Reads: every member. Writes: owners and managers.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { ListQuery, TemplateCreateBody, TemplatePatchBody } from '../../core/api/schemas';
import type { Mutation } from '../../core/sync/mutations';
import { type Template, templateView } from '../../core/sync/views';
import { type Ctx, type Env, readJson, readQuery, requireRole } from '../app';
import { loadRows } from '../db/rows';
import { ApiError } from '../errors';
import { applyMutations } from '../sync';
import { idParam, throwIfRejected } from './util';

export function templateRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/templates', async (c) => {
    const q = readQuery(c, ListQuery);
    const withArchived = q.archived === '1' || q.archived === 'true';
    const rows = await ctx.db.query<{
      id: string;
      data: Record<string, unknown>;
      clocks: Record<string, string>;
    }>('SELECT id, data, clocks FROM templates WHERE team_id = $1 ORDER BY id', [
      c.get('principal').teamId,
    ]);
    const templates = rows
      .map((r) => templateView({ id: r.id, f: r.data, c: r.clocks }))
      .filter((t): t is Template => !!t && (withArchived || !t.archived))
      .sort((a, b) => a.title.localeCompare(b.title, 'vi') || (a.id < b.id ? -1 : 1));
    return c.json({ templates });
  });

  app.get('/v1/templates/:id', async (c) => {
    const id = idParam(c, 'template');
    const [row] = await loadRows(ctx.db, c.get('principal').teamId, 'templates', [id]);
    const t = row ? templateView(row) : null;
    if (!t) throw new ApiError('not_found', `template ${id} does not exist`);
    return c.json({ template: t });
  });

  app.post('/v1/templates', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'create shared templates');
    const body = await readJson(c, TemplateCreateBody);
    const id = body.id ?? randomUUID();
    const m: Mutation = {
      id: randomUUID(),
      hlc: ctx.clock.now(),
      kind: 'template.create',
      data: {
        id,
        title: body.title,
        body: body.body,
        segments: body.segments ?? [],
        intents: body.intents ?? [],
      },
    };
    const r = await applyMutations(ctx.db, p, [m], {
      clock: ctx.clock,
      check: async (q) => {
        if ((await loadRows(q, p.teamId, 'templates', [id])).length > 0) {
          throw new ApiError('conflict', `template ${id} already exists`, { field: 'id' });
        }
      },
    });
    throwIfRejected(r.results);
    return c.json({ template: templateView(r.state.templates[id]!) }, 201);
  });

  app.patch('/v1/templates/:id', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'change shared templates');
    const id = idParam(c, 'template');
    const body = await readJson(c, TemplatePatchBody);
    const ms: Mutation[] = [];
    const { archived, ...fields } = body;
    if (Object.values(fields).some((v) => v !== undefined)) {
      ms.push({
        id: randomUUID(),
        hlc: ctx.clock.now(),
        kind: 'template.update',
        data: { id, ...fields },
      });
    }
    if (archived !== undefined) {
      ms.push({
        id: randomUUID(),
        hlc: ctx.clock.now(),
        kind: 'template.archive',
        data: { id, archived },
      });
    }
    const r = await applyMutations(ctx.db, p, ms, {
      clock: ctx.clock,
      check: async (q) => {
        const [row] = await loadRows(q, p.teamId, 'templates', [id]);
        if (!row || !templateView(row))
          throw new ApiError('not_found', `template ${id} does not exist`);
      },
    });
    throwIfRejected(r.results);
    return c.json({ template: templateView(r.state.templates[id]!) });
  });

  app.delete('/v1/templates/:id', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'archive shared templates');
    const id = idParam(c, 'template');
    const m: Mutation = {
      id: randomUUID(),
      hlc: ctx.clock.now(),
      kind: 'template.archive',
      data: { id, archived: true },
    };
    const r = await applyMutations(ctx.db, p, [m], {
      clock: ctx.clock,
      check: async (q) => {
        const [row] = await loadRows(q, p.teamId, 'templates', [id]);
        if (!row || !templateView(row))
          throw new ApiError('not_found', `template ${id} does not exist`);
      },
    });
    throwIfRejected(r.results);
    return c.json({ template: templateView(r.state.templates[id]!) });
  });
}
