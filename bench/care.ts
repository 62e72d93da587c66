// Care queue benchmark (`npm run bench -- care`, or `tsx bench/run.ts care`).
//
// 1. The day's queue over 100k customers / 300k orders: every customer's facts run through
//    the rules (reconcile against what is stored, as the daily pass does) and the due items
//    sorted into the queue, in memory, in this Node process. Baseline: a plain scan of the
//    same rows (every order's status and date, every birthday) with no rules.
// 2. One customer's incremental update (`recomputeCustomerCare`: read their customer,
//    orders, identities, conversations and items, run the rules, write what changed) on
//    Dexie over fake-indexeddb in Node, with the same 100k customers / 300k orders stored.
//    Baseline: reading the same rows in one transaction, no rules, no writes.
//    fake-indexeddb is an in-memory JS IndexedDB: it is not Chromium's (which is slower per
//    round trip and faster in bulk); the storage benchmark measures Chromium's floor.
import 'fake-indexeddb/auto';
import os from 'node:os';
import { buildQueue, type CareFacts, reconcileCustomer } from '../core/care/engine';
import { DEFAULT_CARE_RULES } from '../core/care/rules';
import type { CareItem } from '../core/care/types';
import { recomputeCustomerCare } from '../storage/care';
import { KqDb } from '../storage/db';
import type { CustomerRow, IdentityRow, OrderRow } from '../storage/schema';
import { fmt, machine, percentile, writeResults } from './lib';
import { rng } from './rng';

const DAY = 86_400_000;
/** 2026-11-23 10:00 in Vietnam. */
const NOW = Date.UTC(2026, 10, 23, 3, 0);

interface Shop {
  customers: CustomerRow[];
  orders: OrderRow[];
  identities: IdentityRow[];
}

/** 100k customers, 300k orders over two years (a quarter of them in the last 40 days). */
function makeShop(nCustomers: number, nOrders: number): Shop {
  const r = rng(9);
  const customers: CustomerRow[] = [];
  const identities: IdentityRow[] = [];
  for (let i = 0; i < nCustomers; i++) {
    const id = `c${String(i).padStart(6, '0')}`;
    const row: CustomerRow = {
      id,
      displayName: `Khách ${i}`,
      nameKey: `khach ${i}`,
      phones: [],
      emails: [],
      firstSeenAt: NOW - 700 * DAY,
      firstSeenPlatform: 'messenger',
      lastSeenAt: NOW - 10 * DAY,
      createdAt: NOW - 700 * DAY,
      updatedAt: NOW - 10 * DAY,
    };
    // One customer in three has a birthday on file.
    if (r() < 0.33)
      row.birthday = `${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    customers.push(row);
    identities.push({
      id: `i${i}`,
      customerId: id,
      platform: i % 3 === 0 ? 'zalo' : 'messenger',
      accountId: '104857600012345',
      externalId: String(100000000 + i),
      idConfidence: 'strong',
      displayName: row.displayName,
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: row.lastSeenAt,
    });
  }
  const orders: OrderRow[] = [];
  for (let k = 0; k < nOrders; k++) {
    const recent = r() < 0.25;
    const placedAt = NOW - Math.floor((recent ? r() * 40 : 40 + r() * 690) * DAY);
    const s = r();
    const status =
      s < 0.8 ? 'delivered' : s < 0.9 ? 'pending' : s < 0.95 ? 'returned' : 'cancelled';
    const o: OrderRow = {
      id: `o${k}`,
      customerId: customers[Math.floor(r() * nCustomers)]!.id,
      code: `DH${k}`,
      placedAt,
      total: 100_000 + Math.floor(r() * 2_000_000),
      status,
      items: [],
    };
    if (status === 'delivered' && r() < 0.7) o.deliveredAt = placedAt + 2 * DAY;
    orders.push(o);
  }
  return { customers, orders, identities };
}

function factsOf(shop: Shop): CareFacts[] {
  const byCustomer = new Map<string, OrderRow[]>();
  for (const o of shop.orders) {
    const list = byCustomer.get(o.customerId);
    if (list) list.push(o);
    else byCustomer.set(o.customerId, [o]);
  }
  return shop.customers.map((c) => ({
    customerId: c.id,
    birthday: c.birthday,
    orders: (byCustomer.get(c.id) ?? []).map((o) => ({
      id: o.id,
      code: o.code,
      placedAt: o.placedAt,
      status: o.status,
      ...(o.deliveredAt !== undefined ? { deliveredAt: o.deliveredAt } : {}),
    })),
  }));
}

const stats = (xs: number[]) => ({
  p50: fmt(percentile(xs, 50)),
  p95: fmt(percentile(xs, 95)),
  max: fmt(Math.max(...xs)),
  runs: xs.length,
});

export async function runCareBenchmark(): Promise<void> {
  const nCustomers = Number(process.env.KQ_BENCH_CARE_CUSTOMERS ?? 100_000);
  const nOrders = nCustomers * 3;
  const shop = makeShop(nCustomers, nOrders);
  const facts = factsOf(shop);
  const ctx = { lapsedAfterDays: 90 };
  const rules = DEFAULT_CARE_RULES;

  // --- 1. The day's queue, in memory -------------------------------------------------
  // Items stored from yesterday's pass: today's pass reconciles against them.
  const yesterday: CareItem[][] = facts.map(
    (f) => reconcileCustomer([], f, rules, NOW - DAY, ctx).add,
  );
  const dayBuild: number[] = [];
  /** CPU time this process spent on the same work (what other processes cannot inflate). */
  const dayCpu: number[] = [];
  const scan: number[] = [];
  let due = 0;
  let made = 0;
  for (let round = 0; round < 22; round++) {
    let t = performance.now();
    // Baseline: touch every row the rules read, no rules.
    let touched = 0;
    for (const f of facts) {
      if (f.birthday) touched += f.birthday.length;
      for (const o of f.orders) if (o.status === 'delivered' && o.placedAt > 0) touched += 1;
    }
    scan.push(performance.now() - t);
    t = performance.now();
    const cpu = process.cpuUsage();
    const items: CareItem[] = [];
    for (let i = 0; i < facts.length; i++) {
      const r = reconcileCustomer(yesterday[i]!, facts[i]!, rules, NOW, ctx);
      for (const it of yesterday[i]!) items.push(it);
      for (const it of r.add) items.push(it);
    }
    const q = buildQueue(items, NOW, { scope: 'mine' });
    dayBuild.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    dayCpu.push((used.user + used.system) / 1000);
    due = q.due.length;
    made = items.length;
    if (touched < 0) console.log(touched);
  }
  // The first two rounds warm the JIT.
  const dayStats = stats(dayBuild.slice(2));
  const dayCpuStats = stats(dayCpu.slice(2));
  const scanStats = stats(scan.slice(2));

  if (process.env.KQ_BENCH_CARE_MEMORY_ONLY === '1') {
    console.log(
      'day queue',
      dayStats,
      'cpu',
      dayCpuStats,
      'scan',
      scanStats,
      'items',
      made,
      'due',
      due,
    );
    return;
  }
  // --- 2. One customer's incremental update on Dexie (fake-indexeddb) ------------------
  const db = new KqDb(`kq-bench-care-${Math.random()}`);
  const seedStart = performance.now();
  for (let i = 0; i < shop.customers.length; i += 5000)
    await db.customers.bulkAdd(shop.customers.slice(i, i + 5000));
  for (let i = 0; i < shop.identities.length; i += 5000)
    await db.identities.bulkAdd(shop.identities.slice(i, i + 5000));
  for (let i = 0; i < shop.orders.length; i += 5000)
    await db.orders.bulkAdd(shop.orders.slice(i, i + 5000));
  const allItems = yesterday.flat();
  for (let i = 0; i < allItems.length; i += 5000)
    await db.careItems.bulkAdd(allItems.slice(i, i + 5000));
  const seedMs = performance.now() - seedStart;

  const r = rng(4);
  const pick = () => shop.customers[Math.floor(r() * shop.customers.length)]!.id;
  const incr: number[] = [];
  const read: number[] = [];
  for (let k = 0; k < 520; k++) {
    const id = pick();
    let t = performance.now();
    await db.transaction('r', [db.customers, db.orders, db.identities, db.careItems], () =>
      Promise.all([
        db.customers.get(id),
        db.orders.where('customerId').equals(id).toArray(),
        db.identities.where('customerId').equals(id).toArray(),
        db.careItems.where('customerId').equals(id).toArray(),
      ]),
    );
    read.push(performance.now() - t);
    t = performance.now();
    // A new delivery for this customer, then their items follow.
    await recomputeCustomerCare(db, id, NOW + k * 1000);
    incr.push(performance.now() - t);
  }
  const incrStats = stats(incr.slice(20));
  const readStats = stats(read.slice(20));
  db.close();

  const load = os.loadavg().map((l) => l.toFixed(2));
  const json = {
    machine: machine(),
    loadAverage: load,
    customers: nCustomers,
    orders: nOrders,
    dayQueue: {
      ms: dayStats,
      cpuMs: dayCpuStats,
      baselineScanMs: scanStats,
      items: made,
      due,
      targetMs: 200,
    },
    incremental: { ms: incrStats, baselineReadMs: readStats, targetMs: 5, seedMs: fmt(seedMs, 0) },
  };
  const met = (v: number, target: number) => (v <= target ? 'met' : 'NOT met');
  const md = `# Care queue benchmark

${machine()}; load average at the end ${load.join(' / ')}.

A generated shop of **${nCustomers.toLocaleString('en')} customers and ${nOrders.toLocaleString('en')} orders**
(two years of orders, a quarter in the last 40 days; 80% delivered, 70% of those with a
delivery date; one customer in three with a birthday), default rules
(\`npm run bench -- care\`; \`KQ_BENCH_CARE_CUSTOMERS\` changes the size).

| | p50 | p95 | target |
| --- | --- | --- | --- |
| **the day's queue**: every customer's facts through the rules, reconciled with yesterday's items, due items sorted into the queue (in memory, Node) | ${dayStats.p50} ms | **${dayStats.p95} ms** | ≤ 200 ms: ${met(dayStats.p95, 200)} |
| the same, CPU time of this process (what other processes on the machine cannot inflate) | ${dayCpuStats.p50} ms | ${dayCpuStats.p95} ms | |
| baseline: a plain scan of the same rows (every order's status and date, every birthday) | ${scanStats.p50} ms | ${scanStats.p95} ms | |
| **one customer's update** (\`recomputeCustomerCare\`: read customer, orders, identities, conversations, items; rules; write) on Dexie + fake-indexeddb holding the whole shop | ${incrStats.p50} ms | **${incrStats.p95} ms** | ≤ 5 ms: ${met(incrStats.p95, 5)} |
| baseline: reading the same customer's rows in one transaction, no rules, no writes | ${readStats.p50} ms | ${readStats.p95} ms | |

The day's queue: ${made.toLocaleString('en')} items stored or made, ${due.toLocaleString('en')} due now (${dayStats.runs} timed runs after two warm-ups).
One customer: ${incrStats.runs} random customers after 20 warm-ups; seeding the database took ${fmt(seedMs / 1000, 1)} s.

On a shared 2-core machine the tails belong to whoever else is running: read each row
against its baseline from the same run (a load average above 2 means other processes held
the cores; \`KQ_BENCH_CARE_MEMORY_ONLY=1\` repeats the first row alone in a few seconds).

What is measured, plainly: (1) is the rules and the queue builder alone, over facts already in
memory — the background's daily pass reads them from IndexedDB in chunks of 2,000 customers
first, which this does not time; (2) runs the real storage code on fake-indexeddb in Node,
not Chromium's IndexedDB. The queue the sidebar asks for reads only due items, through the
\`[state+dueAt]\` index.
`;
  writeResults('care', json, md);
}
