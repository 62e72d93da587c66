// Loyalty tiers: the shop's ladder (Thành viên → Bạc → Vàng → Kim cương by default), reached
// by the money a customer spent on kept orders (delivered or still pending) over a window,
// and optionally by how many such orders. Pure: the caller passes the order rows and "now".
// `tierOf(orders, config, at)` ignores orders after `at`, so the tier at an earlier time is
// the same call with an earlier `at` ("crossed into a higher tier" compares the two).
import * as z from 'zod/mini';
import {
  type FieldIssue,
  fieldIssues,
  ListEntryIdSchema,
  ListEntryNameSchema,
  repeatedIdsAndNames,
} from './field-issues';
import type { OrderFacts } from './orders';

export const TierSchema = z.strictObject({
  id: ListEntryIdSchema,
  name: ListEntryNameSchema,
  /** VND spent on kept orders within the window to reach this tier. */
  minSpend: z
    .number({ error: 'minSpend must be a number' })
    .check(
      z.int({ error: 'minSpend must be a whole number of đồng' }),
      z.gte(0, { error: 'minSpend must not be negative' }),
      z.lte(1e12, { error: 'minSpend must be at most 1.000.000.000.000' }),
    ),
  /** Kept orders within the window to reach this tier; absent = no order-count condition. */
  minOrders: z.optional(
    z
      .number({ error: 'minOrders must be a number' })
      .check(
        z.int({ error: 'minOrders must be a whole number' }),
        z.gte(0, { error: 'minOrders must not be negative' }),
        z.lte(100_000, { error: 'minOrders must be at most 100000' }),
      ),
  ),
});
export type Tier = z.infer<typeof TierSchema>;

export const TiersConfigSchema = z.strictObject({
  /** Months of orders that count, back from now; 0 = every order ever. */
  windowMonths: z
    .number({ error: 'windowMonths must be a number' })
    .check(
      z.int({ error: 'windowMonths must be a whole number' }),
      z.gte(0, { error: 'windowMonths must not be negative' }),
      z.lte(120, { error: 'windowMonths must be at most 120' }),
    ),
  /**
   * When a tier has both thresholds: `all` = spend AND orders must be reached, `any` = either
   * one is enough. A tier with only minSpend is reached by spend alone either way.
   */
  match: z.enum(['all', 'any'], { error: 'match must be "all" or "any"' }),
  /** Lowest first; the first is everyone's tier (minSpend 0, no minOrders). */
  tiers: z
    .array(TierSchema, { error: 'tiers must be a list' })
    .check(
      z.minLength(1, { error: 'tiers must hold at least one tier' }),
      z.maxLength(12, { error: 'tiers must hold at most 12 tiers' }),
    ),
});
export type TiersConfig = z.infer<typeof TiersConfigSchema>;

export const DEFAULT_TIERS_CONFIG: TiersConfig = Object.freeze({
  windowMonths: 12,
  match: 'all',
  tiers: [
    { id: 'member', name: 'Thành viên', minSpend: 0 },
    { id: 'silver', name: 'Bạc', minSpend: 2_000_000 },
    { id: 'gold', name: 'Vàng', minSpend: 5_000_000 },
    { id: 'diamond', name: 'Kim cương', minSpend: 15_000_000 },
  ],
}) as TiersConfig;

export type TiersIssue = FieldIssue;

export type TiersConfigResult =
  | { ok: true; config: TiersConfig }
  | { ok: false; issues: TiersIssue[] };

const vnd = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}đ`;

/**
 * Stored or submitted tiers → a full config. Missing top-level fields take the defaults;
 * unknown fields, bad values, a tier below the one before it, duplicate ids or names are
 * rejected, each issue naming its field.
 */
export function parseTiersConfig(input: unknown): TiersConfigResult {
  if (input === undefined || input === null) {
    return { ok: true, config: structuredCloneConfig(DEFAULT_TIERS_CONFIG) };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, issues: [{ field: '(root)', message: 'tiers config must be an object' }] };
  }
  const merged = { ...DEFAULT_TIERS_CONFIG, ...(input as Record<string, unknown>) };
  const r = TiersConfigSchema.safeParse(merged);
  if (!r.success) {
    return { ok: false, issues: fieldIssues(r.error, 'a tiers setting') };
  }
  const config = r.data;
  const issues: TiersIssue[] = [];
  const first = config.tiers[0]!;
  if (first.minSpend !== 0) {
    issues.push({
      field: 'tiers.0.minSpend',
      message: 'tiers.0.minSpend: the first tier is every customer’s, so it must be 0',
    });
  }
  if ((first.minOrders ?? 0) !== 0) {
    issues.push({
      field: 'tiers.0.minOrders',
      message: 'tiers.0.minOrders: the first tier is every customer’s, so it must be empty or 0',
    });
  }
  issues.push(...repeatedIdsAndNames(config.tiers, 'tiers', 'tier'));
  config.tiers.forEach((tier, i) => {
    if (i === 0) return;
    const prev = config.tiers[i - 1]!;
    if (tier.minSpend < prev.minSpend) {
      issues.push({
        field: `tiers.${i}.minSpend`,
        message: `tiers.${i}.minSpend: ${vnd(tier.minSpend)} is below the tier before it (${prev.name}, ${vnd(prev.minSpend)})`,
      });
      return;
    }
    const orders = tier.minOrders ?? 0;
    const prevOrders = prev.minOrders ?? 0;
    if (orders < prevOrders) {
      issues.push({
        field: `tiers.${i}.minOrders`,
        message: `tiers.${i}.minOrders: ${orders} is below the tier before it (${prev.name}, ${prevOrders})`,
      });
      return;
    }
    if (tier.minSpend === prev.minSpend && orders === prevOrders) {
      issues.push({
        field: `tiers.${i}.minSpend`,
        message: `tiers.${i}.minSpend: must be above the tier before it (${prev.name}, ${vnd(prev.minSpend)}) or need more orders`,
      });
    }
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config };
}

function structuredCloneConfig(c: TiersConfig): TiersConfig {
  return { windowMonths: c.windowMonths, match: c.match, tiers: c.tiers.map((t) => ({ ...t })) };
}

/** Like parseTiersConfig, but throws one error listing every bad field. */
export function tiersConfig(input: unknown): TiersConfig {
  const r = parseTiersConfig(input);
  if (r.ok) return r.config;
  throw new Error(`Invalid tiers: ${r.issues.map((i) => i.message).join('; ')}`);
}

/** The earliest instant whose orders count at `at`: `windowMonths` calendar months back. */
export function tierWindowStart(config: Pick<TiersConfig, 'windowMonths'>, at: number): number {
  if (config.windowMonths === 0) return Number.NEGATIVE_INFINITY;
  const d = new Date(at);
  const month = d.getUTCMonth() - config.windowMonths;
  const start = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      month,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  // Day of month clamped: 31 March − 1 month is 28/29 February, not 3 March.
  const lastDay = new Date(
    Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0),
  ).getUTCDate();
  start.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return start.getTime();
}

export interface TierRef {
  id: string;
  name: string;
}

export interface TierStanding {
  tier: TierRef;
  /** Position in the ladder, 0 = the first tier. */
  rank: number;
  /** VND spent on kept orders in the window at that time. */
  spend: number;
  /** Kept orders in the window at that time. */
  orders: number;
  /** The tier above, and what is missing to reach it; absent at the top. */
  next?: TierRef & {
    /** VND still to spend (0 when spend is enough and only orders are missing). */
    missing: number;
    /** Kept orders still missing, when the next tier asks for a count and it is not met. */
    missingOrders?: number;
  };
}

const kept = (o: OrderFacts) => o.status === 'delivered' || o.status === 'pending';

function reaches(tier: Tier, spend: number, orders: number, match: TiersConfig['match']): boolean {
  const spendOk = spend >= tier.minSpend;
  if (tier.minOrders === undefined) return spendOk;
  const ordersOk = orders >= tier.minOrders;
  if (match === 'any') return (tier.minSpend > 0 && spendOk) || ordersOk;
  return spendOk && ordersOk;
}

/**
 * The customer's tier at `at` (usually now): kept orders placed in the window ending at `at`
 * count; orders placed after `at` are ignored, so an earlier `at` gives the tier back then.
 * The config is assumed valid (parseTiersConfig); tiers are climbed in order and the first
 * one not reached stops the climb.
 */
export function tierOf(
  orders: readonly OrderFacts[],
  config: TiersConfig,
  at: number,
): TierStanding {
  const from = tierWindowStart(config, at);
  let spend = 0;
  let count = 0;
  for (const o of orders) {
    if (!kept(o) || o.placedAt > at || o.placedAt <= from) continue;
    spend += o.total;
    count += 1;
  }
  return standing(spend, count, config);
}

/** The standing for given totals (what tierOf computes once it has summed the window). */
export function standing(spend: number, orders: number, config: TiersConfig): TierStanding {
  const tiers = config.tiers;
  let rank = 0;
  while (rank + 1 < tiers.length && reaches(tiers[rank + 1]!, spend, orders, config.match)) rank++;
  const tier = tiers[rank]!;
  const out: TierStanding = { tier: { id: tier.id, name: tier.name }, rank, spend, orders };
  const up = tiers[rank + 1];
  if (up) {
    out.next = { id: up.id, name: up.name, missing: Math.max(0, up.minSpend - spend) };
    if (up.minOrders !== undefined && orders < up.minOrders) {
      out.next.missingOrders = up.minOrders - orders;
    }
    // With `any`, whichever condition is nearer is what the agent can mention; keep both.
  }
  return out;
}

/** A tier's position in the ladder, or -1 when the config has no such tier. */
export function tierRank(config: TiersConfig, id: string): number {
  return config.tiers.findIndex((t) => t.id === id);
}

export interface TierUp {
  from: TierRef;
  to: TierRef;
  /** When the order that lifted the customer was placed. */
  at: number;
}

/**
 * The last time the customer crossed into a higher tier, at or before `now` (an order that
 * lifted them), or null. Tiers can also fall as old orders leave the window; climbing back
 * is another crossing. Per customer, so O(n²) over that customer's few orders.
 */
export function lastTierUp(
  orders: readonly OrderFacts[],
  config: TiersConfig,
  now: number,
): TierUp | null {
  const times = orders
    .filter((o) => kept(o) && o.placedAt <= now)
    .map((o) => o.placedAt)
    .sort((a, b) => a - b);
  let last: TierUp | null = null;
  let prevAt = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t === prevAt) continue;
    const before = tierOf(orders, config, t - 1);
    const after = tierOf(orders, config, t);
    if (after.rank > before.rank) last = { from: before.tier, to: after.tier, at: t };
    prevAt = t;
  }
  return last;
}
