// The care queue's storage: items in `careItems` (made once per customer, rule and
// occasion), the last word of each conversation in `careThreads` (for `unanswered`), the
// rules in `settings`. Items are kept current one customer at a time (a snapshot, an order,
// a birthday, a merge) and by a daily pass over everyone for the rules that only time
// moves (a birthday today, a lapse, the thank-you day reached). Rules are pure
// (core/care/engine); this module reads facts and writes what they say.
import { formatBirthday, parseBirthdayVN } from '@/core/birthday';
import {
  buildQueue,
  type CareFacts,
  type CareThreadFact,
  isDue,
  isMine,
  isOverdue,
  reconcileCustomer,
} from '@/core/care/engine';
import { type CareRules, careRulesOf, validateCareRules } from '@/core/care/rules';
import {
  type CareAct,
  type CareItem,
  type CareQueue,
  type CareQueueEntry,
  type CareTarget,
  careItemId,
  type ReminderRequest,
} from '@/core/care/types';
import { displayPhoneVN } from '@/core/phone-format';
import { parseRecognitionSettings } from '@/core/settings';
import type { ConversationSnapshot } from '@/core/snapshot';
import type { MutationOf } from '@/core/sync/mutations';
import { fillTemplate } from '@/core/templates';
import { lastTierUp, type TiersConfig } from '@/core/tiers';
import type { KqDb } from './db';
import { backgroundTurn } from './foreground';
import { groupByCustomer } from './group-by-customer';
import { UnknownRowError } from './labels';
import { customerUpsertData } from './mutation-data';
import { enqueueMany, outboxTables, stamp } from './outbox';
import type { CareThreadRow, CustomerRow, IdentityRow, OrderRow } from './schema';
import { RECOGNITION_SETTINGS_KEY, TIERS_KEY, tiersOf } from './settings';
import { customerVars, listTemplates, replySettingsOf } from './templates';

export const CARE_RULES_KEY = 'care.rules';
/** The shop-local day (YYYY-MM-DD) of the last full pass. */
export const CARE_FULL_PASS_KEY = 'care.fullPass';

export class CareError extends Error {
  override name = 'CareError';
}

export async function careRules(db: KqDb): Promise<CareRules> {
  return careRulesOf((await db.settings.get(CARE_RULES_KEY))?.value);
}

interface CareSettings {
  rules: CareRules;
  lapsedAfterDays: number;
  tiers: TiersConfig;
}

async function careSettings(db: KqDb): Promise<CareSettings> {
  // The tier ladder is the manager's (storage/pipeline saves it under TIERS_KEY).
  const [rules, recognition, tiers] = await db.settings.bulkGet([
    CARE_RULES_KEY,
    RECOGNITION_SETTINGS_KEY,
    TIERS_KEY,
  ]);
  const parsed = parseRecognitionSettings(recognition?.value);
  return {
    rules: careRulesOf(rules?.value),
    lapsedAfterDays: parsed.ok ? parsed.settings.lapsedAfterDays : 90,
    tiers: tiersOf(tiers?.value),
  };
}

/** Validates and stores the rules (template ids checked against the shop's templates). */
export async function saveCareRules(
  db: KqDb,
  input: unknown,
): Promise<{ ok: true; rules: CareRules } | { ok: false; error: string }> {
  const known = new Set((await listTemplates(db)).map((t) => t.id));
  // A partial save keeps what was stored for the rules it does not name.
  const stored = (await db.settings.get(CARE_RULES_KEY))?.value;
  const base = careRulesOf(stored);
  let merged: unknown = input;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const given = input as Record<string, unknown>;
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(given)) {
      const prev = (base as Record<string, unknown>)[k];
      out[k] =
        v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object'
          ? { ...prev, ...v }
          : v;
    }
    merged = out;
  }
  // Template ids are checked only where the input names one (a default the shop deleted
  // simply gives no suggested text).
  const r = validateCareRules(merged, known);
  if (!r.ok) {
    const named = r.issues.filter(
      (i) => !i.field.endsWith('.templateId') || templateNamed(input, i.field),
    );
    if (named.length) return { ok: false, error: named.map((i) => i.message).join('; ') };
    const lenient = validateCareRules(merged);
    if (!lenient.ok) return { ok: false, error: lenient.error };
    await db.settings.put({ key: CARE_RULES_KEY, value: lenient.rules });
    return { ok: true, rules: lenient.rules };
  }
  await db.settings.put({ key: CARE_RULES_KEY, value: r.rules });
  return { ok: true, rules: r.rules };
}

function templateNamed(input: unknown, field: string): boolean {
  const key = field.split('.')[0]!;
  const part = (input as Record<string, unknown> | null)?.[key];
  return !!part && typeof part === 'object' && 'templateId' in part;
}

// ---------------------------------------------------------------------------------------
// Facts

/** The last non-system message of a snapshot: who wrote last, and when. */
function lastWord(
  snapshot: ConversationSnapshot,
  previous: CareThreadRow | undefined,
  now: number,
): Pick<CareThreadRow, 'lastDirection' | 'lastIncomingAt'> | null {
  for (let i = snapshot.messages.length - 1; i >= 0; i -= 1) {
    const m = snapshot.messages[i]!;
    if (m.direction === 'system' || m.automated) continue;
    if (m.direction === 'out') return { lastDirection: 'out' };
    // A message without a time keeps the time we first saw it as the last word.
    const at =
      m.at ??
      (previous?.lastDirection === 'in' && previous.lastIncomingAt !== undefined
        ? previous.lastIncomingAt
        : now);
    return { lastDirection: 'in', lastIncomingAt: at };
  }
  return null;
}

const lastWordSeen = new Map<string, string>();

/**
 * After a snapshot was recorded: remember who wrote last in that conversation (a write only
 * when it changed) and bring the customer's items up to date. Off the conversation path:
 * the background calls it once the sidebar has its answer. Group chats and unidentified
 * conversations make no items.
 */
export async function careAfterSnapshot(
  db: KqDb,
  customerId: string,
  snapshot: ConversationSnapshot,
  now = Date.now(),
): Promise<boolean> {
  if (snapshot.isGroup || snapshot.idConfidence !== 'strong') return false;
  // The same last word as the previous snapshot of this thread (a re-render, a switch
  // back): nothing to read or write. A stopped worker forgets this and reads once.
  const key = `${snapshot.platform}|${snapshot.accountId}|${snapshot.externalId}`;
  const lastMessage = snapshot.messages.at(-1);
  const memo = `${customerId}|${snapshot.messages.length}|${lastMessage?.direction}|${lastMessage?.at}|${lastMessage?.text.length}`;
  if (lastWordSeen.get(key) === memo) return false;
  lastWordSeen.set(key, memo);
  if (lastWordSeen.size > 500) lastWordSeen.delete(lastWordSeen.keys().next().value!);
  const identity = await db.identities
    .where('[platform+accountId+externalId]')
    .equals([snapshot.platform, snapshot.accountId, snapshot.externalId])
    .first();
  if (!identity || identity.customerId !== customerId) return false;
  const previous = await db.careThreads.get(identity.id);
  const word = lastWord(snapshot, previous, now);
  if (!word) return false;
  if (
    previous &&
    previous.lastDirection === word.lastDirection &&
    previous.lastIncomingAt === word.lastIncomingAt
  )
    return false;
  await db.careThreads.put({
    id: identity.id,
    platform: identity.platform,
    ...word,
    updatedAt: now,
  });
  const r = await recomputeCustomerCare(db, customerId, now);
  return r.added + r.removed > 0;
}

const orderFact = (o: OrderRow) => ({
  id: o.id,
  code: o.code,
  placedAt: o.placedAt,
  status: o.status,
  total: o.total,
  ...(o.deliveredAt !== undefined ? { deliveredAt: o.deliveredAt } : {}),
});

function factsOf(
  customer: CustomerRow,
  orders: readonly OrderRow[],
  identities: readonly IdentityRow[],
  threads: readonly (CareThreadRow | undefined)[],
  settings: CareSettings,
  now: number,
): CareFacts {
  // The last crossing into a higher tier (only a customer with kept orders can have one).
  const up =
    settings.rules.tierUp.on && orders.length > 0 ? lastTierUp(orders, settings.tiers, now) : null;
  const threadFacts: CareThreadFact[] = [];
  threads.forEach((t, i) => {
    if (!t) return;
    threadFacts.push({
      identityId: identities[i]!.id,
      platform: t.platform,
      lastDirection: t.lastDirection,
      ...(t.lastIncomingAt !== undefined ? { lastIncomingAt: t.lastIncomingAt } : {}),
    });
  });
  return {
    customerId: customer.id,
    ...(customer.birthday ? { birthday: customer.birthday } : {}),
    orders: orders.map(orderFact),
    threads: threadFacts,
    ...(up ? { tierUp: { from: up.from.id, to: up.to.id, at: up.at } } : {}),
  };
}

const careTables = (db: KqDb) => [
  db.careItems,
  db.customers,
  db.orders,
  db.identities,
  db.careThreads,
  db.settings,
];

/**
 * One customer's items brought up to date: new occasions added, open items whose reason is
 * gone removed, everything else (done, snoozed, reminders) left alone. A customer that no
 * longer exists here hands its open items on as orphans do: to the customer it was merged
 * into (a teammate's reminder for them survives the merge), else they go. Idempotent.
 */
export async function recomputeCustomerCare(
  db: KqDb,
  customerId: string,
  now = Date.now(),
): Promise<{ added: number; removed: number }> {
  const r = await recomputeStored(db, customerId, now);
  if (!('orphans' in r)) return r;
  return { added: 0, removed: await removeOrphans(db, r.orphans) };
}

/**
 * Customers recomputed while a full pass's chunk is between its read and its write, one set
 * per chunk in flight: the pass leaves them alone, since they were just reconciled from
 * facts newer than the ones it read (its write would undo that).
 */
const chunksInFlight = new Set<Set<string>>();

async function recomputeStored(
  db: KqDb,
  customerId: string,
  now: number,
): Promise<{ added: number; removed: number } | { orphans: CareItem[] }> {
  for (const recomputed of chunksInFlight) recomputed.add(customerId);
  return db.transaction('rw', careTables(db), async () => {
    const [customer, orders, identities, stored, settings] = await Promise.all([
      db.customers.get(customerId),
      db.orders.where('customerId').equals(customerId).toArray(),
      db.identities.where('customerId').equals(customerId).toArray(),
      db.careItems.where('customerId').equals(customerId).toArray(),
      careSettings(db),
    ]);
    if (!customer)
      return { orphans: stored.filter((i) => i.state === 'open' || i.state === 'snoozed') };
    const threads = await db.careThreads.bulkGet(identities.map((i) => i.id));
    const facts = factsOf(customer, orders, identities, threads, settings, now);
    const { add, remove } = reconcileCustomer(stored, facts, settings.rules, now, {
      lapsedAfterDays: settings.lapsedAfterDays,
    });
    if (remove.length) await db.careItems.bulkDelete(remove);
    if (add.length) await db.careItems.bulkAdd(add);
    return { added: add.length, removed: remove.length };
  });
}

/** Customers a full pass reads per transaction. */
const PASS_CHUNK = 500;

export interface PassOptions {
  /** Waits for the pass's turn before each chunk (default: a quiet conversation path). */
  turn?: () => Promise<void>;
  chunkSize?: number;
  /** For tests: runs between a chunk's read and its write. */
  afterRead?: () => Promise<void>;
}

/**
 * Every customer's items, for the rules only time moves (and after the rules or an import
 * changed): run once a shop-local day by the care alarm, and after saving rules or an
 * import. Reads customers in chunks by id; items of customers that no longer exist go too.
 *
 * Each chunk waits for a quiet moment on the conversation path (storage/foreground.ts), is
 * read in a read-only transaction and written in one that holds only the care items: a
 * conversation switch never waits behind a write to the customer tables, and at most behind
 * one chunk's reads. The write reconciles against the items as they are then, so an item
 * a snapshot or the agent changed between the two transactions is not lost, and skips a
 * customer recomputed in between (from facts newer than the chunk's: `chunksInFlight`).
 */
export async function rebuildAllCare(
  db: KqDb,
  now = Date.now(),
  { turn = backgroundTurn, chunkSize = PASS_CHUNK, afterRead }: PassOptions = {},
): Promise<{ customers: number; added: number; removed: number }> {
  const settings = await careSettings(db);
  const ctx = { lapsedAfterDays: settings.lapsedAfterDays };
  let after: string | undefined;
  let customers = 0;
  let added = 0;
  let removed = 0;
  for (;;) {
    await turn();
    const recomputed = new Set<string>();
    chunksInFlight.add(recomputed);
    try {
      const step = await passChunk(recomputed);
      if (step === 'done') break;
    } finally {
      chunksInFlight.delete(recomputed);
    }
  }
  await turn();
  removed += await removeOrphans(db);
  return { customers, added, removed };

  async function passChunk(recomputed: ReadonlySet<string>): Promise<'done' | 'more'> {
    const read = await db.transaction(
      'r',
      [db.customers, db.orders, db.identities, db.careThreads],
      async () => {
        const chunk = await (after === undefined
          ? db.customers.orderBy('id')
          : db.customers.where('id').above(after)
        )
          .limit(chunkSize)
          .toArray();
        if (chunk.length === 0) return null;
        const ids = chunk.map((c) => c.id);
        const [orders, identities] = await Promise.all([
          db.orders.where('customerId').anyOf(ids).toArray(),
          db.identities.where('customerId').anyOf(ids).toArray(),
        ]);
        const threads = await db.careThreads.bulkGet(identities.map((i) => i.id));
        return { chunk, orders, identities, threads };
      },
    );
    if (!read) return 'done';
    await afterRead?.();
    const { chunk, orders, identities, threads } = read;
    after = chunk[chunk.length - 1]!.id;
    const ordersOf = groupByCustomer(orders);
    const threadOf = new Map(identities.map((i, k) => [i.id, threads[k]]));
    const identitiesOf = groupByCustomer(identities);
    const facts = chunk.map((c) => {
      const ids = identitiesOf.get(c.id) ?? [];
      return factsOf(
        c,
        ordersOf.get(c.id) ?? [],
        ids,
        ids.map((i) => threadOf.get(i.id)),
        settings,
        now,
      );
    });
    const r = await db.transaction('rw', [db.careItems], async () => {
      const storedOf = groupByCustomer(
        await db.careItems
          .where('customerId')
          .anyOf(chunk.map((c) => c.id))
          .toArray(),
      );
      const adds: CareItem[] = [];
      const removes: string[] = [];
      for (const f of facts) {
        if (recomputed.has(f.customerId)) continue;
        const r = reconcileCustomer(storedOf.get(f.customerId) ?? [], f, settings.rules, now, ctx);
        adds.push(...r.add);
        removes.push(...r.remove);
      }
      if (removes.length) await db.careItems.bulkDelete(removes);
      if (adds.length) await db.careItems.bulkAdd(adds);
      return { added: adds.length, removed: removes.length };
    });
    customers += chunk.length;
    added += r.added;
    removed += r.removed;
    return chunk.length < chunkSize ? 'done' : 'more';
  }
}

const openAndSnoozed = (db: KqDb): Promise<CareItem[]> =>
  db.transaction('r', [db.careItems], async () =>
    (
      await db.careItems
        .where('[state+dueAt]')
        .between(['open', -Infinity], ['open', Infinity])
        .toArray()
    ).concat(
      await db.careItems
        .where('[state+dueAt]')
        .between(['snoozed', -Infinity], ['snoozed', Infinity])
        .toArray(),
    ),
  );

/**
 * Open items whose customer is gone (deleted by an import's undo, or merged by a link the
 * snapshot path made): follow an active merge to its target, else delete. Never left to
 * open the wrong conversation.
 */
export async function removeOrphans(db: KqDb, items?: CareItem[]): Promise<number> {
  // The common case (every customer still there) is answered read-only: no write lock on
  // customers that a snapshot would wait behind. The write gets only the items whose
  // customer is gone, and checks again under its lock.
  const candidates = items ?? (await openAndSnoozed(db));
  const candidateIds = [...new Set(candidates.map((i) => i.customerId))];
  const found = await db.customers.bulkGet(candidateIds);
  const gone = new Set(candidateIds.filter((_, k) => !found[k]));
  if (gone.size === 0) return 0;
  const orphans = candidates.filter((i) => gone.has(i.customerId));
  return db.transaction('rw', [db.careItems, db.customers, db.merges], async () => {
    const ids = [...new Set(orphans.map((i) => i.customerId))];
    const customers = await db.customers.bulkGet(ids);
    const missing = new Set(ids.filter((_, k) => !customers[k]));
    if (missing.size === 0) return 0;
    let changed = 0;
    for (const sourceId of missing) {
      const merges = await db.merges.where('sourceId').equals(sourceId).toArray();
      const active = merges.find((m) => m.undoneAt === undefined);
      const target = active && (await db.customers.get(active.targetId));
      changed += target
        ? (await moveItemsIn(db, sourceId, target.id, Date.now())).moved
        : await deleteOpenOf(db, sourceId);
    }
    return changed;
  });
}

async function deleteOpenOf(db: KqDb, customerId: string): Promise<number> {
  const items = await db.careItems.where('customerId').equals(customerId).toArray();
  const open = items.filter((i) => i.state === 'open' || i.state === 'snoozed');
  await db.careItems.bulkDelete(open.map((i) => i.id));
  return open.length;
}

// ---------------------------------------------------------------------------------------
// Merges

async function moveItemsIn(
  db: KqDb,
  sourceId: string,
  targetId: string,
  now: number,
): Promise<{ moved: number }> {
  const items = await db.careItems.where('customerId').equals(sourceId).toArray();
  const fresh = items.map((i) => ({
    ...i,
    id: careItemId(targetId, i.kind, i.occasion),
    customerId: targetId,
    movedFrom: i.movedFrom ?? sourceId,
    updatedAt: now,
  }));
  const existing = await db.careItems.bulkGet(fresh.map((i) => i.id));
  // The target's own item for the same occasion wins (the same thank-you, made twice).
  const moving = fresh.filter((_, k) => !existing[k]);
  await db.careItems.bulkDelete(items.map((i) => i.id));
  await db.careItems.bulkPut(moving);
  return { moved: moving.length };
}

/** After a merge: the source's items (any state) now belong to the target. */
export async function moveCareItems(
  db: KqDb,
  sourceId: string,
  targetId: string,
  now = Date.now(),
): Promise<{ moved: number }> {
  const r = await db.transaction('rw', [db.careItems], () =>
    moveItemsIn(db, sourceId, targetId, now),
  );
  await recomputeCustomerCare(db, targetId, now);
  return r;
}

/** After an unmerge: the items that came from `sourceId` go back to it. */
export async function unmoveCareItems(
  db: KqDb,
  targetId: string,
  sourceId: string,
  now = Date.now(),
): Promise<{ moved: number }> {
  const r = await db.transaction('rw', [db.careItems], async () => {
    const items = (await db.careItems.where('customerId').equals(targetId).toArray()).filter(
      (i) => i.movedFrom === sourceId,
    );
    const back = items.map(({ movedFrom: _, ...i }) => ({
      ...i,
      id: careItemId(sourceId, i.kind, i.occasion),
      customerId: sourceId,
      updatedAt: now,
    }));
    await db.careItems.bulkDelete(items.map((i) => i.id));
    await db.careItems.bulkPut(back);
    return { moved: back.length };
  });
  await recomputeCustomerCare(db, sourceId, now);
  await recomputeCustomerCare(db, targetId, now);
  return r;
}

// ---------------------------------------------------------------------------------------
// The queue

/** Open items due by `now` and snoozed items whose snooze ended, through the index. */
export async function dueItems(db: KqDb, now: number): Promise<CareItem[]> {
  const [open, snoozed] = await Promise.all([
    db.careItems
      .where('[state+dueAt]')
      .between(['open', -Infinity], ['open', now], true, true)
      .toArray(),
    db.careItems
      .where('[state+dueAt]')
      .between(['snoozed', -Infinity], ['snoozed', Infinity])
      .toArray(),
  ]);
  return [...open, ...snoozed.filter((i) => isDue(i, now))];
}

/** Meta: the thread's inbox URL; Zalo: the name or phone for Zalo's own search box. */
export function careTarget(customer: CustomerRow, identity: IdentityRow | undefined): CareTarget {
  if (!identity) return null;
  const asset = encodeURIComponent(identity.accountId);
  const thread = encodeURIComponent(identity.externalId);
  if (identity.platform === 'messenger')
    return {
      platform: 'messenger',
      url: `https://business.facebook.com/latest/inbox/all?asset_id=${asset}&selected_item_id=${thread}`,
    };
  if (identity.platform === 'instagram')
    // Instagram DMs live in their own tab, told apart by thread_type (platforms guide §1.2).
    return {
      platform: 'instagram',
      url: `https://business.facebook.com/latest/inbox/instagram_direct?asset_id=${asset}&selected_item_id=${thread}&thread_type=IG_MESSAGE&mailbox_id=${asset}`,
    };
  const phone = customer.phones[0];
  const search = phone ? displayPhoneVN(phone) : identity.displayName || customer.displayName;
  return {
    platform: 'zalo',
    search,
    ...(identity.accountId ? { accountId: identity.accountId } : {}),
  };
}

/** The identity an item opens: the conversation it is about, else the latest seen. */
function identityFor(item: CareItem, identities: readonly IdentityRow[]): IdentityRow | undefined {
  if (item.kind === 'unanswered') {
    const id = item.occasion.slice(0, item.occasion.lastIndexOf(':'));
    const own = identities.find((i) => i.id === id);
    if (own) return own;
  }
  let best: IdentityRow | undefined;
  for (const i of identities)
    if (i.idConfidence === 'strong' && (!best || i.lastSeenAt > best.lastSeenAt)) best = i;
  return best;
}

export interface QueueWho {
  scope: 'mine' | 'team';
  /** This agent's member id when connected. */
  me?: string | undefined;
  memberName?: string | undefined;
}

/** Entries a queue carries at most (the counts cover everything due). */
export const QUEUE_LIMIT = 200;

/** Decorates items as queue entries: the customer's name, where to open, the filled text. */
async function entriesFor(
  db: KqDb,
  items: CareItem[],
  now: number,
  rules: CareRules,
  memberName: string | undefined,
): Promise<CareQueueEntry[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((i) => i.customerId))];
  const [customers, identities, templates, settings] = await Promise.all([
    db.customers.bulkGet(ids),
    db.identities.where('customerId').anyOf(ids).toArray(),
    listTemplates(db, now),
    replySettingsOf(db),
  ]);
  const customerOf = new Map(ids.map((id, k) => [id, customers[k]]));
  const identitiesOf = groupByCustomer(identities);
  const bodyOf = new Map(templates.map((t) => [t.id, t.body]));
  const varsOf = new Map<string, Awaited<ReturnType<typeof customerVars>>>();
  const entries: CareQueueEntry[] = [];
  for (const item of items) {
    const customer = customerOf.get(item.customerId);
    if (!customer) continue;
    const body = item.templateId ? bodyOf.get(item.templateId) : undefined;
    let text: string | undefined;
    if (body) {
      let vars = varsOf.get(customer.id);
      if (!vars) {
        vars = await customerVars(db, {
          customerId: customer.id,
          settings,
          memberName,
          utcOffsetMinutes: rules.utcOffsetMinutes,
        });
        varsOf.set(customer.id, vars);
      }
      text = fillTemplate(body, vars.vars).text;
    }
    entries.push({
      item,
      customerName: customer.displayName,
      target: careTarget(customer, identityFor(item, identitiesOf.get(customer.id) ?? [])),
      ...(text ? { text } : {}),
      overdue: isOverdue(item, now, rules.utcOffsetMinutes),
    });
  }
  return entries;
}

/** The queue for this agent (or the whole team's), due now, oldest first. */
export async function careQueue(
  db: KqDb,
  who: QueueWho,
  now = Date.now(),
  customerId?: string,
): Promise<CareQueue> {
  let items = await dueItems(db, now);
  // A customer merged or deleted since: follow the merge or drop the item first.
  if (await removeOrphans(db, items)) items = await dueItems(db, now);
  if (customerId) items = items.filter((i) => i.customerId === customerId);
  const { due, counts } = buildQueue(items, now, { scope: who.scope, me: who.me });
  const rules = await careRules(db);
  const entries = await entriesFor(db, due.slice(0, QUEUE_LIMIT), now, rules, who.memberName);
  return { entries, counts };
}

/** One item as a queue entry (for opening it), whether due or not; null when unknown. */
export async function careEntry(
  db: KqDb,
  id: string,
  now = Date.now(),
  memberName?: string,
): Promise<CareQueueEntry | null> {
  const item = await db.careItems.get(id);
  if (!item) return null;
  const [entry] = await entriesFor(db, [item], now, await careRules(db), memberName);
  return entry ?? null;
}

/** How many items are due for this agent: the icon badge and the rail. */
export async function dueCounts(
  db: KqDb,
  me: string | undefined,
  now = Date.now(),
): Promise<{ total: number; counts: CareQueue['counts']; due: CareItem[] }> {
  const { due, counts } = buildQueue(await dueItems(db, now), now, { scope: 'mine', me });
  return { total: due.length, counts, due };
}

// ---------------------------------------------------------------------------------------
// Agent actions (each write queues its sync mutation in the same transaction)

export const careStateData = (i: CareItem): MutationOf<'care.state'>['data'] => ({
  id: i.id,
  customerId: i.customerId,
  kind: i.kind,
  occasion: i.occasion,
  dueAt: i.dueAt,
  state: i.state,
  ...(i.snoozeUntil !== undefined ? { snoozeUntil: i.snoozeUntil } : {}),
  ...(i.dismissReason !== undefined ? { dismissReason: i.dismissReason.slice(0, 300) } : {}),
  ...(i.templateId ? { templateId: i.templateId } : {}),
  reason: i.reason as unknown as Record<string, unknown>,
});

/** Done, snooze or dismiss. The item keeps its id: nothing ever makes it again. */
export async function actOnCareItem(db: KqDb, act: CareAct, now = Date.now()): Promise<CareItem> {
  return db.transaction('rw', [db.careItems, ...outboxTables(db)], async () => {
    const item = await db.careItems.get(act.id);
    if (!item) throw new UnknownRowError(`id: no care item ${act.id}`);
    const { snoozeUntil: _s, dismissReason: _d, ...rest } = item;
    let next: CareItem;
    if (act.action === 'done') next = { ...rest, state: 'done', updatedAt: now };
    else if (act.action === 'snooze') {
      if (act.until <= now) throw new CareError('until: a snooze must end in the future');
      next = { ...rest, state: 'snoozed', snoozeUntil: act.until, updatedAt: now };
      // A snoozed reminder notifies again when the snooze ends.
      delete next.notifiedAt;
    } else next = { ...rest, state: 'dismissed', dismissReason: act.reason, updatedAt: now };
    const m = stamp('care.state', careStateData(next));
    next.hlc = m.hlc;
    await db.careItems.put(next);
    await enqueueMany(db, [m], now);
    return next;
  });
}

/** "Nhắc tôi": a reminder item for this customer, for me or a teammate. */
export async function addReminder(
  db: KqDb,
  req: ReminderRequest,
  me: { memberId: string } | undefined,
  now = Date.now(),
): Promise<CareItem> {
  if (req.assignee !== undefined && !me)
    throw new CareError('assignee: assigning to a teammate needs a team server connection');
  return db.transaction('rw', [db.careItems, db.customers, ...outboxTables(db)], async () => {
    if (!(await db.customers.get(req.customerId)))
      throw new UnknownRowError(`customerId: no customer ${req.customerId}`);
    const occasion = crypto.randomUUID();
    const assignee = req.assignee ?? me?.memberId;
    const item: CareItem = {
      id: careItemId(req.customerId, 'reminder', occasion),
      customerId: req.customerId,
      kind: 'reminder',
      occasion,
      dueAt: req.dueAt,
      state: 'open',
      reason: { kind: 'reminder', note: req.note, ...(me ? { createdBy: me.memberId } : {}) },
      ...(assignee ? { assignee } : {}),
      updatedAt: now,
    };
    const m = stamp('care.reminder', {
      id: item.id,
      customerId: item.customerId,
      occasion,
      dueAt: item.dueAt,
      note: req.note,
      ...(assignee ? { assignee } : {}),
      ...(me ? { createdBy: me.memberId } : {}),
    });
    item.hlc = m.hlc;
    await db.careItems.add(item);
    await enqueueMany(db, [m], now);
    return item;
  });
}

/**
 * The customer's birthday from whatever the agent typed ('' clears it). Stored as `MM-DD`
 * or `YYYY-MM-DD`, synced with customer.upsert, and the customer's items follow.
 */
export async function setCustomerBirthday(
  db: KqDb,
  customerId: string,
  text: string,
  now = Date.now(),
): Promise<string | null> {
  let birthday: string | null = null;
  if (text.trim()) {
    const parsed = parseBirthdayVN(text, new Date(now));
    if (!parsed.ok) throw new CareError(`birthday: ${parsed.error}`);
    birthday = formatBirthday(parsed);
  }
  await db.transaction('rw', [db.customers, ...outboxTables(db)], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) throw new UnknownRowError(`customerId: no customer ${customerId}`);
    if ((customer.birthday ?? null) === birthday) return;
    const next: CustomerRow = { ...customer, updatedAt: now };
    if (birthday) next.birthday = birthday;
    else delete next.birthday;
    await db.customers.put(next);
    await enqueueMany(
      db,
      [stamp('customer.upsert', { ...customerUpsertData(next), birthday })],
      now,
    );
  });
  await recomputeCustomerCare(db, customerId, now);
  return birthday;
}

/** Reminders and items newly due for me that have not notified on this device yet. */
export async function takeNewlyDue(
  db: KqDb,
  me: string | undefined,
  now = Date.now(),
): Promise<CareItem[]> {
  return db.transaction('rw', [db.careItems], async () => {
    const due = (await dueItems(db, now)).filter(
      (i) => i.kind === 'reminder' && isMine(i, me) && i.notifiedAt === undefined,
    );
    await db.careItems.bulkPut(due.map((i) => ({ ...i, notifiedAt: now })));
    return due;
  });
}

/** Which member ids may see the team's queue: managers and owners, or a local-only shop. */
export const mayViewTeam = (role: 'owner' | 'manager' | 'agent' | undefined): boolean =>
  role === undefined || role === 'owner' || role === 'manager';

export { validateCareRules };

/**
 * On connecting: what the agent did with items while local-only (done, snoozed, dismissed)
 * and their reminders go up, so teammates do not work them again. Open rule items need not:
 * every device makes them from the same facts, with the same ids.
 */
export async function queueCareUpload(db: KqDb, memberId: string, now = Date.now()): Promise<void> {
  const items = await db.careItems.toArray();
  // A reminder made local-only was the agent's own: it stays theirs in the team.
  const mine = items.filter((i) => i.kind === 'reminder' && i.assignee === undefined);
  await db.careItems.bulkPut(mine.map((i) => ({ ...i, assignee: memberId })));
  for (const i of mine) i.assignee = memberId;
  // Each change keeps the stamp of when it was made (not now): a teammate's later change to
  // the same item still wins, as it would have had we been connected all along.
  const asMade = <M extends { hlc: string }>(m: M, i: CareItem): M =>
    i.hlc ? { ...m, hlc: i.hlc } : m;
  const mutations = items.flatMap((i) => {
    const out = [];
    if (i.kind === 'reminder' && i.reason.kind === 'reminder')
      out.push(
        asMade(
          stamp('care.reminder', {
            id: i.id,
            customerId: i.customerId,
            occasion: i.occasion,
            dueAt: i.dueAt,
            note: i.reason.note.slice(0, 500),
            ...(i.assignee ? { assignee: i.assignee } : {}),
          }),
          i,
        ),
      );
    if (i.state !== 'open') out.push(asMade(stamp('care.state', careStateData(i)), i));
    return out;
  });
  await enqueueMany(db, mutations, now);
}
