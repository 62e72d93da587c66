import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNITION_SETTINGS } from '@/core/settings';
import type { Platform } from '@/core/snapshot';
import {
  addDays,
  computeStats,
  periodError,
  presetPeriod,
  STAT_STATUSES,
  type StatsCustomer,
  type StatsInput,
  type StatsTouchpoint,
} from '@/core/stats';

const OFFSET = 420;
/** Noon in Vietnam on `day`. */
const at = (day: string) => Date.parse(`${day}T05:00:00Z`);

const customer = (id: string, over: Partial<StatsCustomer> = {}): StatsCustomer => ({
  id,
  displayName: `Khách ${id}`,
  labels: [],
  earlierDays: [],
  orders: [],
  ...over,
});

const input = (over: Partial<StatsInput>): StatsInput => ({
  from: '2026-11-20',
  to: '2026-11-22',
  utcOffsetMinutes: OFFSET,
  touchpoints: [],
  customers: new Map(),
  winBackCandidates: [],
  settings: DEFAULT_RECOGNITION_SETTINGS,
  ...over,
});

describe('periods', () => {
  it('presets end on the shop-local today', () => {
    const now = Date.parse('2026-11-22T17:30:00Z'); // 00:30 on the 23rd in Vietnam
    expect(presetPeriod('today', now, OFFSET)).toEqual({ from: '2026-11-23', to: '2026-11-23' });
    expect(presetPeriod('7d', now, OFFSET)).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    expect(presetPeriod('30d', now, OFFSET)).toEqual({ from: '2026-10-25', to: '2026-11-23' });
  });
  it('refuses a reversed, too long or malformed period', () => {
    expect(periodError('2026-11-20', '2026-11-22')).toBeNull();
    expect(periodError('2026-11-23', '2026-11-22')).toMatch(/after/);
    expect(periodError('2025-01-01', '2026-11-22')).toMatch(/366/);
    expect(periodError('nope', '2026-11-22')).toMatch(/expected days/);
  });
});

describe('computeStats', () => {
  it('says new on the first day, returning after, customer / lapsed / vip from orders then', () => {
    const orders = [
      {
        customerId: 'c',
        code: 'DH1',
        placedAt: at('2026-11-21'),
        total: 300_000,
        status: 'delivered' as const,
      },
    ];
    const stats = computeStats(
      input({
        touchpoints: [
          { customerId: 'a', platform: 'messenger', day: '2026-11-20' },
          { customerId: 'a', platform: 'zalo', day: '2026-11-20' },
          { customerId: 'a', platform: 'messenger', day: '2026-11-21' },
          { customerId: 'b', platform: 'instagram', day: '2026-11-21' },
          { customerId: 'c', platform: 'zalo', day: '2026-11-20' },
          { customerId: 'c', platform: 'zalo', day: '2026-11-22' },
          { customerId: 'd', platform: 'zalo', day: '2026-11-22' },
          { customerId: 'e', platform: 'messenger', day: '2026-11-22' },
        ],
        customers: new Map([
          ['a', customer('a', { labels: ['Sỉ'] })],
          ['b', customer('b', { earlierDays: ['2026-10-01'], labels: ['Sỉ'] })],
          ['c', customer('c', { earlierDays: ['2026-11-01'], orders })],
          [
            'd',
            customer('d', {
              earlierDays: ['2026-05-01'],
              orders: [
                {
                  customerId: 'd',
                  code: 'DH0',
                  placedAt: at('2026-05-01'),
                  total: 1,
                  status: 'delivered',
                },
              ],
            }),
          ],
          ['e', customer('e', { labels: ['VIP'] })],
        ]),
      }),
    );
    const byDay = Object.fromEntries(stats.days.map((d) => [d.day, d]));
    expect(byDay['2026-11-20']).toMatchObject({
      conversations: 2,
      new: 1,
      returning: 1,
      customer: 0,
    });
    expect(byDay['2026-11-21']).toMatchObject({ conversations: 2, new: 0, returning: 2 });
    expect(byDay['2026-11-22']).toMatchObject({
      conversations: 3,
      new: 0,
      returning: 0,
      customer: 1,
      lapsed: 1,
      vip: 1,
    });
    expect(byDay['2026-11-20']!.newShare).toBe(0.5);
    expect(stats.totals).toEqual({
      conversations: 7,
      new: 1,
      returning: 3,
      customer: 1,
      vip: 1,
      lapsed: 1,
    });
    // a wrote on Messenger and Zalo on the 20th: once in the day, once per channel.
    expect(stats.channels.find((c) => c.platform === 'zalo')).toMatchObject({
      conversations: 4,
      new: 1,
      returning: 1,
    });
    expect(stats.labels).toEqual([
      { name: 'Sỉ', customers: 2 },
      { name: 'VIP', customers: 1 },
    ]);
  });

  it('lists customers whose last order lapsed inside the period, with that order', () => {
    const last = at('2026-08-22'); // 90 days before the 20th: lapsed from the 21st
    const stats = computeStats(
      input({
        customers: new Map([
          [
            'x',
            customer('x', {
              orders: [
                {
                  customerId: 'x',
                  code: 'A',
                  placedAt: at('2026-06-01'),
                  total: 1,
                  status: 'delivered',
                },
                { customerId: 'x', code: 'B', placedAt: last, total: 250_000, status: 'delivered' },
                {
                  customerId: 'x',
                  code: 'C',
                  placedAt: at('2026-11-01'),
                  total: 9,
                  status: 'cancelled',
                },
              ],
            }),
          ],
          [
            'y',
            customer('y', {
              orders: [
                {
                  customerId: 'y',
                  code: 'D',
                  placedAt: at('2026-11-01'),
                  total: 1,
                  status: 'delivered',
                },
              ],
            }),
          ],
        ]),
        winBackCandidates: ['x', 'y', 'missing'],
      }),
    );
    expect(stats.winBack).toEqual([
      {
        customerId: 'x',
        displayName: 'Khách x',
        lapsedOn: '2026-11-21',
        lastOrder: { code: 'B', placedAt: last, total: 250_000 },
      },
    ]);
  });

  it("a day's status counts always add up to its conversations, and totals to the days", () => {
    const day = fc.integer({ min: 0, max: 9 }).map((n) => addDays('2026-11-15', n));
    const platform = fc.constantFrom<Platform>('messenger', 'instagram', 'zalo');
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(
        fc.array(fc.record({ customerId: id, platform, day }), { maxLength: 40 }),
        fc.array(
          fc.record({
            customerId: id,
            placedAt: fc.integer({ min: at('2026-01-01'), max: at('2026-11-30') }),
          }),
          { maxLength: 10 },
        ),
        fc.subarray(['a', 'b', 'c']),
        (touchpoints: StatsTouchpoint[], orders, vip) => {
          const customers = new Map(
            ['a', 'b', 'c', 'd', 'e'].map((cid) => [
              cid,
              customer(cid, {
                labels: vip.includes(cid) ? ['VIP'] : [],
                earlierDays: cid === 'e' ? ['2026-01-01'] : [],
                orders: orders
                  .filter((o) => o.customerId === cid)
                  .map((o) => ({ ...o, code: 'X', total: 1, status: 'delivered' as const })),
              }),
            ]),
          );
          const s = computeStats(
            input({ from: '2026-11-15', to: '2026-11-24', touchpoints, customers }),
          );
          expect(s.days).toHaveLength(10);
          for (const d of s.days) {
            expect(STAT_STATUSES.reduce((n, st) => n + d[st], 0)).toBe(d.conversations);
            expect(d.conversations).toBe(
              new Set(touchpoints.filter((t) => t.day === d.day).map((t) => t.customerId)).size,
            );
          }
          expect(s.days.reduce((n, d) => n + d.conversations, 0)).toBe(s.totals.conversations);
          // A customer is new on at most one day.
          expect(s.totals.new).toBeLessThanOrEqual(5);
        },
      ),
    );
  });
});
