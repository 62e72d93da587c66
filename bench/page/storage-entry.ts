// Bundled into the storage benchmark page: the real Dexie database and storage functions
// on Chromium's IndexedDB, seeded with a large shop, timed from Playwright.
import { classify } from '@/core/classify';
import { customerContactValues, messagesOfDay } from '@/core/sightings';
import type { ConversationSnapshot, Platform, SnapshotMessage } from '@/core/snapshot';
import { nameKey } from '@/core/text';
import { recordConversation } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { recomputeRfmCuts } from '@/storage/rfm';
import type {
  CustomerRow,
  IdentityRow,
  LabelAssignmentRow,
  OrderRow,
  TouchpointRow,
} from '@/storage/schema';
import { timelineOf } from '@/storage/timeline';

const DB_NAME = 'khach-quen-bench';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 3, 0);
const PLATFORMS: Platform[] = ['messenger', 'instagram', 'zalo'];
const ACCOUNT: Record<Platform, string> = {
  messenger: '104857600012345',
  instagram: '104857600012345',
  zalo: '4301927736518204512',
};

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Phan',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MIDDLE = [
  'Thị',
  'Văn',
  'Hữu',
  'Minh',
  'Thu',
  'Ngọc',
  'Quốc',
  'Thanh',
  'Đức',
  'Hoài',
  'Gia',
  'Bảo',
];
const GIVEN = [
  'Lan',
  'Hà',
  'Hương',
  'Tuấn',
  'Anh',
  'Linh',
  'Nam',
  'Hùng',
  'Mai',
  'Phương',
  'Trang',
  'Khoa',
  'Yến',
  'Tâm',
  'Huy',
  'Ngân',
  'Đạt',
  'Vy',
  'Quân',
  'Thảo',
];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same shop. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const customerId = (i: number) => `c-${i.toString(36).padStart(5, '0')}`;
const identityId = (i: number, p: number) => `${customerId(i)}-i${p}`;
const externalId = (i: number, p: number) =>
  p === 1
    ? `3402823668417103${String(i * 3 + p).padStart(23, '0')}`
    : `1000${String(i * 3 + p).padStart(11, '0')}`;
const phoneOf = (i: number) => `+8491${String(i).padStart(7, '0')}`;

function nameOf(r: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  return `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
}

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
  const r = rng(42);
  const t0 = performance.now();
  await db.labels.bulkAdd(
    ['VIP', 'Khách sỉ', 'Bom hàng', 'Hay đổi size', 'Đã chuyển khoản'].map((name, order) => ({
      id: `l${order}`,
      name,
      color: '#f59e0b',
      order,
      archived: false,
      updatedAt: NOW,
    })),
  );
  let identities = 0;
  let touchpoints = 0;
  let orders = 0;
  const CHUNK = 5000;
  for (let start = 0; start < customers; start += CHUNK) {
    const cs: CustomerRow[] = [];
    const is: IdentityRow[] = [];
    const ts: TouchpointRow[] = [];
    const os: OrderRow[] = [];
    const as: LabelAssignmentRow[] = [];
    for (let i = start; i < Math.min(customers, start + CHUNK); i++) {
      const name = nameOf(r);
      const first = NOW - Math.floor(r() * 365) * DAY;
      const hasPhone = r() < 0.6;
      if (hasPhone) withPhone.push(i);
      cs.push({
        id: customerId(i),
        displayName: name,
        nameKey: nameKey(name),
        phones: hasPhone ? [phoneOf(i)] : [],
        emails: [],
        firstSeenAt: first,
        firstSeenPlatform: 'messenger',
        lastSeenAt: NOW - DAY,
        createdAt: first,
        updatedAt: NOW - DAY,
      });
      for (let p = 0; p < 3; p++) {
        is.push({
          id: identityId(i, p),
          customerId: customerId(i),
          platform: PLATFORMS[p]!,
          accountId: ACCOUNT[PLATFORMS[p]!],
          externalId: externalId(i, p),
          idConfidence: 'strong',
          displayName: name,
          firstSeenAt: first,
          lastSeenAt: NOW - DAY,
        });
      }
      identities += 3;
      for (let k = 0; k < touchpointsPer; k++) {
        const p = k % 3;
        const at = NOW - (1 + k * 17 + Math.floor(r() * 10)) * DAY;
        const day = new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
        ts.push({
          id: `${identityId(i, p)}|${day}`,
          customerId: customerId(i),
          identityId: identityId(i, p),
          platform: PLATFORMS[p]!,
          day,
          firstAt: at,
          lastAt: at + 600_000,
          count: 2,
          incoming: 2,
          seen: ['1a2b3c4d5e6f', '2b3c4d5e6f7a', '3c4d5e6f7a8b'],
        });
      }
      touchpoints += touchpointsPer;
      if (r() < 0.3) {
        const n = 1 + Math.floor(r() * 4);
        for (let o = 0; o < n; o++) {
          const status = r() < 0.85 ? 'delivered' : r() < 0.5 ? 'returned' : 'failed';
          os.push({
            id: `${customerId(i)}-o${o}`,
            customerId: customerId(i),
            code: `DH${i}${o}`,
            placedAt: NOW - Math.floor(r() * 400) * DAY,
            total: 100_000 + Math.floor(r() * 20) * 50_000,
            status,
            items: [{ name: 'Áo sơ mi', quantity: 1, price: 350_000 }],
          });
        }
        orders += n;
      }
      if (r() < 0.1) {
        const labelId = `l${Math.floor(r() * 5)}`;
        as.push({
          id: `${customerId(i)}|${labelId}`,
          customerId: customerId(i),
          labelId,
          assignedAt: NOW - DAY,
        });
      }
    }
    // One transaction per chunk: one commit per 5000 customers, not per row.
    await db.transaction(
      'rw',
      [db.customers, db.identities, db.touchpoints, db.orders, db.labelAssignments],
      async () => {
        await db.customers.bulkAdd(cs);
        await db.identities.bulkAdd(is);
        await db.touchpoints.bulkAdd(ts);
        await db.orders.bulkAdd(os);
        await db.labelAssignments.bulkAdd(as);
      },
    );
  }
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

type Op = (round: number) => Promise<unknown>;

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
  for (let r = 0; r < warmup; r++) for (const name of names) await ops[name]!(rounds + r);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const t = performance.now();
      await ops[name]!(r);
      times[name]!.push(performance.now() - t);
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
      resolveClassifyTimeline: () => {
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
