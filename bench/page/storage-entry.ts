// Bundled into the storage benchmark page: the real Dexie database and storage functions
// on Chromium's IndexedDB, seeded with a large shop, timed from Playwright.
import { classify } from '@/core/classify';
import { customerContactValues, messagesOfDay } from '@/core/sightings';
import type { ConversationSnapshot, SnapshotMessage } from '@/core/snapshot';
import { nameKey } from '@/core/text';
import { recordConversation } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { recomputeRfmCuts } from '@/storage/rfm';
import { timelineOf } from '@/storage/timeline';
import {
  ACCOUNT,
  customerId,
  DAY,
  externalId,
  NOW,
  nameOf,
  PLATFORMS,
  phoneOf,
  rng,
  seedShop,
} from './shop';

const DB_NAME = 'khach-quen-bench';

export interface SeedReport {
  customers: number;
  identities: number;
  touchpoints: number;
  orders: number;
  seedMs: number;
  rfmMs: number;
  usageBefore: number;
  usageAfter: number;
}

async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

let db: KqDb;
/** Customers seeded with a phone number (the linking benchmark writes their numbers). */
const withPhone: number[] = [];

/**
 * A shop of `customers` customers with three identities each (Messenger, Instagram, Zalo),
 * `touchpointsPer` days of contact each, a phone number on 60%, orders on 30%, a label
 * on 10%. Bulk-added in large transactions.
 */
async function seed(customers: number, touchpointsPer: number): Promise<SeedReport> {
  await KqDb.delete(DB_NAME);
  const usageBefore = await usage();
  db = new KqDb(DB_NAME);
  await db.open();
  const t0 = performance.now();
  const { identities, touchpoints, orders } = await seedShop(db, customers, touchpointsPer, {
    withPhone,
  });
  const seedMs = performance.now() - t0;
  const r0 = performance.now();
  await recomputeRfmCuts(db, NOW);
  const rfmMs = performance.now() - r0;
  // Let LevelDB flush its log before asking for the usage.
  db.close();
  await new Promise((res) => setTimeout(res, 2000));
  db = new KqDb(DB_NAME);
  await db.open();
  const usageAfter = await usage();
  return { customers, identities, touchpoints, orders, seedMs, rfmMs, usageBefore, usageAfter };
}

/**
 * An operation; it may answer `{ settled }` when what it measures is ready before its work
 * is done (a view before its commit): the clock stops at the answer, and the next operation
 * starts only once `settled` has.
 */
type Op = (round: number) => Promise<unknown>;

const settledOf = (out: unknown): Promise<unknown> | undefined =>
  out && typeof out === 'object' && 'settled' in out
    ? (out as { settled: Promise<unknown> }).settled
    : undefined;

/**
 * Per-operation times (ms): `rounds` rounds, each running every operation once, in turn.
 * Other programs share the machine; interleaving gives every operation the same share of
 * whatever load there is, so the ratios to the baseline stay fair.
 */
async function timeInterleaved(
  ops: Record<string, Op>,
  rounds: number,
  warmup = 20,
): Promise<Record<string, number[]>> {
  const names = Object.keys(ops);
  for (let r = 0; r < warmup; r++)
    for (const name of names) await settledOf(await ops[name]!(rounds + r));
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const t = performance.now();
      const out = await ops[name]!(r);
      times[name]!.push(performance.now() - t);
      await settledOf(out);
    }
  }
  return times;
}

function thread(i: number): SnapshotMessage[] {
  const msgs: SnapshotMessage[] = [];
  for (let k = 0; k < 30; k++) {
    const at = NOW - (30 - k) * 120_000;
    msgs.push(
      k % 3 === 2
        ? { direction: 'out', text: `Dạ shop chào chị, mẫu này còn size M ạ (${k})`, at }
        : {
            direction: 'in',
            text: `Cho mình hỏi mẫu số ${k} còn không shop, ship về Hà Nội nhé`,
            at,
          },
    );
  }
  if (i % 10 === 0)
    msgs.push({
      direction: 'in',
      text: `SĐT mình ${phoneOf(i).replace('+84', '0')}`,
      at: NOW - 1000,
    });
  return msgs;
}

function snapshotOf(i: number, p: number): ConversationSnapshot {
  return {
    platform: PLATFORMS[p]!,
    accountId: ACCOUNT[PLATFORMS[p]!],
    externalId: externalId(i, p),
    idSource: 'bench',
    idConfidence: 'strong',
    displayName: 'Nguyễn Thị Lan',
    isGroup: false,
    messages: thread(i),
    health: { verdict: 'ok' },
    capturedAt: NOW,
  };
}

const clock = { now: () => NOW, utcOffsetMinutes: () => 420 };

/** Random customers, never the same twice in one measurement. */
function picker(customers: number, seedValue: number) {
  const r = rng(seedValue);
  return () => Math.floor(r() * customers);
}

async function measure(customers: number, n: number) {
  const pick = picker(customers, 7);
  const names = rng(11);
  // Customers for the re-read case, recorded once first.
  const reread = Array.from({ length: 50 }, (_, k) => customers - 1 - k);
  for (const i of reread) await recordConversation(db, snapshotOf(i, 0), clock);
  let fresh = 0;
  const baseline = () => db.customers.get(customerId(pick()));
  // Lookups on their own: reads only, as when the background looks someone up.
  const lookups = await timeInterleaved(
    {
      baselineGet: baseline,
      identityLookup: () => {
        const i = pick();
        const p = i % 3;
        return db.identities
          .where('[platform+accountId+externalId]')
          .equals([PLATFORMS[p]!, ACCOUNT[PLATFORMS[p]!], externalId(i, p)])
          .first();
      },
      phoneLookup: () => db.customers.where('phones').equals(phoneOf(pick())).first(),
      namePrefixSearch: () => {
        const name = nameKey(nameOf(names));
        // What an agent types: the first few letters of a full name.
        const prefix = name.slice(0, 4 + Math.floor(names() * (name.length - 4)));
        return db.customers.where('nameKey').startsWith(prefix).limit(20).toArray();
      },
    },
    n,
  );
  // Snapshots write; their baseline get runs among them, behind the same commits.
  const snapshots = await timeInterleaved(
    {
      baselineGetAmongWrites: baseline,
      // A conversation opened: record it, classify with orders/labels/RFM, and answer with
      // the first page of the customer's history, in one transaction (what the background
      // does). Each run is another customer, first seen today.
      // The clock stops when the view is ready, as the background answers the tab; the
      // transaction commits right after (the next run waits for that).
      resolveClassifyTimeline: () => {
        const i = pick();
        return new Promise((answer, fail) => {
          const settled = recordConversation(db, snapshotOf(i, i % 3), clock, {
            historyLimit: 50,
            onView: () => answer({ settled }),
          });
          settled.catch(fail);
        });
      },
      // The same until the transaction has committed.
      resolveClassifyTimelineCommitted: () => {
        const i = pick();
        return recordConversation(db, snapshotOf(i, i % 3), clock, { historyLimit: 50 });
      },
      // The same, with the history read in a second transaction.
      resolveThenTimeline: async () => {
        const i = pick();
        const view = await recordConversation(db, snapshotOf(i, i % 3), clock);
        await timelineOf(db, view.customerId, { limit: 50 });
      },
      // The two halves on their own, to see where the time goes.
      recordOnly: () => {
        const i = pick();
        return recordConversation(db, snapshotOf(i, i % 3), clock);
      },
      timelineOnly: () => timelineOf(db, customerId(pick()), { limit: 50 }),
      pureWorkOnly: async (k) => {
        const s = snapshotOf(k, 0);
        const dayMessages = messagesOfDay(s.messages, '2026-11-23', 420);
        customerContactValues(
          dayMessages.filter((m) => m.message.direction === 'in').map((m) => m.message),
          s.messages,
        );
        classify({
          now: NOW,
          utcOffsetMinutes: 420,
          recordedDays: ['2026-10-01', '2026-11-23'],
          firstSeenAt: NOW - 50 * DAY,
          firstSeenPlatform: 'messenger',
          visible: s.messages,
        });
      },
      // The same conversation read again (a re-render): nothing new to write.
      rereadSameSnapshot: (k) =>
        recordConversation(db, snapshotOf(reread[k % reread.length]!, 0), clock),
      // A brand-new identity whose thread carries a known customer's number: linked.
      newIdentityLinkedByPhone: () => {
        const i = withPhone[pick() % withPhone.length]!;
        fresh += 1;
        return recordConversation(
          db,
          {
            ...snapshotOf(i, 0),
            // Another Page of the shop: the customer has no identity in that inbox yet.
            accountId: '204857600099999',
            externalId: `9${String(fresh).padStart(14, '0')}`,
            messages: [{ direction: 'in', text: `sđt ${phoneOf(i)}`, at: NOW - 1000 }],
          },
          clock,
        );
      },
    },
    n,
  );
  return { results: { ...lookups, ...snapshots }, crossOriginIsolated: self.crossOriginIsolated };
}

(window as unknown as { __kqStorageBench: unknown }).__kqStorageBench = { seed, measure };
