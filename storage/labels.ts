// The team's labels on this machine: the catalog (managers own it on the server; local-only
// shops keep their own) and which customers carry which label.
import { assignmentId } from '@/core/sync/state';
import type { KqDb } from './db';
import { enqueueMany, outboxTables, stamp } from './outbox';
import type { LabelRow } from './schema';

export interface CustomerLabel {
  id: string;
  name: string;
  color: string;
}

/** The catalog in the manager's order, archived labels left out. */
export async function activeLabels(db: KqDb): Promise<LabelRow[]> {
  const all = await db.labels.orderBy('order').toArray();
  return all.filter((l) => !l.archived);
}

/**
 * The labels a customer carries, in catalog order. An assignment whose label is gone
 * (deleted by an older version, or not pulled yet) is skipped rather than shown blank.
 */
export async function labelsOf(db: KqDb, customerId: string): Promise<CustomerLabel[]> {
  const assigned = await db.labelAssignments.where('customerId').equals(customerId).toArray();
  if (assigned.length === 0) return [];
  const labels = await db.labels.bulkGet(assigned.map((a) => a.labelId));
  return labels
    .filter((l): l is LabelRow => !!l && !l.archived)
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((l) => ({ id: l.id, name: l.name, color: l.color }));
}

export class UnknownRowError extends Error {
  override name = 'UnknownRowError';
}

/** Puts a label on a customer (stored and queued for the team in one transaction). */
export async function assignLabel(db: KqDb, customerId: string, labelId: string): Promise<void> {
  await db.transaction(
    'rw',
    [db.labelAssignments, db.labels, db.customers, ...outboxTables(db)],
    async () => {
      if (!(await db.customers.get(customerId)))
        throw new UnknownRowError(`no customer ${customerId}`);
      const label = await db.labels.get(labelId);
      if (!label || label.archived) throw new UnknownRowError(`no active label ${labelId}`);
      const id = assignmentId(customerId, labelId);
      const m = stamp('label.assign', { customerId, labelId });
      const existing = await db.labelAssignments.get(id);
      await db.labelAssignments.put({
        id,
        customerId,
        labelId,
        assignedAt: existing?.assignedAt ?? Date.now(),
        tags: [...(existing?.tags ?? []), m.id],
      });
      await enqueueMany(db, [m]);
    },
  );
}

/** Takes a label off a customer; only the assignments this machine has seen are removed. */
export async function unassignLabel(db: KqDb, customerId: string, labelId: string): Promise<void> {
  await db.transaction('rw', [db.labelAssignments, ...outboxTables(db)], async () => {
    const id = assignmentId(customerId, labelId);
    const existing = await db.labelAssignments.get(id);
    if (!existing) return;
    await db.labelAssignments.delete(id);
    const tags = existing.tags ?? [];
    if (tags.length)
      await enqueueMany(db, [stamp('label.unassign', { customerId, labelId, tags })]);
  });
}
