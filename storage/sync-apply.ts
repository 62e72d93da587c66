// Folding rows pulled from the team server into the local tables. The server's row is the
// team's truth; local changes still waiting in the outbox are replayed on top of it with the
// same merge function the server uses (core/sync/state), so an edit made here is never
// overwritten by an older copy coming back.
import Dexie from 'dexie';
import type { WireRow } from '@/core/api/schemas';
import { CARE_KINDS, type CareItem, type CareReason } from '@/core/care/types';
import { type Mutation, MutationSchema } from '@/core/sync/mutations';
import { applyMutation, emptyState, type SyncRow, touchedRows } from '@/core/sync/state';
import {
  assignmentView,
  type CareRowView,
  careView,
  customerView,
  identityView,
  isAssigned,
  labelView,
  noteView,
  templateView,
  touchpointView,
} from '@/core/sync/views';
import { nameKey } from '@/core/text';
import type { KqDb } from './db';
import { applyRemoteStage } from './pipeline';
import type { CustomerRow, IdentityRow, TouchpointRow } from './schema';

/** Local touchpoint ids use `|`, which synced ids may not contain. */
export const localTouchpointId = (syncId: string): string => {
  const i = syncId.lastIndexOf(':');
  return i < 0 ? syncId : `${syncId.slice(0, i)}|${syncId.slice(i + 1)}`;
};

export interface ApplyResult {
  /** Rows written or deleted locally. */
  changed: number;
  /** Customers whose view may have changed (for refreshing open sidebars). */
  customers: Set<string>;
  /** The label catalog changed (a rename shows on every customer carrying it). */
  labels: boolean;
  /** Care items changed (the queue's counts may have moved). */
  care?: boolean;
}

const CARE_KINDS_SET: ReadonlySet<string> = new Set(CARE_KINDS);

/** A pulled care row as a local item, merged with this device's copy; null if unusable. */
export function careItemFromView(v: CareRowView, local: CareItem | undefined): CareItem | null {
  if (!CARE_KINDS_SET.has(v.kind)) return null;
  const kind = v.kind as CareItem['kind'];
  let reason: CareReason | undefined = local?.reason;
  if (kind === 'reminder')
    reason = {
      kind: 'reminder',
      note: v.note ?? '',
      ...(v.createdBy ? { createdBy: v.createdBy } : {}),
    };
  else if (!reason && v.reason && v.reason.kind === kind)
    reason = v.reason as unknown as CareReason;
  if (!reason) return null;
  const item: CareItem = {
    id: v.id,
    customerId: v.customerId,
    kind,
    occasion: v.occasion,
    dueAt: v.dueAt,
    state: v.state,
    reason,
    updatedAt: Math.max(v.updatedAt, local?.updatedAt ?? 0),
    ...(v.snoozeUntil !== undefined ? { snoozeUntil: v.snoozeUntil } : {}),
    ...(v.dismissReason !== undefined ? { dismissReason: v.dismissReason } : {}),
    ...((v.templateId ?? local?.templateId)
      ? { templateId: v.templateId ?? local?.templateId }
      : {}),
    ...(v.assignee ? { assignee: v.assignee } : {}),
    ...(v.hlc ? { hlc: v.hlc } : {}),
    ...(local?.movedFrom ? { movedFrom: local.movedFrom } : {}),
  };
  // Notified once per device; a new snooze end (or due time) may notify again.
  if (local?.notifiedAt !== undefined && local.state === item.state && local.dueAt === item.dueAt)
    item.notifiedAt = local.notifiedAt;
  return item;
}

/** Pending outbox mutations by the (table/id) they touch. */
async function pendingByRow(db: KqDb): Promise<Map<string, Mutation[]>> {
  const byRow = new Map<string, Mutation[]>();
  await db.outbox.orderBy('seq').each((o) => {
    const parsed = MutationSchema.safeParse(o.payload);
    if (!parsed.success) return;
    for (const [t, id] of touchedRows(parsed.data)) {
      const key = `${t}/${id}`;
      const list = byRow.get(key) ?? [];
      list.push(parsed.data);
      byRow.set(key, list);
    }
  });
  return byRow;
}

/**
 * A merge here deletes the source customer, but a teammate who had not seen the merge yet
 * may write the identity back under it (last writer wins on `customerId`): the team then
 * says the person belongs to a customer this machine no longer holds, and every sighting
 * would start yet another one. Bring such a customer back from the merge record, as it was
 * (a newer server copy, if any, arrives with the pull like any other row).
 * Found by test/server/stress-sync.test.ts (seed 20261123, 10,000 mutations on PostgreSQL).
 */
async function restoreMergedAway(db: KqDb, customerIds: string[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  const held = await db.customers.bulkGet(ids);
  const missing = ids.filter((_, i) => !held[i]);
  if (missing.length === 0) return;
  const merges = await db.merges.where('sourceId').anyOf(missing).sortBy('at');
  const latest = new Map(merges.map((m) => [m.sourceId, m.source]));
  if (latest.size > 0) await db.customers.bulkPut([...latest.values()]);
}

/** Applies one pulled page in one transaction: all of it lands, or none. */
export async function applyPulledRows(
  db: KqDb,
  rows: WireRow[],
  now: number = Date.now(),
  opts: {
    /** Nothing was stored locally before this pull: no local rows to merge with. */
    fresh?: boolean;
  } = {},
): Promise<ApplyResult> {
  const result: ApplyResult = { changed: 0, customers: new Set(), labels: false };
  if (rows.length === 0) return result;
  await db.transaction(
    'rw',
    [
      db.customers,
      db.identities,
      db.touchpoints,
      db.labels,
      db.labelAssignments,
      db.notes,
      db.templates,
      db.careItems,
      db.outbox,
      db.stages,
      db.settings,
      db.merges,
    ],
    async () => {
      const pending = await pendingByRow(db);
      const overlay = (row: WireRow): SyncRow => {
        const mine = pending.get(`${row.t}/${row.id}`);
        const base: SyncRow = { id: row.id, f: { ...row.f }, c: { ...row.c } };
        if (!mine) return base;
        const state = emptyState();
        state[row.t][row.id] = base;
        for (const m of mine) applyMutation(state, m);
        return state[row.t][row.id] ?? base;
      };

      const customers = rows.filter((r) => r.t === 'customers');
      const existing = opts.fresh ? [] : await db.customers.bulkGet(customers.map((r) => r.id));
      const customerRows: CustomerRow[] = customers.map((r, i) => {
        const v = customerView(overlay(r));
        const local = existing[i];
        const displayName = v.displayName ?? local?.displayName ?? '';
        const firstSeenAt = v.firstSeenAt ?? local?.firstSeenAt ?? now;
        result.customers.add(r.id);
        // A birthday the team never saw stays; a cleared one (null) goes.
        const birthday = v.birthday === undefined ? local?.birthday : (v.birthday ?? undefined);
        return {
          ...(birthday ? { birthday } : {}),
          id: r.id,
          displayName,
          nameKey: nameKey(displayName),
          phones: v.phones.length ? v.phones : (local?.phones ?? []),
          emails: v.emails.length ? v.emails : (local?.emails ?? []),
          firstSeenAt: local ? Math.min(local.firstSeenAt, firstSeenAt) : firstSeenAt,
          firstSeenPlatform: v.firstSeenPlatform ?? local?.firstSeenPlatform ?? 'messenger',
          lastSeenAt: Math.max(local?.lastSeenAt ?? 0, v.lastSeenAt ?? firstSeenAt),
          createdAt: local?.createdAt ?? firstSeenAt,
          updatedAt: now,
        };
      });
      await db.customers.bulkPut(customerRows);

      // Pipeline (issue 9): a teammate's choice of stage, when newer than the one held here.
      for (const r of customers) {
        const stage = customerView(overlay(r)).stage;
        if (stage) await applyRemoteStage(db, { customerId: r.id, ...stage });
      }

      const of = (t: WireRow['t']) => rows.filter((r) => r.t === t);

      // Identities: in bulk, since a first pull brings hundreds of thousands. The team may
      // hold two rows for one person (two agents met them before either synced); the
      // local key is unique, so one of them is the shared one: the smallest id. The rule
      // must not depend on the order rows arrive in — a fresh install's snapshot carries
      // no change-log order (every row has the snapshot's seq, pages go by id), and
      // "the later row wins" there left it holding another customer than its teammates
      // (found by test/server/stress-sync.test.ts, an agent joining mid-run).
      const keyOf = (v: { platform: string; accountId: string; externalId: string }) =>
        `${v.platform}|${v.accountId}|${v.externalId}`;
      const incoming = new Map<string, NonNullable<ReturnType<typeof identityView>>>();
      for (const r of of('identities')) {
        const v = identityView(overlay(r));
        if (!v) continue;
        const had = incoming.get(keyOf(v));
        if (!had || v.id < had.id) incoming.set(keyOf(v), v);
      }
      const adoptTwins = async () => {
        const twins = await db.identities
          .where('[platform+accountId+externalId]')
          .anyOf([...incoming.values()].map((v) => [v.platform, v.accountId, v.externalId]))
          .toArray();
        for (const twin of twins) {
          const v = incoming.get(keyOf(twin));
          if (!v || twin.id === v.id) continue;
          if (twin.id < v.id) {
            // Ours is the shared row: the team's other copy of this person is not kept.
            incoming.delete(keyOf(twin));
            continue;
          }
          // Another agent recorded the same person under the shared id: theirs is the one
          // kept now; keep our touchpoints by pointing them at it.
          await db.touchpoints
            .where('identityId')
            .equals(twin.id)
            .modify({ identityId: v.id, customerId: v.customerId });
          await db.identities.delete(twin.id);
          result.customers.add(twin.customerId);
        }
      };
      const identityRows = () =>
        [...incoming.values()].map((v): IdentityRow => {
          result.customers.add(v.customerId);
          return {
            id: v.id,
            customerId: v.customerId,
            platform: v.platform,
            accountId: v.accountId,
            externalId: v.externalId,
            idConfidence: v.idConfidence,
            displayName: v.displayName ?? '',
            firstSeenAt: v.firstSeenAt ?? now,
            lastSeenAt: v.lastSeenAt ?? now,
            ...(v.avatarUrl ? { avatarUrl: v.avatarUrl } : {}),
          };
        });
      const writeIdentities = async () => {
        const rows = identityRows();
        if (!opts.fresh) {
          // Why an identity joined its customer (a phone, an e-mail, an agent's merge) is
          // known only here: keep it across pulls.
          const local = await db.identities.bulkGet(rows.map((r) => r.id));
          rows.forEach((row, i) => {
            const link = local[i]?.link;
            if (link) row.link = link;
          });
        }
        await db.identities.bulkPut(rows);
      };
      if (!opts.fresh) await adoptTwins();
      try {
        await writeIdentities();
      } catch (error) {
        // Fresh install skipped the twin reads; a duplicate from an earlier page shows up
        // as a unique-key failure here: settle it and write again (the transaction lives
        // on because the bulk error is caught).
        if (!(error instanceof Dexie.BulkError)) throw error;
        await adoptTwins();
        await writeIdentities();
      }
      await restoreMergedAway(
        db,
        [...incoming.values()].map((v) => v.customerId),
      );

      const touchpointRows: TouchpointRow[] = of('touchpoints')
        .map((r) => touchpointView(overlay(r)))
        .filter((v) => v !== null)
        .map((v) => ({ ...v, id: localTouchpointId(v.id) }));
      if (!opts.fresh) {
        // The day's message fingerprints are local: without them a re-read would take the
        // messages for new ones (the count would hold, but they would be searched again).
        const local = await db.touchpoints.bulkGet(touchpointRows.map((t) => t.id));
        touchpointRows.forEach((row, i) => {
          const mine = local[i];
          if (mine?.seen) row.seen = mine.seen;
          if (mine?.incoming !== undefined) row.incoming = mine.incoming;
        });
      }
      await db.touchpoints.bulkPut(touchpointRows);

      const labels = of('labels')
        .map((r) => labelView(overlay(r)))
        .filter((v) => v !== null);
      if (labels.length) result.labels = true;
      await db.labels.bulkPut(labels);

      await db.templates.bulkPut(
        of('templates')
          .map((r) => templateView(overlay(r)))
          .filter((v) => v !== null),
      );

      for (const r of of('assignments')) {
        const merged = overlay(r);
        const v = assignmentView(merged);
        if (v && isAssigned(merged)) {
          await db.labelAssignments.put({
            id: r.id,
            customerId: v.customerId,
            labelId: v.labelId,
            assignedAt: v.assignedAt,
            tags: v.tags,
          });
        } else {
          await db.labelAssignments.delete(r.id);
        }
        if (typeof merged.f.customerId === 'string') result.customers.add(merged.f.customerId);
      }

      for (const r of of('notes')) {
        const merged = overlay(r);
        const v = noteView(merged);
        if (v) await db.notes.put({ ...v, author: v.author ?? '' });
        else await db.notes.delete(r.id);
        if (typeof merged.f.customerId === 'string') result.customers.add(merged.f.customerId);
      }
      // Care items: the team's state wins over this device's (last writer by HLC); what
      // only this device knows (notified, moved by a local merge) stays.
      const careRows = of('care')
        .map((r) => careView(overlay(r)))
        .filter((v) => v !== null);
      if (careRows.length) {
        const local = await db.careItems.bulkGet(careRows.map((v) => v.id));
        const items = careRows.flatMap((v, i) => {
          const item = careItemFromView(v, local[i]);
          if (!item) return [];
          result.customers.add(item.customerId);
          result.care = true;
          return [item];
        });
        await db.careItems.bulkPut(items);
      }
      result.changed = rows.length;
    },
  );
  return result;
}
