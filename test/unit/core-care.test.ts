// The care rules, pure: birthdays in the forms sellers type, rule validation naming the
// field, which items a customer's facts make (stable ids, never twice), opening and quiet
// hours, and the queue's order, scope and counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthdayIn, formatBirthday, parseBirthdayVN } from '@/core/birthday';
import {
  buildQueue,
  type CareFacts,
  isOverdue,
  itemsForCustomer,
  reconcileCustomer,
  validItemIds,
} from '@/core/care/engine';
import {
  DEFAULT_CARE_RULES,
  dueAfterOpenMinutes,
  inQuietHours,
  validateCareRules,
} from '@/core/care/rules';
import { type CareItem, careItemId } from '@/core/care/types';
import { CareItemIdSchema } from '@/core/sync/mutations';

const NOW = new Date(Date.UTC(2026, 10, 23, 3, 0)); // 2026-11-23 10:00 in Vietnam
const DAY = 86_400_000;
const MIN = 60_000;
/** Epoch ms of a Vietnam wall-clock time. */
const vn = (y: number, m: number, d: number, h = 0, min = 0) =>
  Date.UTC(y, m - 1, d, h, min) - 7 * 3_600_000;

describe('parseBirthdayVN', () => {
  it.each([
    ['29/02/1992', { month: 2, day: 29, year: 1992 }],
    ['29/2', { month: 2, day: 29 }],
    ['1992-02-29', { month: 2, day: 29, year: 1992 }],
    ['ngày 5 tháng 3', { month: 3, day: 5 }],
    ['Ngay 5 thang 3 nam 1992', { month: 3, day: 5, year: 1992 }],
    ['05.03.1992', { month: 3, day: 5, year: 1992 }],
    ['5-3', { month: 3, day: 5 }],
    ['5/3/92', { month: 3, day: 5, year: 1992 }],
    ['  15 / 08 / 2001 ', { month: 8, day: 15, year: 2001 }],
  ])('%s', (text, expected) => {
    expect(parseBirthdayVN(text, NOW)).toEqual({ ok: true, ...expected });
  });

  it('Excel serials, as a number or as text (33664 = 1992-03-01; 60 is the 29/02/1900 that never was)', () => {
    expect(parseBirthdayVN(33664, NOW)).toEqual({ ok: true, month: 3, day: 1, year: 1992 });
    expect(parseBirthdayVN('33664', NOW)).toEqual({ ok: true, month: 3, day: 1, year: 1992 });
    expect(parseBirthdayVN(60, NOW)).toEqual({
      ok: false,
      error: 'Excel serial 60 is 29/02/1900, which never was',
    });
  });

  it.each([
    ['29/02/1990', '29/02/1990: 1990 is not a leap year'],
    ['1990-02-29', '29/02/1990: 1990 is not a leap year'],
    ['31/4', 'day 31 does not exist in month 4'],
    ['12/13/1990', 'month 13 does not exist'],
    ['01/01/2030', '01/01/2030 is in the future'],
    ['1/1/1850', 'year 1850 is before 1900'],
    ['', 'empty birthday'],
    [
      'sinh nhật em',
      '"sinh nhật em" is not a date (expected e.g. 29/02/1990, 5/3 or ngày 5 tháng 3)',
    ],
  ])('%s is refused: %s', (text, error) => {
    expect(parseBirthdayVN(text, NOW)).toEqual({ ok: false, error });
  });

  it('stores MM-DD or YYYY-MM-DD', () => {
    expect(formatBirthday({ month: 3, day: 5 })).toBe('03-05');
    expect(formatBirthday({ month: 3, day: 5, year: 1992 })).toBe('1992-03-05');
  });

  it('29/02 falls on 28/02 in a year without one (greeted the day before, never late)', () => {
    expect(birthdayIn({ month: 2, day: 29 }, 2027)).toEqual([2, 28]);
    expect(birthdayIn({ month: 2, day: 29 }, 2028)).toEqual([2, 29]);
    const facts: CareFacts = { customerId: 'c', birthday: '1992-02-29', orders: [] };
    const items = itemsForCustomer(facts, DEFAULT_CARE_RULES, vn(2027, 2, 28, 9));
    expect(items.map((i) => [i.occasion, i.dueAt])).toContainEqual(['2027', vn(2027, 2, 28)]);
  });

  it('property: any valid day/month written as dd/mm/yyyy parses back to itself', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1901-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        (d) => {
          const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
          const text = `${String(day).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
          expect(parseBirthdayVN(text, NOW)).toEqual({ ok: true, month: m, day, year: y });
        },
      ),
    );
  });
});

describe('validateCareRules', () => {
  it('defaults: thank-you 3 days, check-in 7, everything on, 15 minutes within 08:00-21:00', () => {
    const r = validateCareRules(undefined);
    expect(r.ok && r.rules).toMatchObject({
      thankYou: { on: true, days: 3 },
      checkIn: { on: true, days: 7 },
      birthday: { on: true },
      tierUp: { on: true },
      winBack: { on: true },
      reminder: { on: true },
      unanswered: { on: true, minutes: 15 },
      openingHours: { from: '08:00', to: '21:00' },
      utcOffsetMinutes: 420,
    });
  });

  it('a partial rule keeps its other fields', () => {
    const r = validateCareRules({ thankYou: { days: 5 } });
    expect(r.ok && r.rules.thankYou).toEqual({ ...DEFAULT_CARE_RULES.thankYou, days: 5 });
  });

  it.each([
    [{ thankYou: { days: -1 } }, 'thankYou.days', 'thankYou.days must be at least 0'],
    [{ checkIn: { days: 2.5 } }, 'checkIn.days', 'checkIn.days must be a whole number'],
    [{ unanswered: { minutes: 0 } }, 'unanswered.minutes', 'unanswered.minutes must be at least 1'],
    [
      { openingHours: { from: '21:00', to: '08:00' } },
      'openingHours.to',
      'openingHours.to (08:00) must be after openingHours.from (21:00)',
    ],
    [
      { openingHours: { from: '25:00' } },
      'openingHours.from',
      'openingHours.from must be a time like 08:00 (00:00-23:59)',
    ],
    [{ birthday: { on: 'yes' } }, 'birthday.on', 'birthday.on must be true or false'],
    [{ winBack: { days: 3 } }, 'winBack.days', 'winBack.days is not a care rule setting'],
    [
      { birthday: { templateId: 'deleted-one' } },
      'birthday.templateId',
      'birthday.templateId: no template "deleted-one" (deleted?)',
    ],
  ])('%j is refused, naming %s', (input, field, message) => {
    const r = validateCareRules(input, new Set(['builtin.thanks-order']));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toContainEqual({ field, message });
    expect(r.error).toContain(field);
  });
});

describe('opening and quiet hours', () => {
  it('the 15 minutes count only in opening hours', () => {
    const h = DEFAULT_CARE_RULES.openingHours;
    expect(dueAfterOpenMinutes(vn(2026, 11, 23, 10), 15, h, 420)).toBe(vn(2026, 11, 23, 10, 15));
    // 20:55 → 5 minutes today, 10 tomorrow morning.
    expect(dueAfterOpenMinutes(vn(2026, 11, 23, 20, 55), 15, h, 420)).toBe(vn(2026, 11, 24, 8, 10));
    // At night: from opening time.
    expect(dueAfterOpenMinutes(vn(2026, 11, 23, 23, 30), 15, h, 420)).toBe(vn(2026, 11, 24, 8, 15));
    expect(dueAfterOpenMinutes(vn(2026, 11, 24, 6, 0), 15, h, 420)).toBe(vn(2026, 11, 24, 8, 15));
  });

  it('quiet hours may wrap midnight; off means never quiet', () => {
    const rules = { ...DEFAULT_CARE_RULES, quietHours: { on: true, from: '21:30', to: '07:30' } };
    expect(inQuietHours(vn(2026, 11, 23, 22), rules)).toBe(true);
    expect(inQuietHours(vn(2026, 11, 23, 7, 29), rules)).toBe(true);
    expect(inQuietHours(vn(2026, 11, 23, 7, 30), rules)).toBe(false);
    expect(inQuietHours(vn(2026, 11, 23, 12), rules)).toBe(false);
    const day = { ...rules, quietHours: { on: true, from: '12:00', to: '13:30' } };
    expect(inQuietHours(vn(2026, 11, 23, 12, 45), day)).toBe(true);
    expect(inQuietHours(vn(2026, 11, 23, 22), day)).toBe(false);
    expect(
      inQuietHours(vn(2026, 11, 23, 22), {
        ...rules,
        quietHours: { ...rules.quietHours, on: false },
      }),
    ).toBe(false);
  });
});

const now = vn(2026, 11, 23, 10);
const delivered = (id: string, at: number) => ({
  id,
  code: id.toUpperCase(),
  placedAt: at - 2 * DAY,
  deliveredAt: at,
  status: 'delivered' as const,
});

describe('itemsForCustomer', () => {
  it('thank-you on the 3rd day after delivery, check-in on the 7th, keyed by the order', () => {
    const facts: CareFacts = { customerId: 'c1', orders: [delivered('o1', vn(2026, 11, 20, 15))] };
    const items = itemsForCustomer(facts, DEFAULT_CARE_RULES, now);
    const thank = items.find((i) => i.kind === 'thank-you')!;
    expect(thank).toMatchObject({
      id: 'c1|thank-you|o1',
      occasion: 'o1',
      dueAt: vn(2026, 11, 23),
      state: 'open',
      templateId: 'builtin.thanks-order',
      reason: {
        kind: 'thank-you',
        orderId: 'o1',
        orderCode: 'O1',
        deliveredAt: vn(2026, 11, 20, 15),
      },
    });
    const check = items.find((i) => i.kind === 'check-in')!;
    expect(check.dueAt).toBe(vn(2026, 11, 27));
  });

  it('an imported delivered order without a delivery date counts from when it was placed', () => {
    const facts: CareFacts = {
      customerId: 'c1',
      orders: [{ id: 'o9', code: '9', placedAt: vn(2026, 11, 20, 9), status: 'delivered' }],
    };
    expect(
      itemsForCustomer(facts, DEFAULT_CARE_RULES, now).find((i) => i.kind === 'thank-you')?.dueAt,
    ).toBe(vn(2026, 11, 23));
  });

  it('old history makes no items (three years of imported orders are not 300k thank-yous); a rule switched off makes none', () => {
    const facts: CareFacts = { customerId: 'c1', orders: [delivered('old', vn(2024, 1, 5))] };
    expect(
      itemsForCustomer(facts, DEFAULT_CARE_RULES, now).filter((i) => i.kind !== 'win-back'),
    ).toEqual([]);
    const recent: CareFacts = { customerId: 'c1', orders: [delivered('o1', vn(2026, 11, 20))] };
    const off = { ...DEFAULT_CARE_RULES, thankYou: { ...DEFAULT_CARE_RULES.thankYou, on: false } };
    expect(itemsForCustomer(recent, off, now).map((i) => i.kind)).not.toContain('thank-you');
  });

  it('birthday: keyed by the year; win-back: keyed by the day the customer lapsed', () => {
    const facts: CareFacts = {
      customerId: 'c1',
      birthday: '11-23',
      orders: [{ id: 'o1', code: '1', placedAt: vn(2026, 8, 20, 10), status: 'delivered' }],
    };
    const items = itemsForCustomer(facts, DEFAULT_CARE_RULES, now, { lapsedAfterDays: 90 });
    expect(items.find((i) => i.kind === 'birthday')).toMatchObject({
      id: 'c1|birthday|2026',
      dueAt: vn(2026, 11, 23),
    });
    // Last order 2026-08-20; lapsed once more than 90 days old: from 2026-11-19.
    expect(items.find((i) => i.kind === 'win-back')).toMatchObject({
      id: 'c1|win-back|2026-11-19',
      dueAt: vn(2026, 11, 19),
      reason: { kind: 'win-back', lastOrderAt: vn(2026, 8, 20, 10), lapsedDays: 91 },
    });
  });

  it('unanswered: keyed by the conversation and the time of the customer’s last message', () => {
    const facts: CareFacts = {
      customerId: 'c1',
      orders: [],
      threads: [
        {
          identityId: 'i1',
          platform: 'zalo',
          lastDirection: 'in',
          lastIncomingAt: vn(2026, 11, 23, 9, 30),
        },
        { identityId: 'i2', platform: 'messenger', lastDirection: 'out' },
      ],
    };
    expect(itemsForCustomer(facts, DEFAULT_CARE_RULES, now).map((i) => [i.id, i.dueAt])).toEqual([
      [`c1|unanswered|i1:${vn(2026, 11, 23, 9, 30)}`, vn(2026, 11, 23, 9, 45)],
    ]);
  });

  it('tier-up: keyed by the tier reached', () => {
    const facts: CareFacts = {
      customerId: 'c1',
      orders: [],
      tierUp: { from: 'silver', to: 'gold', at: now - DAY },
    };
    expect(itemsForCustomer(facts, DEFAULT_CARE_RULES, now).map((i) => i.id)).toEqual([
      'c1|tier-up|gold',
    ]);
  });

  const factsArb = fc.record({
    customerId: fc.constantFrom('c1', 'c-2'),
    birthday: fc.option(fc.constantFrom('02-29', '11-23', '1990-11-24', '12-31', '01-01'), {
      nil: undefined,
    }),
    orders: fc.array(
      fc.record({
        id: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
        code: fc.constant('X'),
        placedAt: fc.integer({ min: now - 400 * DAY, max: now }),
        status: fc.constantFrom('pending', 'delivered', 'returned', 'cancelled', 'failed'),
        deliveredAt: fc.option(fc.integer({ min: now - 40 * DAY, max: now }), { nil: undefined }),
      }),
      { maxLength: 8 },
    ),
    threads: fc.array(
      fc.record({
        identityId: fc.constantFrom('i1', 'i2'),
        platform: fc.constantFrom('messenger', 'instagram', 'zalo'),
        lastDirection: fc.constantFrom('in', 'out'),
        lastIncomingAt: fc.integer({ min: now - 3 * DAY, max: now }),
      }),
      { maxLength: 3 },
    ),
  }) as fc.Arbitrary<CareFacts>;

  it('property: the same facts never make two items with one id, and give the same ids every run', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 0, max: 3 * DAY }), (facts, later) => {
        const items = itemsForCustomer(facts, DEFAULT_CARE_RULES, now);
        const ids = items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(itemsForCustomer(facts, DEFAULT_CARE_RULES, now).map((i) => i.id)).toEqual(ids);
        // Every item made is one whose reason holds.
        const valid = validItemIds(facts, DEFAULT_CARE_RULES, now);
        for (const id of ids) expect(valid.has(id)).toBe(true);
        // Reconciling what was stored adds nothing and removes nothing, however often.
        const again = reconcileCustomer(items, facts, DEFAULT_CARE_RULES, now + later);
        for (const a of again.add) expect(ids).not.toContain(a.id);
        expect(again.remove).toEqual([]);
      }),
    );
  });

  it('reconcile keeps done items and reminders, and removes an open item whose reason is gone', () => {
    const facts: CareFacts = { customerId: 'c1', orders: [delivered('o1', vn(2026, 11, 20))] };
    const [thank] = itemsForCustomer(facts, DEFAULT_CARE_RULES, now).filter(
      (i) => i.kind === 'thank-you',
    );
    const reminder: CareItem = {
      id: 'c1|reminder|r',
      customerId: 'c1',
      kind: 'reminder',
      occasion: 'r',
      dueAt: now,
      state: 'open',
      reason: { kind: 'reminder', note: '' },
      updatedAt: now,
    };
    // The order came back (returned): the open thank-you goes, the reminder stays.
    const returned: CareFacts = {
      ...facts,
      orders: [{ ...delivered('o1', vn(2026, 11, 20)), status: 'returned' }],
    };
    expect(reconcileCustomer([thank!, reminder], returned, DEFAULT_CARE_RULES, now).remove).toEqual(
      [thank!.id],
    );
    // Done stays done, even without its reason.
    expect(
      reconcileCustomer([{ ...thank!, state: 'done' }], returned, DEFAULT_CARE_RULES, now).remove,
    ).toEqual([]);
  });
});

describe('buildQueue', () => {
  const item = (id: string, over: Partial<CareItem> = {}): CareItem => ({
    id,
    customerId: 'c',
    kind: 'thank-you',
    occasion: id,
    dueAt: now - 1000,
    state: 'open',
    reason: { kind: 'reminder', note: '' },
    updatedAt: now,
    ...over,
  });

  it('due now, oldest first; snoozed back once the snooze ends; done and future ones left out; counts by kind', () => {
    const items = [
      item('a', { dueAt: now - 2 * DAY }),
      item('b', { kind: 'birthday', dueAt: now - 1 }),
      item('c', { state: 'done' }),
      item('d', { dueAt: now + 1 }),
      item('e', { state: 'snoozed', snoozeUntil: now - 10, dueAt: now - 5 * DAY }),
      item('f', { state: 'snoozed', snoozeUntil: now + 10 }),
      item('g', { state: 'dismissed' }),
    ];
    const q = buildQueue(items, now, { scope: 'mine' });
    expect(q.due.map((i) => i.id)).toEqual(['a', 'e', 'b']);
    expect(q.counts).toEqual({ 'thank-you': 2, birthday: 1 });
  });

  it('mine: assigned to me or nobody; team: everyone’s', () => {
    const items = [item('a', { assignee: 'me' }), item('b', { assignee: 'other' }), item('c')];
    expect(buildQueue(items, now, { scope: 'mine', me: 'me' }).due.map((i) => i.id)).toEqual([
      'a',
      'c',
    ]);
    expect(buildQueue(items, now, { scope: 'team', me: 'me' }).due.map((i) => i.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('overdue: a day-based item from before today; a reminder more than an hour late', () => {
    expect(isOverdue(item('a', { dueAt: vn(2026, 11, 22, 12) }), now, 420)).toBe(true);
    expect(isOverdue(item('a', { dueAt: vn(2026, 11, 23, 0) }), now, 420)).toBe(false);
    expect(isOverdue(item('r', { kind: 'reminder', dueAt: now - 30 * MIN }), now, 420)).toBe(false);
    expect(isOverdue(item('r', { kind: 'reminder', dueAt: now - 61 * MIN }), now, 420)).toBe(true);
  });
});

describe('care item ids', () => {
  it('are ids the team server accepts, even for an imported order, and one per occasion', () => {
    const imported = careItemId('c-1', 'thank-you', 'imp|phone:+84912345678|SON_1001');
    expect(CareItemIdSchema.safeParse(imported).success).toBe(true);
    // Three parts, whatever the occasion holds.
    expect(imported.split('|')).toEqual(['c-1', 'thank-you', expect.any(String)]);
    // Escaping keeps different occasions apart.
    const others = [
      'imp|phone:+84912345678|SON.1001',
      'imp|phone:+84912345678|SON 1001',
      'imp_7c_phone:+84912345678|SON_1001',
    ].map((o) => careItemId('c-1', 'thank-you', o));
    expect(new Set([imported, ...others]).size).toBe(4);
    // A plain occasion is left as it is.
    expect(careItemId('c-1', 'birthday', '2026')).toBe('c-1|birthday|2026');
  });
});
