import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryRisk, summarizeOrders } from '@/core/orders';
import { quintileScore, RfmIndex, type RfmMetrics, rfmMetrics } from '@/core/rfm';

const day = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);

describe('summarizeOrders and deliveryRisk', () => {
  it('counts statuses, keeps money to delivered and pending orders, ignores cancelled ones', () => {
    const s = summarizeOrders([
      { placedAt: t0, total: 100, status: 'delivered' },
      { placedAt: t0 + day, total: 200, status: 'pending' },
      { placedAt: t0 + 2 * day, total: 400, status: 'returned' },
      { placedAt: t0 + 3 * day, total: 800, status: 'failed' },
      { placedAt: t0 + 9 * day, total: 1600, status: 'cancelled' },
    ]);
    expect(s).toEqual({
      placed: 4,
      kept: 2,
      pending: 1,
      delivered: 1,
      returned: 1,
      failed: 1,
      cancelled: 1,
      lastOrderAt: t0 + 3 * day,
      lastKeptAt: t0 + day,
      spent: 300,
    });
    expect(deliveryRisk(s)).toEqual({ failed: 1, returned: 1, rate: 2 / 3 });
    expect(rfmMetrics(s)).toEqual({ lastOrderAt: t0 + day, frequency: 2, monetary: 300 });
  });

  it('has no risk flag and no RFM metrics without the orders for them', () => {
    const s = summarizeOrders([{ placedAt: t0, total: 1, status: 'delivered' }]);
    expect(deliveryRisk(s)).toBeNull();
    expect(rfmMetrics(summarizeOrders([]))).toBeNull();
    expect(rfmMetrics(summarizeOrders([{ placedAt: t0, total: 5, status: 'failed' }]))).toBeNull();
  });
});

describe('RfmIndex', () => {
  const customers = (n: number): [string, RfmMetrics][] =>
    Array.from({ length: n }, (_, i) => [
      `c${i}`,
      { lastOrderAt: t0 + i * day, frequency: i + 1, monetary: (i + 1) * 100_000 },
    ]);

  it('scores by quintile: the bottom fifth 1, the top fifth 5, more recent = higher R', () => {
    const index = RfmIndex.from(customers(100));
    expect(index.scoreOf('c0')).toEqual({ r: 1, f: 1, m: 1, population: 100 });
    expect(index.scoreOf('c19')).toEqual({ r: 1, f: 1, m: 1, population: 100 });
    expect(index.scoreOf('c20')).toEqual({ r: 2, f: 2, m: 2, population: 100 });
    expect(index.scoreOf('c50')).toMatchObject({ r: 3, f: 3, m: 3 });
    expect(index.scoreOf('c99')).toMatchObject({ r: 5, f: 5, m: 5 });
    expect(index.scoreOf('nobody')).toBeUndefined();
  });

  it('gives ties the same score (most customers have one order: all F = 1)', () => {
    const index = RfmIndex.from(
      Array.from({ length: 50 }, (_, i) => [
        `c${i}`,
        { lastOrderAt: t0, frequency: i < 40 ? 1 : 3, monetary: 1 },
      ]),
    );
    expect(index.scoreOf('c0')!.f).toBe(1);
    expect(index.scoreOf('c39')!.f).toBe(1);
    expect(index.scoreOf('c45')!.f).toBe(5);
  });

  it('updates incrementally to exactly what a rebuild gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 30 }),
            fc.option(
              fc.record({
                lastOrderAt: fc.integer({ min: 0, max: 1000 }),
                frequency: fc.integer({ min: 1, max: 10 }),
                monetary: fc.integer({ min: 0, max: 100 }),
              }),
            ),
          ),
          { maxLength: 80 },
        ),
        (ops) => {
          const live = new RfmIndex();
          const truth = new Map<string, RfmMetrics>();
          for (const [k, metrics] of ops) {
            live.upsert(`c${k}`, metrics);
            if (metrics) truth.set(`c${k}`, metrics);
            else truth.delete(`c${k}`);
          }
          const rebuilt = RfmIndex.from(truth);
          expect(live.size).toBe(truth.size);
          for (const id of truth.keys()) expect(live.scoreOf(id)).toEqual(rebuilt.scoreOf(id));
        },
      ),
    );
  });

  it('scores are always 1..5', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 1_000_000 }), (below, n) => {
        const s = quintileScore(below % (n + 1), n);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(5);
      }),
    );
  });

  // Speed lives in bench/, not here: this checks the index stays right at shop scale.
  it('scores 100k customers, and an update moves that customer to the top quintiles', () => {
    const rows: [string, RfmMetrics][] = Array.from({ length: 100_000 }, (_, i) => [
      `c${i}`,
      {
        lastOrderAt: t0 + ((i * 7919) % 365) * day,
        frequency: 1 + ((i * 31) % 12),
        monetary: ((i * 104_729) % 50_000) * 1000,
      },
    ]);
    const index = RfmIndex.from(rows);
    let sum = 0;
    for (const [id] of rows) sum += index.scoreOf(id)!.r;
    expect(sum).toBeGreaterThan(100_000);

    for (let i = 0; i < 1000; i++) {
      index.upsert(`c${i}`, { lastOrderAt: t0 + 400 * day, frequency: 20, monetary: 9e9 });
    }
    expect(index.scoreOf('c0')).toEqual({ r: 5, f: 5, m: 5, population: 100_000 });
  });
});
