// The team's labels on this machine: the catalog (managers own it on the server; local-only
// shops keep their own), which customers carry which label, and the history of putting
// labels on and off. Each change is stored, logged and queued for the team in one
// transaction.
import { assignmentId } from '@/core/sync/state';
import type { KqDb } from './db';
import { enqueueMany, outboxTables, stamp } from './outbox';
import type { LabelAssignmentRow, LabelRow } from './schema';

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
  return shownLabels(await db.labels.bulkGet(assigned.map((a) => a.labelId)));
}

/** The labels a customer's assignments name, from a catalog already read. */
export function labelsFrom(
  assignments: readonly LabelAssignmentRow[],
  catalog: readonly LabelRow[],
): CustomerLabel[] {
  const byId = new Map(catalog.map((l) => [l.id, l]));
  return shownLabels(assignments.map((a) => byId.get(a.labelId)));
}

/** Active labels in catalog order, as the sidebar shows them. */
function shownLabels(labels: readonly (LabelRow | undefined)[]): CustomerLabel[] {
  return labels
    .filter((l): l is LabelRow => !!l && !l.archived)
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((l) => ({ id: l.id, name: l.name, color: l.color }));
}

export class UnknownRowError extends Error {
  override name = 'UnknownRowError';
}

/** The assignment row of (customer, label), whatever id an older version gave it. */
export function assignmentOf(
  db: KqDb,
  customerId: string,
  labelId: string,
): Promise<LabelAssignmentRow | undefined> {
  return db.labelAssignments.where('[customerId+labelId]').equals([customerId, labelId]).first();
}

/** The tables `putAssignment` / `removeAssignment` write. */
export const assignmentTables = (db: KqDb) => [
  db.labelAssignments,
  db.labelEvents,
  ...outboxTables(db),
];

/** Puts a label on a customer (stored, logged and queued for the team in one transaction). */
export async function assignLabel(
  db: KqDb,
  customerId: string,
  labelId: string,
  at = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.labels, db.customers, ...assignmentTables(db)], async () => {
    if (!(await db.customers.get(customerId)))
      throw new UnknownRowError(`no customer ${customerId}`);
    const label = await db.labels.get(labelId);
    if (!label || label.archived) throw new UnknownRowError(`no active label ${labelId}`);
    await putAssignment(db, customerId, labelId, at);
  });
}

/**
 * Adds the assignment (a new tag on it when it exists), logs it, and queues `label.assign`
 * under the tag's id. Call inside a `rw` transaction over `assignmentTables`.
 */
export async function putAssignment(
  db: KqDb,
  customerId: string,
  labelId: string,
  at: number,
  options: { log?: boolean } = {},
): Promise<LabelAssignmentRow> {
  const m = stamp('label.assign', { customerId, labelId });
  const existing = await assignmentOf(db, customerId, labelId);
  const row: LabelAssignmentRow = {
    id: existing?.id ?? assignmentId(customerId, labelId),
    customerId,
    labelId,
    assignedAt: existing?.assignedAt ?? at,
    tags: [...(existing?.tags ?? []), m.id],
  };
  await db.labelAssignments.put(row);
  if (!existing && options.log !== false) {
    await db.labelEvents.add({
      id: crypto.randomUUID(),
      customerId,
      labelId,
      action: 'assign',
      at,
    });
  }
  await enqueueMany(db, [m], at);
  return row;
}

/** Takes a label off a customer; only the assignments this machine has seen are removed. */
export async function unassignLabel(
  db: KqDb,
  customerId: string,
  labelId: string,
  at = Date.now(),
): Promise<void> {
  await db.transaction('rw', assignmentTables(db), () =>
    removeAssignment(db, customerId, labelId, at),
  );
}

/**
 * Deletes the assignment (if any), logs it and queues `label.unassign` with the tags seen.
 * Call inside a `rw` transaction over `assignmentTables`.
 */
export async function removeAssignment(
  db: KqDb,
  customerId: string,
  labelId: string,
  at: number,
  options: { log?: boolean } = {},
): Promise<LabelAssignmentRow | undefined> {
  const existing = await assignmentOf(db, customerId, labelId);
  if (!existing) return undefined;
  await db.labelAssignments.delete(existing.id);
  if (options.log !== false) {
    await db.labelEvents.add({
      id: crypto.randomUUID(),
      customerId,
      labelId,
      action: 'unassign',
      at,
    });
  }
  const tags = existing.tags ?? [];
  if (tags.length)
    await enqueueMany(db, [stamp('label.unassign', { customerId, labelId, tags })], at);
  return existing;
}
