// The outbox: mutations written locally that the sync client still has to push. A storage
// write appends its mutations here inside its own transaction, so a change is either both
// stored and queued, or neither. Nothing is queued while no team server is connected; on
// connecting, the sync client uploads what is already stored (see sync-client.ts).
import { describeIssues } from '@/core/protocol';
import { HlcClock } from '@/core/sync/hlc';
import {
  type Mutation,
  type MutationKind,
  type MutationOf,
  MutationSchema,
} from '@/core/sync/mutations';
import type { KqDb } from './db';

/** Settings key holding the connection to a team server (absent when local-only). */
export const SYNC_CONNECTION_KEY = 'sync.connection';

let clock: HlcClock | undefined;

/**
 * This service worker's hybrid logical clock. The node id only has to be unique per
 * writer; a fresh one per worker start is enough because stamps order by wall time first.
 */
export function localClock(): HlcClock {
  clock ??= new HlcClock(`x${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`);
  return clock;
}

/** The tables a transaction must include to call `enqueue`. */
export const outboxTables = (db: KqDb) => [db.outbox, db.settings];

/** A mutation stamped now by this worker's clock. */
export function stamp<K extends MutationKind>(kind: K, data: MutationOf<K>['data']): MutationOf<K> {
  return { id: crypto.randomUUID(), hlc: localClock().now(), kind, data } as MutationOf<K>;
}

/**
 * Appends already stamped mutations, when connected. Call inside a `rw` transaction that
 * includes `outboxTables(db)`. Returns whether they were queued.
 */
export async function enqueueMany(
  db: KqDb,
  mutations: Mutation[],
  now: number = Date.now(),
): Promise<boolean> {
  if (mutations.length === 0 || !(await db.settings.get(SYNC_CONNECTION_KEY))) return false;
  // The server checks a push as a whole: one mutation it cannot accept (an imported order
  // code too long for an id, say) would stop every push after it. Such a change stays local.
  const sendable = mutations.filter((m) => {
    const r = MutationSchema.safeParse(m);
    if (!r.success)
      console.warn(
        `[kq] kept local, not sent to the team server: ${m.kind}: ${describeIssues(r.error)}`,
      );
    return r.success;
  });
  if (sendable.length === 0) return false;
  await db.outbox.bulkAdd(
    sendable.map((m) => ({ mutationId: m.id, kind: m.kind, payload: m, createdAt: now })),
  );
  return true;
}

/**
 * Stamps a mutation and appends it to the outbox, when connected. Call inside a `rw`
 * transaction that includes `outboxTables(db)`.
 */
export async function enqueue<K extends MutationKind>(
  db: KqDb,
  kind: K,
  data: MutationOf<K>['data'],
  now: number = Date.now(),
): Promise<void> {
  await enqueueMany(db, [stamp(kind, data)], now);
}

/** The touchpoint id the server knows: `|` is reserved in synced ids, so use `:`. */
export const syncTouchpointId = (identityId: string, day: string): string => `${identityId}:${day}`;
