// The shared label catalog. Reads: every member. Writes: owners and managers. Every write
// is a mutation through the same pipeline as /v1/sync/push, so it lands in the change log
// and reaches every client.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import {
  LabelCreateBody,
  LabelPatchBody,
  LabelReorderBody,
  ListQuery,
} from '../../core/api/schemas';
import type { Mutation } from '../../core/sync/mutations';
import { type Label, labelView, sortLabels } from '../../core/sync/views';
import { type Ctx, type Env, readJson, readQuery, requireRole } from '../app';
import type { Queryable } from '../db/index';
import { loadRows } from '../db/rows';
import { ApiError } from '../errors';
import { applyMutations } from '../sync';
import { idParam, throwIfRejected } from './util';

async function allLabels(q: Queryable, teamId: string): Promise<Label[]> {
  const rows = await q.query<{
    id: string;
    data: Record<string, unknown>;
    clocks: Record<string, string>;
  }>('SELECT id, data, clocks FROM labels WHERE team_id = $1', [teamId]);
  return sortLabels(
    rows.map((r) => labelView({ id: r.id, f: r.data, c: r.clocks })).filter((l): l is Label => !!l),
  );
}

// NFC first: "Khách" typed with combining tone marks (some Vietnamese keyboards, text
// pasted from macOS) and the precomposed "Khách" look the same and are the same name, but
// as code units they differ, so two labels the agent cannot tell apart could both exist.
const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().toLocaleLowerCase('vi') ===
  b.normalize('NFC').trim().toLocaleLowerCase('vi');

export function labelRoutes(app: Hono<Env>, ctx: Ctx): void {
  app.get('/v1/labels', async (c) => {
    const q = readQuery(c, ListQuery);
    const withArchived = q.archived === '1' || q.archived === 'true';
    const labels = await allLabels(ctx.db, c.get('principal').teamId);
    return c.json({ labels: withArchived ? labels : labels.filter((l) => !l.archived) });
  });

  app.post('/v1/labels', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'create labels');
    const body = await readJson(c, LabelCreateBody);
    const id = body.id ?? randomUUID();
    const m: Mutation = {
      id: randomUUID(),
      hlc: ctx.clock.now(),
      kind: 'label.create',
      data: { id, name: body.name, color: body.color, order: body.order ?? 0 },
    };
    const r = await applyMutations(ctx.db, p, [m], {
      clock: ctx.clock,
      check: async (q) => {
        const existing = await loadRows(q, p.teamId, 'labels', [id]);
        if (existing.length > 0)
          throw new ApiError('conflict', `label ${id} already exists`, { field: 'id' });
        const labels = await allLabels(q, p.teamId);
        if (labels.some((l) => !l.archived && sameName(l.name, body.name))) {
          throw new ApiError('conflict', `a label named "${body.name}" already exists`, {
            field: 'name',
          });
        }
        if (body.order === undefined && m.kind === 'label.create') {
          m.data.order = labels.reduce((mx, l) => Math.max(mx, l.order + 1), 0);
        }
      },
    });
    throwIfRejected(r.results);
    return c.json({ label: labelView(r.state.labels[id]!) }, 201);
  });

  app.post('/v1/labels/reorder', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'reorder labels');
    const body = await readJson(c, LabelReorderBody);
    const m: Mutation = {
      id: randomUUID(),
      hlc: ctx.clock.now(),
      kind: 'label.reorder',
      data: { ids: body.ids },
    };
    const r = await applyMutations(ctx.db, p, [m], {
      clock: ctx.clock,
      check: async (q) => {
        const known = new Set((await allLabels(q, p.teamId)).map((l) => l.id));
        const missing = body.ids.filter((id) => !known.has(id));
        if (missing.length > 0)
          throw new ApiError('not_found', `unknown label ids: ${missing.slice(0, 5).join(', ')}`, {
            ids: missing,
          });
      },
    });
    throwIfRejected(r.results);
    return c.json({ labels: (await allLabels(ctx.db, p.teamId)).filter((l) => !l.archived) });
  });

  app.patch('/v1/labels/:id', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'change labels');
    const id = idParam(c, 'label');
    const body = await readJson(c, LabelPatchBody);
    const ms: Mutation[] = [];
    if (body.name !== undefined || body.color !== undefined || body.order !== undefined) {
      ms.push({
        id: randomUUID(),
        hlc: ctx.clock.now(),
        kind: 'label.update',
        data: { id, name: body.name, color: body.color, order: body.order },
      });
    }
    if (body.archived !== undefined) {
      ms.push({
        id: randomUUID(),
        hlc: ctx.clock.now(),
        kind: 'label.archive',
        data: { id, archived: body.archived },
      });
    }
    const r = await applyMutations(ctx.db, p, ms, {
      clock: ctx.clock,
      check: async (q) => {
        const labels = await allLabels(q, p.teamId);
        const current = labels.find((l) => l.id === id);
        if (!current) throw new ApiError('not_found', `label ${id} does not exist`);
        const name = body.name ?? current.name;
        const archived = body.archived ?? current.archived;
        if (!archived && labels.some((l) => l.id !== id && !l.archived && sameName(l.name, name))) {
          throw new ApiError('conflict', `a label named "${name}" already exists`, {
            field: 'name',
          });
        }
      },
    });
    throwIfRejected(r.results);
    return c.json({ label: labelView(r.state.labels[id]!) });
  });

  app.delete('/v1/labels/:id', async (c) => {
    const p = requireRole(c, ['owner', 'manager'], 'archive labels');
    const id = idParam(c, 'label');
    const m: Mutation = {
      id: randomUUID(),
      hlc: ctx.clock.now(),
      kind: 'label.archive',
      data: { id, archived: true },
    };
    const r = await applyMutations(ctx.db, p, [m], {
      clock: ctx.clock,
      check: async (q) => {
        if (!(await allLabels(q, p.teamId)).some((l) => l.id === id)) {
          throw new ApiError('not_found', `label ${id} does not exist`);
        }
      },
    });
    throwIfRejected(r.results);
    return c.json({ label: labelView(r.state.labels[id]!) });
  });
}
