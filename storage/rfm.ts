// RFM quintiles over the shop's customers, without reading 100k customers' orders per
// conversation. The twelve quintile cuts (core/rfm RfmCuts) are stored in `settings`; a
// conversation scores its one customer against them from that customer's own orders. The
// cuts are recomputed off the conversation path when order writes since the last cut pass
// a share of the population, or once a day, or when there are none yet.
import { summarizeOrders } from '@/core/orders';
import { type RfmCuts, type RfmMetrics, rfmCuts, rfmMetrics } from '@/core/rfm';
import type { KqDb } from './db';
import type { OrderRow } from './schema';

export const RFM_CUTS_KEY = 'rfm.cuts';
/** A counter every order write bumps (in the writer's transaction). */
export const RFM_ORDER_WRITES_KEY = 'rfm.orderWrites';

export interface StoredRfmCuts extends RfmCuts {
  computedAt: number;
  /** The order-write counter when the cuts were taken. */
  orderWrites: number;
}

const DAY_MS = 86_400_000;
const PAGE = 20_000;

export async function storedRfmCuts(db: KqDb): Promise<StoredRfmCuts | undefined> {
  return (await db.settings.get(RFM_CUTS_KEY))?.value as StoredRfmCuts | undefined;
}

async function orderWrites(db: KqDb): Promise<number> {
  const v = (await db.settings.get(RFM_ORDER_WRITES_KEY))?.value;
  return typeof v === 'number' ? v : 0;
}

/** Call inside a `rw` transaction that includes `db.settings`, once per order write. */
export async function noteOrderWrite(db: KqDb, writes = 1): Promise<void> {
  await db.settings.put({ key: RFM_ORDER_WRITES_KEY, value: (await orderWrites(db)) + writes });
}

/** Stale: none yet while orders exist, 2% of the population (at least 20) changed, or a day old. */
export function rfmCutsStale(
  cuts: StoredRfmCuts | undefined,
  writes: number,
  now: number,
): boolean {
  if (!cuts) return writes > 0;
  if (now - cuts.computedAt > DAY_MS) return true;
  return writes - cuts.orderWrites > Math.max(20, cuts.population * 0.02);
}

/** Every customer's RFM inputs, reading orders a page at a time by primary key. */
async function allMetrics(db: KqDb): Promise<RfmMetrics[]> {
  const byCustomer = new Map<string, OrderRow[]>();
  let after: string | undefined;
  for (;;) {
    const page =
      after === undefined
        ? await db.orders.orderBy(':id').limit(PAGE).toArray()
        : await db.orders.where(':id').above(after).limit(PAGE).toArray();
    for (const o of page) {
      const list = byCustomer.get(o.customerId);
      if (list) list.push(o);
      else byCustomer.set(o.customerId, [o]);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  const metrics: RfmMetrics[] = [];
  for (const orders of byCustomer.values()) {
    const m = rfmMetrics(summarizeOrders(orders));
    if (m) metrics.push(m);
  }
  return metrics;
}

/** Recomputes and stores the cuts now. */
export async function recomputeRfmCuts(db: KqDb, now = Date.now()): Promise<StoredRfmCuts> {
  const { metrics, writes } = await db.transaction('r', [db.orders, db.settings], async () => ({
    metrics: await allMetrics(db),
    writes: await orderWrites(db),
  }));
  const cuts: StoredRfmCuts = { ...rfmCuts(metrics), computedAt: now, orderWrites: writes };
  await db.settings.put({ key: RFM_CUTS_KEY, value: cuts });
  return cuts;
}

const inFlight = new WeakMap<KqDb, Promise<void>>();

/**
 * Recomputes the cuts when stale, at most one pass at a time per database. Never throws:
 * a failed pass (the worker stopping, the database closing) is simply tried again later.
 */
export function refreshRfmCutsIfStale(db: KqDb, now = Date.now()): Promise<void> {
  const running = inFlight.get(db);
  if (running) return running;
  const pass = (async () => {
    try {
      const [cuts, writes] = await Promise.all([storedRfmCuts(db), orderWrites(db)]);
      if (rfmCutsStale(cuts, writes, now)) await recomputeRfmCuts(db, now);
    } catch {
      // Retried on the next conversation; nothing half-written (one put).
    } finally {
      inFlight.delete(db);
    }
  })();
  inFlight.set(db, pass);
  return pass;
}
