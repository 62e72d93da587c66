import { describe, expect, it } from 'vitest';
import type { OrderFacts } from '@/core/orders';
import {
  DEFAULT_TIERS_CONFIG,
  lastTierUp,
  parseTiersConfig,
  type TiersConfig,
  tierOf,
  tierRank,
  tiersConfig,
  tierWindowStart,
} from '@/core/tiers';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);
const order = (daysAgo: number, total: number, status: OrderFacts['status'] = 'delivered') => ({
  placedAt: NOW - daysAgo * DAY,
  total,
  status,
});

describe('tiers config', () => {
  it('defaults to Thành viên / Bạc 2tr / Vàng 5tr / Kim cương 15tr over 12 months', () => {
    const r = parseTiersConfig(undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.windowMonths).toBe(12);
    expect(r.config.tiers.map((t) => [t.id, t.name, t.minSpend])).toEqual([
      ['member', 'Thành viên', 0],
      ['silver', 'Bạc', 2_000_000],
      ['gold', 'Vàng', 5_000_000],
      ['diamond', 'Kim cương', 15_000_000],
    ]);
    // The defaults are not shared: editing the parsed config leaves them alone.
    r.config.tiers[1]!.minSpend = 1;
    expect(DEFAULT_TIERS_CONFIG.tiers[1]!.minSpend).toBe(2_000_000);
  });

  it('keeps the defaults for missing top-level fields', () => {
    const r = parseTiersConfig({ windowMonths: 6 });
    expect(r).toMatchObject({ ok: true, config: { windowMonths: 6, match: 'all' } });
  });

  it('rejects a tier below the one before it, naming the field', () => {
    const tiers = DEFAULT_TIERS_CONFIG.tiers.map((t) => ({ ...t }));
    tiers[2]!.minSpend = 1_500_000;
    const r = parseTiersConfig({ tiers });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.field).toBe('tiers.2.minSpend');
    expect(r.issues[0]!.message).toContain('below the tier before it (Bạc, 2.000.000đ)');
  });

  it('rejects negative amounts, fractions and bad windows, each field named', () => {
    const r = parseTiersConfig({
      windowMonths: -1,
      tiers: [
        { id: 'member', name: 'Thành viên', minSpend: 0 },
        { id: 'silver', name: 'Bạc', minSpend: -5 },
        { id: 'gold', name: 'Vàng', minSpend: 10.5, minOrders: -2 },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field).sort();
    expect(fields).toEqual([
      'tiers.1.minSpend',
      'tiers.2.minOrders',
      'tiers.2.minSpend',
      'windowMonths',
    ]);
    expect(r.issues.find((i) => i.field === 'tiers.1.minSpend')!.message).toBe(
      'tiers.1.minSpend: minSpend must not be negative',
    );
  });

  it('rejects duplicate names (accents and case ignored) and duplicate ids', () => {
    const r = parseTiersConfig({
      tiers: [
        { id: 'member', name: 'Thành viên', minSpend: 0 },
        { id: 'silver', name: 'Bạc', minSpend: 1_000_000 },
        { id: 'silver', name: 'bac', minSpend: 3_000_000 },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual(['tiers.2.id', 'tiers.2.name']);
    expect(r.issues.find((i) => i.field === 'tiers.2.name')!.message).toContain(
      'already the name of tier 2',
    );
  });

  it('requires the first tier to be everyone’s and each tier to ask for more', () => {
    const r = parseTiersConfig({
      tiers: [
        { id: 'a', name: 'A', minSpend: 100 },
        { id: 'b', name: 'B', minSpend: 100 },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual(['tiers.0.minSpend', 'tiers.1.minSpend']);
  });

  it('rejects unknown fields and non-objects', () => {
    const r = parseTiersConfig({ windowDays: 30 });
    expect(r).toEqual({
      ok: false,
      issues: [{ field: 'windowDays', message: 'windowDays is not a tiers setting' }],
    });
    expect(parseTiersConfig('x')).toMatchObject({ ok: false, issues: [{ field: '(root)' }] });
    expect(() => tiersConfig({ windowMonths: 'x' })).toThrow(/windowMonths/);
  });
});

describe('tierOf', () => {
  const config = DEFAULT_TIERS_CONFIG;

  it('is the first tier with no orders, with what is missing for the next', () => {
    expect(tierOf([], config, NOW)).toEqual({
      tier: { id: 'member', name: 'Thành viên' },
      rank: 0,
      spend: 0,
      orders: 0,
      next: { id: 'silver', name: 'Bạc', missing: 2_000_000 },
    });
  });

  it('counts kept orders (delivered, pending) only, and says how much is missing', () => {
    const orders = [
      order(10, 3_000_000),
      order(20, 1_650_000, 'pending'),
      order(30, 9_000_000, 'cancelled'),
      order(40, 9_000_000, 'returned'),
      order(50, 9_000_000, 'failed'),
    ];
    const s = tierOf(orders, config, NOW);
    expect(s.tier).toEqual({ id: 'silver', name: 'Bạc' });
    expect(s.spend).toBe(4_650_000);
    expect(s.next).toEqual({ id: 'gold', name: 'Vàng', missing: 350_000 });
  });

  it('reaches a tier exactly at its threshold; the top tier has no next', () => {
    expect(tierOf([order(1, 5_000_000)], config, NOW).tier.id).toBe('gold');
    const top = tierOf([order(1, 20_000_000)], config, NOW);
    expect(top.tier.id).toBe('diamond');
    expect(top.next).toBeUndefined();
  });

  it('only counts orders inside the 12-month window', () => {
    const orders = [order(30, 1_000_000), order(400, 10_000_000)];
    expect(tierOf(orders, config, NOW).tier.id).toBe('member');
    // Every order ever, with windowMonths 0.
    expect(tierOf(orders, { ...config, windowMonths: 0 }, NOW).tier.id).toBe('gold');
  });

  it('tells the tier at an earlier time, ignoring orders placed after it', () => {
    const orders = [order(100, 1_500_000), order(50, 1_000_000), order(5, 3_000_000)];
    expect(tierOf(orders, config, NOW - 60 * DAY).tier.id).toBe('member');
    expect(tierOf(orders, config, NOW - 50 * DAY).tier.id).toBe('silver');
    expect(tierOf(orders, config, NOW - 6 * DAY).tier.id).toBe('silver');
    expect(tierOf(orders, config, NOW).tier.id).toBe('gold');
  });

  it('with order counts: all conditions (default) or any one of them', () => {
    const withCounts: TiersConfig = {
      windowMonths: 12,
      match: 'all',
      tiers: [
        { id: 'member', name: 'Thành viên', minSpend: 0 },
        { id: 'silver', name: 'Bạc', minSpend: 2_000_000, minOrders: 3 },
        { id: 'gold', name: 'Vàng', minSpend: 5_000_000, minOrders: 5 },
      ],
    };
    const orders = [order(1, 2_500_000), order(2, 500_000)];
    const all = tierOf(orders, withCounts, NOW);
    expect(all.tier.id).toBe('member');
    expect(all.next).toEqual({ id: 'silver', name: 'Bạc', missing: 0, missingOrders: 1 });
    const any = tierOf(orders, { ...withCounts, match: 'any' }, NOW);
    expect(any.tier.id).toBe('silver');
    expect(any.next).toEqual({ id: 'gold', name: 'Vàng', missing: 2_000_000, missingOrders: 3 });
    // Orders alone lift a customer under `any`.
    const many = [1, 2, 3].map((d) => order(d, 10_000));
    expect(tierOf(many, { ...withCounts, match: 'any' }, NOW).tier.id).toBe('silver');
  });

  it('tierRank finds a tier’s position', () => {
    expect(tierRank(config, 'gold')).toBe(2);
    expect(tierRank(config, 'nope')).toBe(-1);
  });
});

describe('window start', () => {
  it('goes back calendar months, clamping the day', () => {
    const at = Date.UTC(2026, 2, 31, 12);
    expect(new Date(tierWindowStart({ windowMonths: 1 }, at)).toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
    expect(new Date(tierWindowStart({ windowMonths: 12 }, at)).toISOString()).toBe(
      '2025-03-31T12:00:00.000Z',
    );
    expect(tierWindowStart({ windowMonths: 0 }, at)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('lastTierUp', () => {
  const config = DEFAULT_TIERS_CONFIG;

  it('is null when the customer never climbed', () => {
    expect(lastTierUp([order(3, 500_000)], config, NOW)).toBeNull();
  });

  it('names the order that lifted the customer and the tiers on both sides', () => {
    const orders = [order(40, 1_500_000), order(20, 1_000_000), order(2, 3_000_000)];
    expect(lastTierUp(orders, config, NOW)).toEqual({
      from: { id: 'silver', name: 'Bạc' },
      to: { id: 'gold', name: 'Vàng' },
      at: NOW - 2 * DAY,
    });
    // Seen from before the last order, the crossing was into Bạc.
    expect(lastTierUp(orders, config, NOW - 10 * DAY)).toMatchObject({
      to: { id: 'silver' },
      at: NOW - 20 * DAY,
    });
  });
});
