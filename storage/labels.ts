// Which customers carry which label, and the history of putting labels on and off. Each
// change is stored, logged and queued for the team in one transaction.
import { assignmentId } from '@/core/sync/state';
import type { KqDb } from './db';
import { enqueue, localClock, outboxTables, SYNC_CONNECTION_KEY } from './outbox';
import type { LabelAssignmentRow } from './schema';

export class UnknownRowError extends Error {
  override name = 'UnknownRowError';
}

const newId = () => crypto.randomUUID();

/** The assignment row of (customer, label), whatever id an older version gave it. */
export function assignmentOf(
  db: KqDb,
  customerId: string,
  labelId: string,
): Promise<LabelAssignmentRow | undefined> {
  return db.labelAssignments.where('[customerId+labelId]').equals([customerId, labelId]).first();
}

/**
 * The id of the `label.assign` mutation about to be queued, so the row can carry it as
 * its tag; undefined when no team server is connected (nothing is queued).
 */
async function nextAssignTag(db: KqDb): Promise<string | undefined> {
  return (await db.settings.get(SYNC_CONNECTION_KEY)) ? newId() : undefined;
}

/**
 * Puts a label on a customer. Assigning a label the customer already carries changes
 * nothing. `at` lets merges and tests pin the time.
 */
export async function assignLabel(
  db: KqDb,
  customerId: string,
  labelId: string,
  at = Date.now(),
): Promise<void> {
  await db.transaction(
    'rw',
    [db.labelAssignments, db.labels, db.customers, db.labelEvents, ...outboxTables(db)],
    async () => {
      if (!(await db.customers.get(customerId)))
        throw new UnknownRowError(`no customer ${customerId}`);
      const label = await db.labels.get(labelId);
      if (!label || label.archived) throw new UnknownRowError(`no active label ${labelId}`);
      if (await assignmentOf(db, customerId, labelId)) return;
      await putAssignment(db, customerId, labelId, at);
    },
  );
}

/**
 * Writes a new assignment, its history event and its mutation. Call inside a `rw`
 * transaction over labelAssignments, labelEvents and the outbox tables.
 */
export async function putAssignment(
  db: KqDb,
  customerId: string,
  labelId: string,
  at: number,
): Promise<LabelAssignmentRow> {
  const tag = await nextAssignTag(db);
  const row: LabelAssignmentRow = {
    id: assignmentId(customerId, labelId),
    customerId,
    labelId,
    assignedAt: at,
    ...(tag ? { tags: [tag] } : {}),
  };
  await db.labelAssignments.add(row);
  await db.labelEvents.add({ id: newId(), customerId, labelId, action: 'assign', at });
  if (tag) await queueAssign(db, tag, customerId, labelId, at);
  return row;
}

/** Queues `label.assign` under a chosen mutation id (the row's tag). */
async function queueAssign(
  db: KqDb,
  tag: string,
  customerId: string,
  labelId: string,
  at: number,
): Promise<void> {
  const mutation = {
    id: tag,
    hlc: localClock().now(),
    kind: 'label.assign' as const,
    data: { customerId, labelId },
  };
  await db.outbox.add({ mutationId: tag, kind: mutation.kind, payload: mutation, createdAt: at });
}

/** Takes a label off a customer; only the assignments this machine has seen are removed. */
export async function unassignLabel(
  db: KqDb,
  customerId: string,
  labelId: string,
  at = Date.now(),
): Promise<void> {
  await db.transaction('rw', [db.labelAssignments, db.labelEvents, ...outboxTables(db)], () =>
    removeAssignment(db, customerId, labelId, at),
  );
}

/**
 * Deletes the assignment (if any), logs it and queues `label.unassign` with the tags seen.
 * Call inside a `rw` transaction over labelAssignments, labelEvents and the outbox tables.
 */
export async function removeAssignment(
  db: KqDb,
  customerId: string,
  labelId: string,
  at: number,
): Promise<LabelAssignmentRow | undefined> {
  const existing = await assignmentOf(db, customerId, labelId);
  if (!existing) return undefined;
  await db.labelAssignments.delete(existing.id);
  await db.labelEvents.add({ id: newId(), customerId, labelId, action: 'unassign', at });
  const tags = existing.tags ?? [];
  if (tags.length) await enqueue(db, 'label.unassign', { customerId, labelId, tags }, at);
  return existing;
}
