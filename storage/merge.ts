// Merging two customers the agent says are one person, and undoing it. Nothing is lost:
// every row of the source (identities, touchpoints, notes, orders, label assignments and
// history, kept messages, phones and e-mails) moves to the target, and a `merges` row
// records exactly what moved, so undo puts each row back. One transaction each.
//
// Undo after the merged customer lived on:
// - Rows that moved go back, with whatever happened to them since (a touchpoint's new
//   messages, an edited note, an order's new status).
// - New days and kept messages of the source's identities follow their identity back.
// - Notes, orders and labels added to the merged customer after the merge stay on the
//   target: the agent made them looking at both, and the target is the one that stays.
//   Phones and e-mails added since stay on the target too.
// - Something deleted since (a moved note, a moved label taken off) stays deleted.
// - A merge can only be undone while its target exists: when the target was itself merged
//   into a third customer later, undo that merge first.
// - Undoing an automatic link (by phone or e-mail) also tells the suggestions the two are
//   different people, so the same number does not link them again.
// With nothing changed since, undo restores the database exactly (a property test checks).
//
// Sync: identity moves, note moves (note.add re-sent with the new customer), label moves
// and the target's phones/e-mails are queued. Touchpoints follow their identity (re-sending
// them would add to the server's counts) and orders are local; a `customer.merge` mutation
// kind on the server is the follow-up that would carry the whole merge.
import type { MovedCounts } from '@/core/customer-actions';
import { assignmentId } from '@/core/sync/state';
import type { KqDb } from './db';
import { dismissalId } from './identity-links';
import { assignmentOf, UnknownRowError } from './labels';
import { customerUpsertData, identityUpsertData, noteAddData } from './mutation-data';
import { enqueue, enqueueMany, outboxTables, SYNC_CONNECTION_KEY, stamp } from './outbox';
import { noteOrderWrite } from './rfm';
import type {
  CustomerRow,
  IdentityLinkFact,
  IdentityRow,
  LabelAssignmentRow,
  MergeRow,
  TouchpointRow,
} from './schema';

export class MergeError extends Error {
  override name = 'MergeError';
}

/** The tables a merge or its undo writes; include them to merge inside a larger transaction. */
export const mergeTables = (db: KqDb) => [
  db.customers,
  db.identities,
  db.touchpoints,
  db.notes,
  db.orders,
  db.labelAssignments,
  db.labelEvents,
  db.messages,
  db.merges,
  db.dismissals,
  ...outboxTables(db),
];

/** Why two customers became one: the agent said so, or the customer wrote a shared value. */
export type MergeReason = { by: 'agent' } | { by: 'phone' | 'email'; value: string };

const linkFact = (reason: MergeReason, at: number): IdentityLinkFact =>
  reason.by === 'agent' ? { by: 'agent', at } : { by: reason.by, value: reason.value, at };

const union = (a: string[], b: string[]) => [...a, ...b.filter((v) => !a.includes(v))];

/**
 * Queues `label.assign` and returns its mutation id (the assignment's tag), when connected.
 * Unconnected, rows carry no new tag: connecting uploads every assignment afresh anyway,
 * and an undo can then put back the row exactly as it was.
 */
async function queueAssign(
  db: KqDb,
  customerId: string,
  labelId: string,
  at: number,
): Promise<string | undefined> {
  if (!(await db.settings.get(SYNC_CONNECTION_KEY))) return undefined;
  const m = stamp('label.assign', { customerId, labelId });
  await enqueueMany(db, [m], at);
  return m.id;
}

async function queueUnassign(db: KqDb, row: LabelAssignmentRow, at: number): Promise<void> {
  if (row.tags?.length) {
    await enqueue(
      db,
      'label.unassign',
      { customerId: row.customerId, labelId: row.labelId, tags: row.tags },
      at,
    );
  }
}

export interface MergeOutcome {
  merge: MergeRow;
  moved: MovedCounts;
}

/** Folds `sourceId` into `targetId`. */
export async function mergeCustomers(
  db: KqDb,
  targetId: string,
  sourceId: string,
  now = Date.now(),
  reason: MergeReason = { by: 'agent' },
): Promise<MergeOutcome> {
  if (targetId === sourceId) throw new MergeError('sourceId: cannot merge a customer into itself');
  return db.transaction('rw', mergeTables(db), async () => {
    const [target, source] = await db.customers.bulkGet([targetId, sourceId]);
    if (!target) throw new UnknownRowError(`targetId: no customer ${targetId}`);
    if (!source) throw new UnknownRowError(`sourceId: no customer ${sourceId}`);
    const [identities, touchpoints, notes, orders, assignments, labelEvents, messages] =
      await Promise.all([
        db.identities.where('customerId').equals(sourceId).toArray(),
        db.touchpoints.where('customerId').equals(sourceId).toArray(),
        db.notes.where('customerId').equals(sourceId).toArray(),
        db.orders.where('customerId').equals(sourceId).toArray(),
        db.labelAssignments.where('customerId').equals(sourceId).toArray(),
        db.labelEvents.where('customerId').equals(sourceId).toArray(),
        db.messages.where('customerId').equals(sourceId).toArray(),
      ]);

    await db.identities.bulkPut(
      identities.map((i) => ({
        ...i,
        customerId: targetId,
        link: i.link ?? linkFact(reason, now),
      })),
    );
    for (const i of identities) {
      await enqueue(db, 'identity.upsert', identityUpsertData({ ...i, customerId: targetId }), now);
    }
    await db.touchpoints.bulkPut(touchpoints.map((t) => ({ ...t, customerId: targetId })));
    await db.messages.bulkPut(messages.map((m) => ({ ...m, customerId: targetId })));
    await db.labelEvents.bulkPut(labelEvents.map((e) => ({ ...e, customerId: targetId })));
    await db.orders.bulkPut(orders.map((o) => ({ ...o, customerId: targetId })));
    if (orders.length) await noteOrderWrite(db, orders.length);
    const movedNotes = notes.map((n) => ({ ...n, customerId: targetId }));
    await db.notes.bulkPut(movedNotes);
    for (const n of movedNotes) await enqueue(db, 'note.add', noteAddData(n), now);

    const labels: MergeRow['labels'] = [];
    for (const a of assignments) {
      await db.labelAssignments.delete(a.id);
      await queueUnassign(db, a, now);
      if (await assignmentOf(db, targetId, a.labelId)) {
        labels.push({ before: a });
        continue;
      }
      const tag = await queueAssign(db, targetId, a.labelId, now);
      const moved: LabelAssignmentRow = {
        id: assignmentId(targetId, a.labelId),
        customerId: targetId,
        labelId: a.labelId,
        assignedAt: a.assignedAt,
        ...(tag ? { tags: [tag] } : {}),
      };
      await db.labelAssignments.add(moved);
      labels.push({ before: a, movedTo: moved.id });
    }

    const sourceFirst = source.firstSeenAt < target.firstSeenAt;
    const targetAfter: CustomerRow = {
      ...target,
      phones: union(target.phones, source.phones),
      emails: union(target.emails, source.emails),
      firstSeenAt: sourceFirst ? source.firstSeenAt : target.firstSeenAt,
      firstSeenPlatform: sourceFirst ? source.firstSeenPlatform : target.firstSeenPlatform,
      lastSeenAt: Math.max(target.lastSeenAt, source.lastSeenAt),
      updatedAt: now,
    };
    await db.customers.put(targetAfter);
    await db.customers.delete(sourceId);
    await enqueue(db, 'customer.upsert', customerUpsertData(targetAfter), now);

    const merge: MergeRow = {
      id: crypto.randomUUID(),
      targetId,
      sourceId,
      at: now,
      ...reason,
      source,
      targetBefore: target,
      targetAfter,
      identities,
      touchpoints: touchpoints.map((t) => t.id),
      notes: notes.map((n) => n.id),
      orders: orders.map((o) => o.id),
      labelEvents: labelEvents.map((e) => e.id),
      messages: messages.map((m) => m.id),
      labels,
    };
    await db.merges.add(merge);
    return {
      merge,
      moved: {
        identities: identities.length,
        touchpoints: touchpoints.length,
        notes: notes.length,
        orders: orders.length,
        labels: assignments.length,
        labelEvents: labelEvents.length,
        messages: messages.length,
      },
    };
  });
}

/**
 * Records a link made when a new identity joined `target` at first sight (no customer of
 * its own was ever stored): as a merge of the customer it would have started, so undo
 * gives the identity that customer. Call inside a transaction over `mergeTables`, after
 * the identity and the target are written.
 */
export async function recordLink(
  db: KqDb,
  link: {
    reason: Exclude<MergeReason, { by: 'agent' }>;
    /** The customer the identity would have started (never stored). */
    source: CustomerRow;
    targetBefore: CustomerRow;
    targetAfter: CustomerRow;
    /** The identity as it would have been on its own customer. */
    identity: IdentityRow;
    now: number;
  },
): Promise<MergeRow> {
  const merge: MergeRow = {
    id: crypto.randomUUID(),
    targetId: link.targetAfter.id,
    sourceId: link.source.id,
    at: link.now,
    ...link.reason,
    source: link.source,
    targetBefore: link.targetBefore,
    targetAfter: link.targetAfter,
    identities: [link.identity],
    touchpoints: [],
    notes: [],
    orders: [],
    labelEvents: [],
    messages: [],
    labels: [],
  };
  await db.merges.add(merge);
  return merge;
}

/** Deep equality of two plain rows (JSON-shaped), key order ignored. */
function sameRow(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameRow((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/**
 * `floor`, raised to the latest sighting after the merge (`since`) among the identities
 * and touchpoints: what the merged customer saw happens to the restored ones, and a
 * customer nobody saw since the merge keeps its old value exactly.
 */
const latestSeen = (
  identities: readonly IdentityRow[],
  touchpoints: readonly TouchpointRow[],
  floor: number,
  since: number,
) => {
  let latest = floor;
  for (const i of identities) if (i.lastSeenAt > since) latest = Math.max(latest, i.lastSeenAt);
  for (const t of touchpoints) if (t.lastAt > since) latest = Math.max(latest, t.lastAt);
  return latest;
};

export interface UnmergeOutcome {
  merge: MergeRow;
  restored: MovedCounts;
}

/** Undoes one merge (see the rules at the top of this file). */
export async function unmergeCustomers(
  db: KqDb,
  mergeId: string,
  now = Date.now(),
): Promise<UnmergeOutcome> {
  return db.transaction('rw', mergeTables(db), async () => {
    const merge = await db.merges.get(mergeId);
    if (!merge) throw new UnknownRowError(`mergeId: no merge ${mergeId}`);
    if (merge.undoneAt !== undefined) throw new MergeError(`mergeId: ${mergeId} is already undone`);
    const { targetId, sourceId } = merge;
    const target = await db.customers.get(targetId);
    if (!target) {
      const later = (await db.merges.where('sourceId').equals(targetId).toArray()).find(
        (m) => m.undoneAt === undefined,
      );
      throw new MergeError(
        later
          ? `mergeId: the merged customer was merged again since; undo merge ${later.id} first`
          : `mergeId: the merged customer ${targetId} no longer exists`,
      );
    }
    if (await db.customers.get(sourceId)) {
      throw new MergeError(`mergeId: customer ${sourceId} exists again; merge them instead`);
    }

    // Identities go back as they were linked before, with what happened to them since.
    const movedIds = new Set(merge.identities.map((i) => i.id));
    const current = await db.identities.bulkGet([...movedIds]);
    const back: IdentityRow[] = [];
    current.forEach((row, i) => {
      if (!row || row.customerId !== targetId) return;
      const { link: _link, ...rest } = row;
      const before = merge.identities[i]!;
      back.push({ ...rest, customerId: sourceId, ...(before.link ? { link: before.link } : {}) });
    });
    await db.identities.bulkPut(back);
    for (const i of back) await enqueue(db, 'identity.upsert', identityUpsertData(i), now);

    // Touchpoints and kept messages: the moved ones, and new ones of the moved identities.
    const onTarget = <T extends { id: string; identityId: string }>(rows: T[], ids: string[]) => {
      const listed = new Set(ids);
      return rows.filter((r) => listed.has(r.id) || movedIds.has(r.identityId));
    };
    const targetTouchpoints = await db.touchpoints.where('customerId').equals(targetId).toArray();
    const touchpoints = onTarget(targetTouchpoints, merge.touchpoints);
    await db.touchpoints.bulkPut(touchpoints.map((t) => ({ ...t, customerId: sourceId })));
    const messages = onTarget(
      await db.messages.where('customerId').equals(targetId).toArray(),
      merge.messages,
    );
    await db.messages.bulkPut(messages.map((m) => ({ ...m, customerId: sourceId })));

    // Notes, orders, label history: exactly the rows that moved, if still on the target.
    const stillOnTarget = <T extends { customerId: string }>(rows: (T | undefined)[]) =>
      rows.filter((r): r is T => r?.customerId === targetId);
    const notes = stillOnTarget(await db.notes.bulkGet(merge.notes)).map((n) => ({
      ...n,
      customerId: sourceId,
    }));
    await db.notes.bulkPut(notes);
    for (const n of notes) await enqueue(db, 'note.add', noteAddData(n), now);
    const orders = stillOnTarget(await db.orders.bulkGet(merge.orders));
    await db.orders.bulkPut(orders.map((o) => ({ ...o, customerId: sourceId })));
    if (orders.length) await noteOrderWrite(db, orders.length);
    const events = stillOnTarget(await db.labelEvents.bulkGet(merge.labelEvents));
    await db.labelEvents.bulkPut(events.map((e) => ({ ...e, customerId: sourceId })));

    // Labels: back on the source while the target still carries them.
    let labels = 0;
    for (const { before, movedTo } of merge.labels) {
      const onTargetRow = await assignmentOf(db, targetId, before.labelId);
      if (!onTargetRow) continue;
      if (movedTo !== undefined && onTargetRow.id === movedTo) {
        await db.labelAssignments.delete(movedTo);
        await queueUnassign(db, onTargetRow, now);
      }
      const tag = await queueAssign(db, sourceId, before.labelId, now);
      const { tags: _tags, ...untagged } = before;
      await db.labelAssignments.add(tag ? { ...untagged, tags: [tag] } : before);
      labels += 1;
    }

    // The two customers: exactly as before when the target was not touched since.
    // A value leaves the target only if it came from the source alone.
    const keptByTarget = (before: string[], fromSource: string[]) => (v: string) =>
      !fromSource.includes(v) || before.includes(v);
    const targetIdentities = await db.identities.where('customerId').equals(targetId).toArray();
    const goingBack = new Set(touchpoints.map((t) => t.id));
    const staying = targetTouchpoints.filter((t) => !goingBack.has(t.id));
    const restoredTarget: CustomerRow = sameRow(target, merge.targetAfter)
      ? merge.targetBefore
      : {
          ...target,
          phones: target.phones.filter(
            keptByTarget(merge.targetBefore.phones, merge.source.phones),
          ),
          emails: target.emails.filter(
            keptByTarget(merge.targetBefore.emails, merge.source.emails),
          ),
          firstSeenAt: merge.targetBefore.firstSeenAt,
          firstSeenPlatform: merge.targetBefore.firstSeenPlatform,
          lastSeenAt: latestSeen(
            targetIdentities,
            staying,
            merge.targetBefore.lastSeenAt,
            merge.at,
          ),
          updatedAt: now,
        };
    const sourceLastSeen = latestSeen(back, touchpoints, merge.source.lastSeenAt, merge.at);
    const restoredSource: CustomerRow =
      sourceLastSeen === merge.source.lastSeenAt
        ? merge.source
        : { ...merge.source, lastSeenAt: sourceLastSeen, updatedAt: now };
    await db.customers.bulkPut([restoredTarget, restoredSource]);
    await enqueue(db, 'customer.upsert', customerUpsertData(restoredTarget), now);
    await enqueue(db, 'customer.upsert', customerUpsertData(restoredSource), now);

    if (merge.by !== 'agent') {
      await db.dismissals.put({ id: dismissalId(sourceId, targetId), at: now });
    }
    const undone = { ...merge, undoneAt: now };
    await db.merges.put(undone);
    return {
      merge: undone,
      restored: {
        identities: back.length,
        touchpoints: touchpoints.length,
        notes: notes.length,
        orders: orders.length,
        labels,
        labelEvents: events.length,
        messages: messages.length,
      },
    };
  });
}
