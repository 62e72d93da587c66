// A customer's history across platforms, read in one transaction and paged by
// core/timeline. Older versions (and sync races) can leave rows that point nowhere; the
// history shows what is there instead of failing: a touchpoint whose identity is gone keeps
// its platform and day, an assignment to a deleted label shows without a name, and a
// touchpoint still filed under an old customer id is found through its identity.
import { pageTimeline, type TimelineEntry, type TimelinePage } from '@/core/timeline';
import { type CustomerRows, customerRows } from './customer-facts';
import type { KqDb } from './db';
import { stageEntries } from './pipeline';
import type { IdentityRow, LabelRow, MessageRow, TouchpointRow } from './schema';
import { PIPELINE_KEY, pipelineOf } from './settings';

/** Order lines a history entry carries; the rest stay in the order. */
const ORDER_ITEMS_SHOWN = 5;

type Entry<K extends TimelineEntry['kind']> = Extract<TimelineEntry, { kind: K }>;

/**
 * The rows only the history needs (the customer's own rows come from customerRows), read in
 * one round trip of parallel requests.
 */
export async function historyRows(db: KqDb, customerId: string, options: { texts?: boolean } = {}) {
  const [identities, messages, notes, labelEvents, absorbed, split] = await Promise.all([
    db.identities.where('customerId').equals(customerId).toArray(),
    // With keeping texts off there are none (turning it off deletes them): skip the read.
    options.texts === false
      ? ([] as MessageRow[])
      : db.messages.where('customerId').equals(customerId).toArray(),
    db.notes.where('customerId').equals(customerId).toArray(),
    db.labelEvents.where('customerId').equals(customerId).toArray(),
    db.merges.where('targetId').equals(customerId).toArray(),
    db.merges.where('sourceId').equals(customerId).toArray(),
  ]);
  return { identities, messages, notes, labelEvents, absorbed, split };
}
export type HistoryRows = Awaited<ReturnType<typeof historyRows>>;

/**
 * Everything the history is made of. `byIdentity` is the read of `identityTouchpoints`
 * when the caller started it early (before its own writes, so it does not wait for them).
 */
type Rows = HistoryRows &
  Pick<CustomerRows, 'touchpoints' | 'orders' | 'assignments'> & {
    labels: LabelRow[];
    /** Pipeline moves (issue 9), already named by the shop's stages. */
    stages?: TimelineEntry[];
    byIdentity?: Promise<TouchpointRow[]>;
  };

/**
 * Touchpoints of these identities, wherever they are filed: rows still under an older
 * customer id (left by older versions) are found through their identity.
 */
export function identityTouchpoints(
  db: KqDb,
  identities: readonly IdentityRow[],
): Promise<TouchpointRow[]> {
  return identities.length
    ? db.touchpoints
        .where('identityId')
        .anyOf(identities.map((i) => i.id))
        .toArray()
    : Promise.resolve([]);
}

/** The tables the history reads; include them to build it inside a larger transaction. */
export const historyTables = (db: KqDb) => [
  db.customers,
  db.identities,
  db.touchpoints,
  db.messages,
  db.orders,
  db.notes,
  db.labelEvents,
  db.labelAssignments,
  db.labels,
  db.merges,
  db.stages,
  db.settings,
];

async function touchpointEntries(db: KqDb, rows: Rows): Promise<Entry<'touchpoint'>[]> {
  const own = rows.identities;
  const byIdentity = await (rows.byIdentity ?? identityTouchpoints(db, own));
  // The caller's rows win over the identity read: they may hold today's row as just
  // written, while an early identity read saw it as it was.
  const touchpoints = new Map<string, TouchpointRow>();
  for (const t of [...byIdentity, ...rows.touchpoints]) touchpoints.set(t.id, t);

  const identities = new Map<string, IdentityRow>(own.map((i) => [i.id, i]));
  const missing = [...new Set([...touchpoints.values()].map((t) => t.identityId))].filter(
    (id) => !identities.has(id),
  );
  if (missing.length) {
    for (const i of await db.identities.bulkGet(missing)) if (i) identities.set(i.id, i);
  }

  const kept = new Map<string, MessageRow[]>();
  for (const m of rows.messages) {
    const key = `${m.identityId}|${m.day}`;
    const list = kept.get(key);
    if (list) list.push(m);
    else kept.set(key, [m]);
  }

  return [...touchpoints.values()].map((t) => {
    const texts = kept
      .get(`${t.identityId}|${t.day}`)
      ?.sort((a, b) => a.seenAt - b.seenAt || a.position - b.position)
      .map((m) => ({
        direction: m.direction,
        text: m.text,
        ...(m.at !== undefined ? { at: m.at } : {}),
      }));
    return {
      kind: 'touchpoint',
      id: t.id,
      at: t.lastAt,
      firstAt: t.firstAt,
      day: t.day,
      platform: t.platform,
      count: t.count,
      identityId: t.identityId,
      identityName: identities.get(t.identityId)?.displayName ?? null,
      ...(texts?.length ? { messages: texts } : {}),
    };
  });
}

function labelEntries(rows: Rows): Entry<'label'>[] {
  const labels = new Map<string, LabelRow>(rows.labels.map((l) => [l.id, l]));
  const entry = (
    id: string,
    at: number,
    labelId: string,
    action: 'assign' | 'unassign',
  ): Entry<'label'> => ({
    kind: 'label',
    id,
    at,
    action,
    labelId,
    labelName: labels.get(labelId)?.name ?? null,
    color: labels.get(labelId)?.color ?? null,
  });
  const logged = new Set(
    rows.labelEvents.filter((e) => e.action === 'assign').map((e) => e.labelId),
  );
  return [
    ...rows.labelEvents.map((e) => entry(e.id, e.at, e.labelId, e.action)),
    // Assignments made before label history existed (v3 and older) show as of their date.
    ...rows.assignments
      .filter((a) => !logged.has(a.labelId))
      .map((a) => entry(`assignment:${a.id}`, a.assignedAt, a.labelId, 'assign')),
  ];
}

function mergeEntries(rows: Rows): Entry<'merge'>[] {
  return [
    ...rows.absorbed.map(
      (m): Entry<'merge'> => ({
        kind: 'merge',
        id: m.id,
        at: m.at,
        role: 'absorbed',
        by: m.by,
        ...(m.value !== undefined ? { value: m.value } : {}),
        mergeId: m.id,
        otherCustomerId: m.sourceId,
        otherName: m.source.displayName,
        ...(m.undoneAt !== undefined ? { undoneAt: m.undoneAt } : {}),
      }),
    ),
    ...rows.split
      .filter((m) => m.undoneAt !== undefined)
      .map(
        (m): Entry<'merge'> => ({
          kind: 'merge',
          id: m.id,
          at: m.undoneAt ?? m.at,
          role: 'split',
          by: m.by,
          ...(m.value !== undefined ? { value: m.value } : {}),
          mergeId: m.id,
          otherCustomerId: m.targetId,
          otherName: m.targetBefore.displayName,
          undoneAt: m.undoneAt ?? m.at,
        }),
      ),
  ];
}

/**
 * Every history entry of a customer, from rows already read (one more round trip, for
 * touchpoints still filed under an older customer id). Call inside a transaction over
 * `historyTables`.
 */
export async function historyEntries(db: KqDb, rows: Rows): Promise<TimelineEntry[]> {
  return [
    ...(await touchpointEntries(db, rows)),
    ...rows.orders.map(
      (o): Entry<'order'> => ({
        kind: 'order',
        id: o.id,
        at: o.placedAt,
        code: o.code,
        total: o.total,
        status: o.status,
        ...(o.items.length
          ? {
              items: o.items
                .slice(0, ORDER_ITEMS_SHOWN)
                .map((i) => ({ name: i.name.slice(0, 300), quantity: i.quantity, price: i.price })),
            }
          : {}),
      }),
    ),
    ...rows.notes.map(
      (n): Entry<'note'> => ({
        kind: 'note',
        id: n.id,
        at: n.createdAt,
        text: n.text,
        author: n.author,
        pinned: n.pinned,
        updatedAt: n.updatedAt,
      }),
    ),
    ...labelEntries(rows),
    ...mergeEntries(rows),
    ...(rows.stages ?? []),
  ];
}

/** One page of a customer's history, newest first (see core/timeline pageTimeline). */
export async function timelineOf(
  db: KqDb,
  customerId: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<TimelinePage> {
  const entries = await db.transaction('r', historyTables(db), async () => {
    const [own, history, labels, stage, pipeline] = await Promise.all([
      customerRows(db, customerId),
      historyRows(db, customerId),
      // The catalog is small: read whole rather than wait for the ids first.
      db.labels.toArray(),
      db.stages.get(customerId),
      db.settings.get(PIPELINE_KEY),
    ]);
    const stages = stageEntries(pipelineOf(pipeline?.value), stage);
    return historyEntries(db, { ...own, ...history, labels, stages });
  });
  return pageTimeline(customerId, entries, options);
}
