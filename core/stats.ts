// Dashboard figures for a period of shop-local days, from touchpoints and orders. Pure: the
// caller reads the rows (storage/stats.ts) and this decides what they mean.
//
// Definitions (also the dashboard's help text, `dash.help`):
// - A conversation is a customer-day: a customer with at least one touchpoint that day,
//   whatever the platform or the number of messages. Per channel, a customer-day per
//   platform (a customer who wrote on Messenger and Zalo the same day counts on both).
// - The status of a past day is what the badge would have said at the end of that day,
//   decided by core/classify with only what was known then: `new` when that day is the
//   customer's first day on record, `returning` when an earlier day exists; orders placed
//   up to that day make `customer`, `lapsed` (last order older than the shop's threshold on
//   that day) or `vip` (RFM against the current quintile cuts, or a VIP label). Labels are
//   today's labels: their history is not replayed. The visible thread is not known for a
//   past day, so a customer who wrote before the extension was installed counts as `new` on
//   the first day it recorded them.
// - The new share of a day is new / conversations.
// - Win-back: customers with orders whose last order (as of the end of the period) crossed
//   the lapsed threshold on a day inside the period.
import { classify, daysBetween } from './classify';
import { type OrderFacts, summarizeOrders } from './orders';
import { type RfmCuts, rfmMetrics, scoreByCuts } from './rfm';
import type { RecognitionSettings } from './settings';
import type { Platform } from './snapshot';
import type { Status } from './status';
import { dayKey } from './text';

export const STAT_STATUSES = ['new', 'returning', 'customer', 'vip', 'lapsed'] as const;
export type StatStatus = (typeof STAT_STATUSES)[number];
export const STAT_PLATFORMS = ['messenger', 'instagram', 'zalo'] as const;

const DAY_MS = 86_400_000;
/** A longer period is refused: the server refuses more than 366 days per request too. */
export const MAX_PERIOD_DAYS = 366;

export interface StatsTouchpoint {
  customerId: string;
  platform: Platform;
  day: string;
}

export interface StatsOrder extends OrderFacts {
  customerId: string;
  code: string;
}

export interface StatsCustomer {
  id: string;
  displayName: string;
  /** Names of the labels the customer carries now. */
  labels: readonly string[];
  /** Every day on record before the period (any platform), or at least the latest one. */
  earlierDays: readonly string[];
  orders: readonly StatsOrder[];
}

export interface StatsInput {
  from: string;
  to: string;
  /** Shop's offset east of UTC in minutes (Vietnam: 420). */
  utcOffsetMinutes: number;
  /** Touchpoints inside the period. */
  touchpoints: readonly StatsTouchpoint[];
  /** Every customer with a touchpoint in the period or a win-back candidate. */
  customers: ReadonlyMap<string, StatsCustomer>;
  /** Customers whose last order may have lapsed inside the period. */
  winBackCandidates: readonly string[];
  settings: RecognitionSettings;
  cuts?: RfmCuts;
}

export type StatusCounts = Record<StatStatus, number>;

export interface DayStats extends StatusCounts {
  day: string;
  conversations: number;
  /** new / conversations, 0 when none. */
  newShare: number;
}

export interface ChannelStats extends StatusCounts {
  platform: Platform;
  conversations: number;
}

export interface LabelStats {
  name: string;
  /** Customers carrying it among the period's conversations. */
  customers: number;
}

export interface WinBack {
  customerId: string;
  displayName: string;
  /** The day the customer turned lapsed. */
  lapsedOn: string;
  lastOrder: { code: string; placedAt: number; total: number };
}

export interface StatsReport {
  from: string;
  to: string;
  totals: StatusCounts & { conversations: number };
  days: DayStats[];
  channels: ChannelStats[];
  labels: LabelStats[];
  winBack: WinBack[];
}

export const emptyCounts = (): StatusCounts => ({
  new: 0,
  returning: 0,
  customer: 0,
  vip: 0,
  lapsed: 0,
});

/** `YYYY-MM-DD` plus `n` days. */
export function addDays(day: string, n: number): string {
  return dayKey(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS, 0);
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export type PeriodPreset = 'today' | '7d' | '30d';

/** The period a preset means on `now`'s shop-local day (7 days = today and the 6 before). */
export function presetPeriod(
  preset: PeriodPreset,
  now: number,
  utcOffsetMinutes: number,
): { from: string; to: string } {
  const to = dayKey(now, utcOffsetMinutes);
  const back = preset === 'today' ? 0 : preset === '7d' ? 6 : 29;
  return { from: addDays(to, -back), to };
}

/** Null when the period is fine, else why not. */
export function periodError(from: string, to: string): string | null {
  const span = daysBetween(from, to);
  if (!Number.isFinite(span)) return 'from/to: expected days like 2026-11-23';
  if (span < 0) return 'from: must not be after to';
  if (span >= MAX_PERIOD_DAYS) return `from: at most ${MAX_PERIOD_DAYS} days per period`;
  return null;
}

/** End of a shop-local day, epoch ms (the last millisecond). */
export function endOfDay(day: string, utcOffsetMinutes: number): number {
  return Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1 - utcOffsetMinutes * 60_000;
}

/** The badge's status for `customer` at the end of `day`, given the days seen up to it. */
export function statusOnDay(
  customer: StatsCustomer,
  day: string,
  seenDays: readonly string[],
  input: Pick<StatsInput, 'utcOffsetMinutes' | 'settings' | 'cuts'>,
): StatStatus {
  const end = endOfDay(day, input.utcOffsetMinutes);
  const orders = customer.orders.filter((o) => o.placedAt <= end);
  const metrics = rfmMetrics(summarizeOrders(orders));
  const rfm = input.cuts && metrics ? scoreByCuts(input.cuts, metrics) : undefined;
  const { status } = classify({
    now: end,
    utcOffsetMinutes: input.utcOffsetMinutes,
    recordedDays: seenDays,
    firstSeenAt: end,
    firstSeenPlatform: 'messenger',
    visible: [],
    orders,
    labels: customer.labels,
    settings: input.settings,
    ...(rfm ? { rfm } : {}),
  });
  return asStatStatus(status);
}

// classify says `unknown` only for a weak identity, which stats never pass.
const asStatStatus = (s: Status): StatStatus => (s === 'unknown' ? 'new' : s);

export function computeStats(input: StatsInput): StatsReport {
  const { from, to } = input;
  const inPeriod = input.touchpoints.filter((t) => t.day >= from && t.day <= to);

  // Days and platforms per customer inside the period.
  const daysByCustomer = new Map<string, Set<string>>();
  const platformDays = new Map<string, Set<Platform>>();
  for (const t of inPeriod) {
    const days = daysByCustomer.get(t.customerId) ?? new Set<string>();
    daysByCustomer.set(t.customerId, days.add(t.day));
    const key = `${t.customerId}|${t.day}`;
    platformDays.set(key, (platformDays.get(key) ?? new Set<Platform>()).add(t.platform));
  }

  const dayMap = new Map<string, DayStats>(
    daysOf(from, to).map((day) => [day, { day, conversations: 0, newShare: 0, ...emptyCounts() }]),
  );
  const channelMap = new Map<Platform, ChannelStats>();
  const labelCount = new Map<string, number>();

  for (const [customerId, days] of daysByCustomer) {
    const customer = input.customers.get(customerId) ?? {
      id: customerId,
      displayName: '',
      labels: [],
      earlierDays: [],
      orders: [],
    };
    const seen = [...customer.earlierDays];
    for (const day of [...days].sort()) {
      seen.push(day);
      const status = statusOnDay(customer, day, seen, input);
      const d = dayMap.get(day)!;
      d.conversations += 1;
      d[status] += 1;
      for (const platform of platformDays.get(`${customerId}|${day}`) ?? []) {
        const c = channelMap.get(platform) ?? { platform, conversations: 0, ...emptyCounts() };
        channelMap.set(platform, c);
        c.conversations += 1;
        c[status] += 1;
      }
    }
    for (const label of new Set(customer.labels)) {
      labelCount.set(label, (labelCount.get(label) ?? 0) + 1);
    }
  }

  const days = [...dayMap.values()];
  const totals = { conversations: 0, ...emptyCounts() };
  for (const d of days) {
    d.newShare = d.conversations ? d.new / d.conversations : 0;
    totals.conversations += d.conversations;
    for (const s of STAT_STATUSES) totals[s] += d[s];
  }

  return {
    from,
    to,
    totals,
    days,
    channels: STAT_PLATFORMS.map(
      (p) => channelMap.get(p) ?? { platform: p, conversations: 0, ...emptyCounts() },
    ),
    labels: [...labelCount]
      .map(([name, customers]) => ({ name, customers }))
      .sort((a, b) => b.customers - a.customers || a.name.localeCompare(b.name))
      .slice(0, 10),
    winBack: winBack(input),
  };
}

/** Customers whose last order crossed the lapsed threshold on a day inside the period. */
function winBack(input: StatsInput): WinBack[] {
  const end = endOfDay(input.to, input.utcOffsetMinutes);
  const out: WinBack[] = [];
  for (const id of new Set(input.winBackCandidates)) {
    const c = input.customers.get(id);
    if (!c) continue;
    const placed = c.orders.filter((o) => o.status !== 'cancelled' && o.placedAt <= end);
    const last = placed.reduce<StatsOrder | undefined>(
      (a, o) => (!a || o.placedAt > a.placedAt ? o : a),
      undefined,
    );
    if (!last) continue;
    // classify calls a customer lapsed when daysAgo > lapsedAfterDays.
    const lapsedOn = addDays(
      dayKey(last.placedAt, input.utcOffsetMinutes),
      input.settings.lapsedAfterDays + 1,
    );
    if (lapsedOn < input.from || lapsedOn > input.to) continue;
    out.push({
      customerId: id,
      displayName: c.displayName,
      lapsedOn,
      lastOrder: { code: last.code, placedAt: last.placedAt, total: last.total },
    });
  }
  return out.sort(
    (a, b) => a.lapsedOn.localeCompare(b.lapsedOn) || a.customerId.localeCompare(b.customerId),
  );
}
