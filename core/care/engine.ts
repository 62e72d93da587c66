// Which care items a customer should have, from their facts and the shop's rules, and which
// stored items are due now. Pure: storage reads the facts, writes the items, and calls this
// for one customer at a time (a snapshot, an order, a birthday edit, a merge) or for all of
// them once a day. Every item's id is `careItemId(customer, kind, occasion)`, the occasion
// being what makes it happen once: the order id (thank-you, check-in), the year (birthday),
// the tier id (tier-up), the day the customer lapsed (win-back), the conversation and the
// time of the customer's last message (unanswered).
import { birthdayIn, storedBirthday } from '../birthday';
import { dayKey } from '../text';
import { type CareRules, dueAfterOpenMinutes, localDayStart } from './rules';
import { type CareItem, type CareKind, type CareReason, careItemId } from './types';

const DAY = 86_400_000;

export interface CareOrderFact {
  id: string;
  code: string;
  placedAt: number;
  status: 'pending' | 'delivered' | 'returned' | 'cancelled' | 'failed';
  /** When it was delivered; an imported "delivered" order without a date uses placedAt. */
  deliveredAt?: number;
  /** VND (tiers). */
  total?: number;
}

/** One conversation the extension saw: who wrote last, and when the customer last did. */
export interface CareThreadFact {
  /** The identity (one conversation per identity). */
  identityId: string;
  platform: 'messenger' | 'instagram' | 'zalo';
  lastDirection: 'in' | 'out';
  /** The customer's last message (epoch ms), when the last word is theirs. */
  lastIncomingAt?: number;
}

export interface CareFacts {
  customerId: string;
  /** `MM-DD` or `YYYY-MM-DD`. */
  birthday?: string | undefined;
  orders: readonly CareOrderFact[];
  threads?: readonly CareThreadFact[];
  /** The customer's latest rise to a higher tier, if any. */
  tierUp?: { from: string; to: string; at: number } | undefined;
}

export interface CareContext {
  /** Recognition's lapsed threshold (core/settings `lapsedAfterDays`). */
  lapsedAfterDays: number;
}

/**
 * How long after its due time an item is still made. Older occasions are history, not a
 * to-do: importing three years of delivered orders must not make 300k thank-you items.
 */
export const STALE_AFTER_DAYS: Record<Exclude<CareKind, 'reminder'>, number> = {
  'thank-you': 14,
  'check-in': 14,
  birthday: 7,
  'tier-up': 30,
  'win-back': 30,
  unanswered: 7,
};

/**
 * Items are made up to 40 days ahead (the queue shows them once due): a delivery makes its
 * thank-you and check-in at once, so only rules set further out, birthdays and lapses need
 * the daily pass to come round.
 */
export const LEAD_DAYS = 40;
const LEAD_MS = LEAD_DAYS * DAY;

interface Candidate {
  /** `careItemId(customer, kind, occasion)`. */
  id: string;
  kind: Exclude<CareKind, 'reminder'>;
  occasion: string;
  dueAt: number;
  reason: CareReason;
  templateId?: string | undefined;
}

let yearMemo = { at: Number.NaN, offset: 0, year: 0 };
/** The shop-local year of `now` (memoised: a daily pass asks 100k times for one instant). */
function localYear(now: number, offset: number): number {
  if (yearMemo.at !== now || yearMemo.offset !== offset)
    yearMemo = { at: now, offset, year: new Date(now + offset * 60_000).getUTCFullYear() };
  return yearMemo.year;
}

/** The oldest due time still made for a kind (no limit when not windowed). */
function since(kind: Exclude<CareKind, 'reminder'>, now: number, windowed: boolean): number {
  return windowed ? now - STALE_AFTER_DAYS[kind] * DAY : Number.NEGATIVE_INFINITY;
}

/**
 * The occasions the facts give. With `windowed`, only those due within their kind's window
 * (made now): the check comes before anything is allocated, since a daily pass meets
 * 300k orders of which a few thousand matter.
 */
function candidates(
  facts: CareFacts,
  rules: CareRules,
  now: number,
  ctx: CareContext,
  windowed: boolean,
  /** Ids already stored: skipped before anything else is made for them. */
  have?: ReadonlySet<string>,
): Candidate[] {
  const cid = facts.customerId;
  const offset = rules.utcOffsetMinutes;
  const offsetMs = offset * 60_000;
  const latest = windowed ? now + LEAD_MS : Number.POSITIVE_INFINITY;
  const out: Candidate[] = [];
  for (let pass = 0; pass < 2; pass += 1) {
    const kind = pass === 0 ? 'thank-you' : 'check-in';
    const rule = pass === 0 ? rules.thankYou : rules.checkIn;
    if (!rule.on) continue;
    const earliest = since(kind, now, windowed);
    for (const o of facts.orders) {
      if (o.status !== 'delivered') continue;
      const deliveredAt = o.deliveredAt ?? o.placedAt;
      // localDayStart, inlined: this loop meets every order of the shop.
      const dueAt =
        deliveredAt - ((((deliveredAt + offsetMs) % DAY) + DAY) % DAY) + rule.days * DAY;
      if (dueAt > latest || dueAt < earliest) continue;
      const id = careItemId(cid, kind, o.id);
      if (have?.has(id)) continue;
      out.push({
        id,
        kind,
        occasion: o.id,
        dueAt,
        reason: { kind, orderId: o.id, orderCode: o.code, deliveredAt },
        templateId: rule.templateId,
      });
    }
  }
  const birthday = rules.birthday.on && facts.birthday ? storedBirthday(facts.birthday) : null;
  if (birthday) {
    const year = localYear(now, offset);
    const earliest = since('birthday', now, windowed);
    for (const y of [year - 1, year, year + 1]) {
      const [month, day] = birthdayIn(birthday, y);
      // Local midnight of that day in the shop's clock.
      const dueAt = Date.UTC(y, month - 1, day) - offsetMs;
      if (dueAt > latest || dueAt < earliest) continue;
      const id = careItemId(cid, 'birthday', String(y));
      if (have?.has(id)) continue;
      out.push({
        id,
        kind: 'birthday',
        occasion: String(y),
        dueAt,
        reason: { kind: 'birthday', birthday: facts.birthday! },
        templateId: rules.birthday.templateId,
      });
    }
  }
  if (rules.tierUp.on && facts.tierUp) {
    const t = facts.tierUp;
    const id = careItemId(cid, 'tier-up', t.to);
    if (t.at <= latest && t.at >= since('tier-up', now, windowed) && !have?.has(id))
      out.push({
        id,
        kind: 'tier-up',
        occasion: t.to,
        dueAt: t.at,
        reason: { kind: 'tier-up', fromTier: t.from, toTier: t.to },
        templateId: rules.tierUp.templateId,
      });
  }
  if (rules.winBack.on) {
    // Lapsed exactly as the badge says (core/classify): the last placed order is more than
    // `lapsedAfterDays` local days old. The lapse starts the day after that threshold.
    let last: number | null = null;
    for (const o of facts.orders)
      if (o.status !== 'cancelled' && (last === null || o.placedAt > last)) last = o.placedAt;
    if (last !== null) {
      const lapseStart = localDayStart(last, offset) + (ctx.lapsedAfterDays + 1) * DAY;
      const occasion =
        lapseStart <= latest && lapseStart >= since('win-back', now, windowed)
          ? dayKey(lapseStart, offset)
          : undefined;
      const id = occasion === undefined ? undefined : careItemId(cid, 'win-back', occasion);
      if (occasion !== undefined && id !== undefined && !have?.has(id))
        out.push({
          id,
          kind: 'win-back',
          occasion,
          dueAt: lapseStart,
          reason: { kind: 'win-back', lastOrderAt: last, lapsedDays: ctx.lapsedAfterDays + 1 },
          templateId: rules.winBack.templateId,
        });
    }
  }
  if (rules.unanswered.on && facts.threads) {
    const earliest = since('unanswered', now, windowed);
    for (const t of facts.threads) {
      if (t.lastDirection !== 'in' || t.lastIncomingAt === undefined) continue;
      const dueAt = dueAfterOpenMinutes(
        t.lastIncomingAt,
        rules.unanswered.minutes,
        rules.openingHours,
        offset,
      );
      if (dueAt > latest || dueAt < earliest) continue;
      const occasion = `${t.identityId}:${t.lastIncomingAt}`;
      const id = careItemId(cid, 'unanswered', occasion);
      if (have?.has(id)) continue;
      out.push({
        id,
        kind: 'unanswered',
        occasion,
        dueAt,
        reason: { kind: 'unanswered', since: t.lastIncomingAt, platform: t.platform },
        templateId: rules.unanswered.templateId,
      });
    }
  }
  return out;
}

function toItem(id: string, customerId: string, c: Candidate, now: number): CareItem {
  const item: CareItem = {
    id,
    customerId,
    kind: c.kind,
    occasion: c.occasion,
    dueAt: c.dueAt,
    state: 'open',
    reason: c.reason,
    updatedAt: now,
  };
  if (c.templateId) item.templateId = c.templateId;
  return item;
}

/**
 * The items this customer should have now: every occasion whose rule is on, due within
 * LEAD_DAYS from now and not older than its kind's STALE_AFTER_DAYS. Deterministic: the same
 * facts give the same ids, whoever runs it, as often as it runs.
 */
export function itemsForCustomer(
  facts: CareFacts,
  rules: CareRules,
  now: number,
  ctx: CareContext = { lapsedAfterDays: 90 },
): CareItem[] {
  return madeFrom(facts.customerId, candidates(facts, rules, now, ctx, true), now, undefined);
}

/** Candidates within their window as items, once per id, skipping ids in `have`. */
function madeFrom(
  customerId: string,
  list: readonly Candidate[],
  now: number,
  have: ReadonlySet<string> | undefined,
): CareItem[] {
  const items: CareItem[] = [];
  let seen: Set<string> | undefined;
  for (const c of list) {
    const id = c.id;
    if (have?.has(id)) continue;
    // Two candidates share an id only when an order id repeats: rare, so the set is lazy.
    if (items.length > 0) {
      seen ??= new Set(items.map((i) => i.id));
      if (seen.has(id)) continue;
      seen.add(id);
    }
    items.push(toItem(id, customerId, c, now));
  }
  return items;
}

/**
 * Ids of every rule-made item whose reason still holds, however old: an open item not
 * among them has lost its reason (the order was returned or undone, the customer was
 * answered or ordered again, the birthday was corrected, the rule switched off) and goes.
 */
export function validItemIds(
  facts: CareFacts,
  rules: CareRules,
  now: number,
  ctx: CareContext = { lapsedAfterDays: 90 },
): Set<string> {
  return new Set(candidates(facts, rules, now, ctx, false).map((c) => c.id));
}

export interface CareReconcile {
  /** New items to store (an id among `remove` may come back here: delete first). */
  add: CareItem[];
  /** Stored open or snoozed items whose reason is gone (or whose time moved). */
  remove: string[];
}

/**
 * What to write for one customer given what is stored for them: new items are added;
 * an existing item keeps its state (done stays done); open rule items that lost their
 * reason are removed. Reminders are the agent's and are never touched.
 */
export function reconcileCustomer(
  stored: readonly CareItem[],
  facts: CareFacts,
  rules: CareRules,
  now: number,
  ctx: CareContext = { lapsedAfterDays: 90 },
): CareReconcile {
  if (stored.length === 0)
    return {
      add: madeFrom(facts.customerId, candidates(facts, rules, now, ctx, true), now, undefined),
      remove: [],
    };
  // Removed first: an item whose time moved (the rule's days changed, the birthday was
  // corrected) goes and comes back under the same id with its new time.
  const remove: string[] = [];
  const have = new Set<string>();
  for (const i of stored) {
    if (
      i.kind !== 'reminder' &&
      (i.state === 'open' || i.state === 'snoozed') &&
      i.customerId === facts.customerId &&
      !stillHolds(i, facts, rules, ctx)
    )
      remove.push(i.id);
    else have.add(i.id);
  }
  const list = candidates(facts, rules, now, ctx, true, have);
  return { add: madeFrom(facts.customerId, list, now, have), remove };
}

/**
 * Whether a stored rule item's reason still holds, however old (the same answer as
 * `validItemIds`, item by item, without making every occasion): its rule is on and the
 * facts still give that occasion at that time.
 */
function stillHolds(item: CareItem, facts: CareFacts, rules: CareRules, ctx: CareContext): boolean {
  const offset = rules.utcOffsetMinutes;
  switch (item.kind) {
    case 'thank-you':
    case 'check-in': {
      const rule = item.kind === 'thank-you' ? rules.thankYou : rules.checkIn;
      if (!rule.on) return false;
      for (const o of facts.orders)
        if (
          o.id === item.occasion &&
          o.status === 'delivered' &&
          localDayStart(o.deliveredAt ?? o.placedAt, offset) + rule.days * DAY === item.dueAt
        )
          return true;
      return false;
    }
    case 'birthday': {
      const b = rules.birthday.on && facts.birthday ? storedBirthday(facts.birthday) : null;
      if (!b) return false;
      const y = Number(item.occasion);
      const [month, day] = birthdayIn(b, y);
      return Date.UTC(y, month - 1, day) - offset * 60_000 === item.dueAt;
    }
    case 'tier-up':
      return rules.tierUp.on && facts.tierUp?.to === item.occasion;
    case 'win-back': {
      if (!rules.winBack.on) return false;
      let last: number | null = null;
      for (const o of facts.orders)
        if (o.status !== 'cancelled' && (last === null || o.placedAt > last)) last = o.placedAt;
      return (
        last !== null &&
        localDayStart(last, offset) + (ctx.lapsedAfterDays + 1) * DAY === item.dueAt
      );
    }
    case 'unanswered': {
      if (!rules.unanswered.on) return false;
      return (facts.threads ?? []).some(
        (t) =>
          t.lastDirection === 'in' &&
          t.lastIncomingAt !== undefined &&
          `${t.identityId}:${t.lastIncomingAt}` === item.occasion,
      );
    }
    default:
      return true;
  }
}

/** When the item shows in the queue: its due time, or the end of its snooze. */
export const effectiveDueAt = (item: CareItem): number =>
  item.state === 'snoozed' && item.snoozeUntil !== undefined ? item.snoozeUntil : item.dueAt;

/** Open and due, or snoozed and the snooze is over. */
export const isDue = (item: CareItem, now: number): boolean =>
  (item.state === 'open' || item.state === 'snoozed') && effectiveDueAt(item) <= now;

/** Kinds due on a day (birthday, thank-you…) vs. at a time (reminder, unanswered). */
const TIMED: ReadonlySet<CareKind> = new Set(['reminder', 'unanswered']);
const HOUR = 3_600_000;

/**
 * Overdue: a day-based item from before today (shop-local), a timed one (reminder,
 * unanswered) more than an hour past its time.
 */
export function isOverdue(item: CareItem, now: number, utcOffsetMinutes: number): boolean {
  const due = effectiveDueAt(item);
  if (TIMED.has(item.kind)) return now - due > HOUR;
  return due < localDayStart(now, utcOffsetMinutes);
}

export interface QueueOptions {
  /** `mine`: assigned to `me` or to nobody; `team`: everyone's. */
  scope: 'mine' | 'team';
  /** The member id of this agent; absent (local-only): every item is theirs. */
  me?: string | undefined;
}

export const isMine = (item: CareItem, me: string | undefined): boolean =>
  me === undefined || item.assignee === undefined || item.assignee === me;

/**
 * The queue: the due items in scope, oldest due first (ties by id, so the order is
 * stable), and their count by kind.
 */
export function buildQueue(
  items: Iterable<CareItem>,
  now: number,
  options: QueueOptions,
): { due: CareItem[]; counts: Partial<Record<CareKind, number>> } {
  const due: CareItem[] = [];
  for (const item of items) {
    if (!isDue(item, now)) continue;
    if (options.scope === 'mine' && !isMine(item, options.me)) continue;
    due.push(item);
  }
  due.sort(
    (a, b) => effectiveDueAt(a) - effectiveDueAt(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { due, counts: countByKind(due) };
}

export function countByKind(items: Iterable<CareItem>): Partial<Record<CareKind, number>> {
  const counts: Partial<Record<CareKind, number>> = {};
  for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  return counts;
}
