// Background handlers for labels and team sync: validate what arrives (the field named when
// it is wrong), act locally or on the team server, and answer with a plain result.
import { LabelAssignmentSchema, type LabelEdit, LabelEditSchema } from '@/core/background-requests';
import { describeIssues, type Result, refusal, type SyncOverview } from '@/core/protocol';
import { ConnectRequestSchema, type Me } from '@/core/sync/status';
import { newId } from './conversations';
import type { KqDb } from './db';
import { activeLabels, assignLabel, unassignLabel } from './labels';
import type { SyncClient } from './sync-client';

export async function handleListLabels(db: KqDb, options: { counts?: boolean } = {}) {
  const labels = await activeLabels(db);
  const counts = options.counts
    ? await Promise.all(
        labels.map((l) => db.labelAssignments.where('labelId').equals(l.id).count()),
      )
    : undefined;
  return labels.map(({ id, name, color, order }, i) => ({
    id,
    name,
    color,
    order,
    ...(counts ? { customers: counts[i] ?? 0 } : {}),
  }));
}

export async function handleAssign(db: KqDb, input: unknown, on: boolean): Promise<Result> {
  const parsed = LabelAssignmentSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad label assignment: ${describeIssues(parsed.error)}`);
  try {
    const { customerId, labelId } = parsed.data;
    await (on ? assignLabel : unassignLabel)(db, customerId, labelId);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

/**
 * The catalog belongs to the team when connected: edits go to the server (which checks the
 * role) and come back through a pull. Local-only, they are written here.
 */
export async function handleEditLabel(db: KqDb, sync: SyncClient, input: unknown): Promise<Result> {
  const parsed = LabelEditSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad label edit: ${describeIssues(parsed.error)}`);
  try {
    if (await sync.connection()) {
      await editOnServer(sync, parsed.data);
      await sync.syncNow();
    } else {
      await editLocally(db, parsed.data);
    }
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

async function editOnServer(sync: SyncClient, edit: LabelEdit): Promise<void> {
  switch (edit.action) {
    case 'create':
      await sync.call('POST', '/v1/labels', { name: edit.name, color: edit.color });
      return;
    case 'rename':
      await sync.call('PATCH', `/v1/labels/${encodeURIComponent(edit.id)}`, { name: edit.name });
      return;
    case 'recolor':
      await sync.call('PATCH', `/v1/labels/${encodeURIComponent(edit.id)}`, { color: edit.color });
      return;
    case 'archive':
      await sync.call('PATCH', `/v1/labels/${encodeURIComponent(edit.id)}`, { archived: true });
      return;
    case 'reorder':
      await sync.call('POST', '/v1/labels/reorder', { ids: edit.ids });
      return;
  }
}

async function editLocally(db: KqDb, edit: LabelEdit): Promise<void> {
  const now = Date.now();
  if (edit.action === 'create') {
    const last = await db.labels.orderBy('order').last();
    await db.labels.add({
      id: newId(),
      name: edit.name,
      color: edit.color,
      order: (last?.order ?? 0) + 1,
      archived: false,
      updatedAt: now,
    });
    return;
  }
  if (edit.action === 'reorder') {
    await db.transaction('rw', [db.labels], async () => {
      const known = new Set((await db.labels.toArray()).map((l) => l.id));
      const missing = edit.ids.filter((id) => !known.has(id));
      if (missing.length) throw new Error(`unknown label ids: ${missing.join(', ')}`);
      await Promise.all(
        edit.ids.map((id, order) => db.labels.update(id, { order, updatedAt: now })),
      );
    });
    return;
  }
  const patch =
    edit.action === 'rename'
      ? { name: edit.name }
      : edit.action === 'recolor'
        ? { color: edit.color }
        : { archived: true };
  if (!(await db.labels.update(edit.id, { ...patch, updatedAt: now })))
    throw new Error(`no label ${edit.id}`);
}

export async function handleConnect(sync: SyncClient, input: unknown): Promise<Result<{ me: Me }>> {
  const parsed = ConnectRequestSchema.safeParse(input);
  if (!parsed.success) return refusal(`bad connection: ${describeIssues(parsed.error)}`);
  try {
    const me = await sync.connect(parsed.data);
    void sync.syncNow();
    return { ok: true, me };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleOverview(sync: SyncClient): Promise<SyncOverview> {
  const conn = await sync.connection();
  return {
    connection: conn ? { url: conn.url, me: conn.me, connectedAt: conn.connectedAt } : null,
    status: conn ? sync.status() : { state: 'local' },
  };
}
