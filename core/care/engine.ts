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
  kind: Exclude<CareKind, 'reminder'>;
  occasion: string;
  dueAt: number;
  reason: CareReason;
  templateId?: string | undefined;
}

function candidates(
  facts: CareFacts,
  rules: CareRules,
  now: number,
  ctx: CareContext,
): Candidate[] {
  const offset = rules.utcOffsetMinutes;
  const out: Candidate[] = [];
  for (const [kind, rule] of [
    ['thank-you', rules.thankYou],
    ['check-in', rules.checkIn],
  ] as const) {
    if (!rule.on) continue;
    for (const o of facts.orders) {
      if (o.status !== 'delivered') continue;
      const deliveredAt = o.deliveredAt ?? o.placedAt;
      out.push({
        kind,
        occasion: o.id,
        dueAt: localDayStart(deliveredAt, offset) + rule.days * DAY,
        reason: { kind, orderId: o.id, orderCode: o.code, deliveredAt },
        templateId: rule.templateId,
      });
    }
  }
  const birthday = rules.birthday.on ? storedBirthday(facts.birthday) : null;
  if (birthday) {
    const year = Number(dayKey(now, offset).slice(0, 4));
    for (const y of [year - 1, year, year + 1]) {
      const [month, day] = birthdayIn(birthday, y);
      // Local midnight of that day in the shop's clock.
      const dueAt = Date.UTC(y, month - 1, day) - offset * 60_000;
      out.push({
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
    out.push({
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
      out.push({
        kind: 'win-back',
        occasion: dayKey(lapseStart, offset),
        dueAt: lapseStart,
        reason: { kind: 'win-back', lastOrderAt: last, lapsedDays: ctx.lapsedAfterDays + 1 },
        templateId: rules.winBack.templateId,
      });
    }
  }
  if (rules.unanswered.on) {
    for (const t of facts.threads ?? []) {
      if (t.lastDirection !== 'in' || t.lastIncomingAt === undefined) continue;
      out.push({
        kind: 'unanswered',
        occasion: `${t.identityId}:${t.lastIncomingAt}`,
        dueAt: dueAfterOpenMinutes(
          t.lastIncomingAt,
          rules.unanswered.minutes,
          rules.openingHours,
          offset,
        ),
        reason: { kind: 'unanswered', since: t.lastIncomingAt, platform: t.platform },
        templateId: rules.unanswered.templateId,
      });
    }
  }
  return out;
}

const toItem = (customerId: string, c: Candidate, now: number): CareItem => ({
  id: careItemId(customerId, c.kind, c.occasion),
  customerId,
  kind: c.kind,
  occasion: c.occasion,
  dueAt: c.dueAt,
  state: 'open',
  reason: c.reason,
  ...(c.templateId ? { templateId: c.templateId } : {}),
  updatedAt: now,
});

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
  const seen = new Set<string>();
  const items: CareItem[] = [];
  for (const c of candidates(facts, rules, now, ctx)) {
    if (c.dueAt > now + LEAD_MS || c.dueAt < now - STALE_AFTER_DAYS[c.kind] * DAY) continue;
    const item = toItem(facts.customerId, c, now);
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(item);
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
  return new Set(
    candidates(facts, rules, now, ctx).map((c) => careItemId(facts.customerId, c.kind, c.occasion)),
  );
}

export interface CareReconcile {
  /** New items to store (none with an id already stored). */
  add: CareItem[];
  /** Stored open or snoozed items whose reason is gone. */
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
  const have = new Set(stored.map((i) => i.id));
  const add = itemsForCustomer(facts, rules, now, ctx).filter((i) => !have.has(i.id));
  const valid = validItemIds(facts, rules, now, ctx);
  const remove = stored
    .filter(
      (i) =>
        i.kind !== 'reminder' &&
        (i.state === 'open' || i.state === 'snoozed') &&
        i.customerId === facts.customerId &&
        !valid.has(i.id),
    )
    .map((i) => i.id);
  return { add, remove };
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
