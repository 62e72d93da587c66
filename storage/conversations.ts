// Turn an adapter's snapshot into stored facts (customer, identity, today's touchpoint,
// phone numbers and e-mails the customer wrote, a cross-platform link) and the view the
// sidebar shows. One transaction per snapshot: a failure leaves the database as it was,
// and the outbox entries for the team server are written in the same transaction.
import { classify } from '@/core/classify';
import { type CustomerView, orderNotes } from '@/core/customer-view';
import { type ContactValues, customerContactValues, messagesOfDay } from '@/core/sightings';
import {
  type ConversationSnapshot,
  type SnapshotMessage,
  ZALO_UNKNOWN_ACCOUNT,
} from '@/core/snapshot';
import type { MutationKind, MutationOf } from '@/core/sync/mutations';
import { dayKey, nameKey, normalizeSpaces } from '@/core/text';
import { type TiersConfig, tierOf } from '@/core/tiers';
import { pageTimeline } from '@/core/timeline';
import { customerFacts, customerFactsTables, customerRows } from './customer-facts';
import type { KqDb } from './db';
import { addContactValues, findFoldTarget, findLinkTarget, type LinkMatch } from './identity-links';
import { mergeCustomers, mergeTables, recordLink } from './merge';
import { customerUpsertData, identityUpsertData } from './mutation-data';
import { enqueue, outboxTables, syncTouchpointId } from './outbox';
import { stageAfterSignals, stageEntries, stageView, tierView } from './pipeline';
import type {
  CustomerRow,
  IdentityRow,
  LabelAssignmentRow,
  LabelRow,
  OrderRow,
  TouchpointRow,
} from './schema';
import { conversationSettings } from './settings';
import { type HistoryRows, historyEntries, historyRows, identityTouchpoints } from './timeline';
import { freshMessages, recordSighting, touchpointId } from './touchpoints';

/** Notes the view carries; a customer with more is an outlier the history pages through. */
export const VIEW_NOTES_LIMIT = 50;

export interface Clock {
  now(): number;
  /** Minutes east of UTC (Vietnam: 420). */
  utcOffsetMinutes(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  utcOffsetMinutes: () => -new Date().getTimezoneOffset(),
};

export const newId = (): string => crypto.randomUUID();

/** The tables one snapshot reads and writes (a link may fold one customer into another). */
const conversationTables = (db: KqDb) => [
  ...new Set([...mergeTables(db), ...customerFactsTables(db), ...outboxTables(db), db.stages]),
];

/** The stored identity for a snapshot's (platform, account, id), if any. */
async function findIdentity(
  db: KqDb,
  snapshot: ConversationSnapshot,
): Promise<IdentityRow | undefined> {
  const key: [string, string, string] = [
    snapshot.platform,
    snapshot.accountId,
    snapshot.externalId,
  ];
  const identity = await db.identities.where('[platform+accountId+externalId]').equals(key).first();
  if (identity || snapshot.platform !== 'zalo') return identity;
  // Zalo customer ids are Zalo-wide. While the logged-in account is unknown on either
  // side (first seen before we knew it, or seen now before we know it), it is the same
  // person: link them (the caller records the account once it is known).
  const candidates = await db.identities
    .where('[platform+externalId]')
    .equals(['zalo', snapshot.externalId])
    .toArray();
  return candidates.find(
    (c) => c.accountId === ZALO_UNKNOWN_ACCOUNT || snapshot.accountId === ZALO_UNKNOWN_ACCOUNT,
  );
}

/**
 * The customer's messages worth searching for a phone number or e-mail: all of them for an
 * identity seen for the first time; otherwise only what is new since we last looked
 * (messages today's touchpoint has not seen, and messages dated between the last sighting
 * and today), so a long thread is not re-read on every render. Group chats carry other
 * people's numbers: never searched.
 */
function messagesToSearch(
  snapshot: ConversationSnapshot,
  identity: IdentityRow | undefined,
  touchpoints: readonly TouchpointRow[],
  touchpoint: TouchpointRow | undefined,
  dayMessages: ReturnType<typeof messagesOfDay>,
  day: string,
  offset: number,
): SnapshotMessage[] {
  if (snapshot.isGroup) return [];
  if (!identity) return snapshot.messages.filter((m) => m.direction === 'in');
  const fresh = freshMessages(touchpoint, dayMessages).map((m) => m.message);
  // The last sighting of this identity: its latest touchpoint (rows older than v4 may
  // only have it on the identity).
  const since = touchpoints.reduce(
    (max, t) => (t.identityId === identity.id ? Math.max(max, t.lastAt) : max),
    identity.lastSeenAt,
  );
  const between = snapshot.messages.filter(
    (m) =>
      m.direction === 'in' &&
      m.at !== undefined &&
      m.at > since &&
      dayKey(m.at, offset) < day &&
      !fresh.includes(m),
  );
  return [...between, ...fresh.filter((m) => m.direction === 'in')];
}

function newCustomer(
  snapshot: ConversationSnapshot,
  displayName: string,
  now: number,
  values: ContactValues,
): CustomerRow {
  const customer: CustomerRow = {
    id: newId(),
    displayName,
    nameKey: nameKey(displayName),
    phones: [],
    emails: [],
    firstSeenAt: now,
    firstSeenPlatform: snapshot.platform,
    lastSeenAt: now,
    createdAt: now,
    updatedAt: now,
  };
  addContactValues(customer, values);
  return customer;
}

export interface RecordOptions {
  /**
   * Answer with the first page of the customer's history (this many entries), read in the
   * same transaction: the sidebar shows it with the badge, at the cost of one more round
   * trip instead of a second transaction. 0 or absent: no history.
   */
  historyLimit?: number;
  /**
   * Called with the view as soon as it is computed, before the transaction's writes have
   * committed, so the caller can answer while the commit finishes. The promise returned by
   * recordConversation still settles only after the commit (rejecting if it failed).
   */
  onView?: (view: CustomerView, rows: ViewRows) => void;
}

/** Rows the view was made from, handed over so the caller need not read them again. */
export interface ViewRows {
  customer: CustomerRow;
  orders: OrderRow[];
  assignments: LabelAssignmentRow[];
  labels: LabelRow[];
  tiers: TiersConfig;
}

export async function recordConversation(
  db: KqDb,
  snapshot: ConversationSnapshot,
  clock: Clock = systemClock,
  options: RecordOptions = {},
): Promise<CustomerView> {
  const historyLimit = options.historyLimit ?? 0;
  const now = clock.now();
  const offset = clock.utcOffsetMinutes();
  const day = dayKey(now, offset);
  const displayName = normalizeSpaces(snapshot.displayName);
  if (snapshot.idConfidence === 'weak') return unconfirmedView(snapshot, displayName, now, offset);
  // Pure work first, outside the transaction (IndexedDB commits idle transactions).
  const dayMessages = messagesOfDay(snapshot.messages, day, offset);

  return db.transaction('rw', conversationTables(db), async () => {
    // IndexedDB costs a round trip per await, not per request: every read that does not
    // depend on another goes out together, and writes are awaited once, at the end.
    const writes: Promise<unknown>[] = [];
    // Marked handled now (awaited below): a failure still aborts the transaction and is
    // thrown from the final await, without an "unhandled rejection" in between.
    const write = (p: Promise<unknown>) => {
      writes.push(p);
      p.catch(() => undefined);
    };
    // Round trip 1: the identity, the settings, the label catalog.
    const [found, settings, labelRows] = await Promise.all([
      findIdentity(db, snapshot),
      conversationSettings(db),
      db.labels.toArray(),
    ]);
    const queue = <K extends MutationKind>(kind: K, data: MutationOf<K>['data']) => {
      if (settings.connected) write(enqueue(db, kind, data, now));
    };
    let identity = found;
    const accountLearned =
      identity !== undefined &&
      identity.accountId !== snapshot.accountId &&
      snapshot.accountId !== ZALO_UNKNOWN_ACCOUNT;
    if (identity && accountLearned) identity.accountId = snapshot.accountId;
    // Round trip 2: the identity's customer, today's touchpoint, the history's rows, the
    // customer's pipeline stage.
    const [loaded, existingTouchpoint, loadedHistory, loadedStage] = identity
      ? await Promise.all([
          customerRows(db, identity.customerId),
          db.touchpoints.get(touchpointId(identity.id, day)),
          historyLimit > 0
            ? historyRows(db, identity.customerId, { texts: settings.keepText })
            : undefined,
          db.stages.get(identity.customerId),
        ])
      : [undefined, undefined, undefined, undefined];
    // The history's last read (touchpoints through the customer's identities) goes out
    // now, ahead of this snapshot's writes, so the view never waits for them.
    const byIdentity = loadedHistory
      ? identityTouchpoints(db, loadedHistory.identities)
      : undefined;
    byIdentity?.catch(() => undefined);
    const stored = loaded?.customer;
    const values = customerContactValues(
      messagesToSearch(
        snapshot,
        stored ? identity : undefined,
        loaded?.touchpoints ?? [],
        existingTouchpoint,
        dayMessages,
        day,
        offset,
      ),
      snapshot.messages,
    );

    let customer = stored;
    // The customer's rows as loaded; undefined once they describe another customer (the
    // identity was linked or folded), read again after the writes.
    let rows = loaded;
    let link: LinkMatch | null = null;
    let created = false;
    let linkedFrom: CustomerRow | undefined;
    let targetBefore: CustomerRow | undefined;
    if (!customer) {
      // A new identity, or one whose customer row went missing (older versions could
      // leave orphans): join the customer its phone / e-mail points to, or start one.
      link = await findLinkTarget(db, values, snapshot);
      if (link) {
        customer = link.customer;
        targetBefore = { ...customer };
        // The customer this identity would have started, kept in the link record only.
        linkedFrom = newCustomer(snapshot, displayName, now, values);
        rows = undefined;
      } else {
        customer = newCustomer(snapshot, displayName, now, values);
        created = true;
        rows = { customer, touchpoints: [], orders: [], assignments: [] };
        write(db.customers.add(customer));
        queue('customer.upsert', customerUpsertData(customer));
      }
    } else if (identity && (values.phones.length > 0 || values.emails.length > 0)) {
      // A known identity wrote a number another customer carries. A customer that is only
      // this identity's sightings folds into that one (a recorded, undoable merge).
      const fold = await findFoldTarget(db, customer, values, snapshot);
      if (fold) {
        await mergeCustomers(db, fold.customer.id, customer.id, now, {
          by: fold.by,
          value: fold.value,
        });
        customer = (await db.customers.get(fold.customer.id))!;
        identity = (await db.identities.get(identity.id))!;
        rows = undefined;
      }
    }
    // Customers and identities are written only when they change in substance; when they
    // were last seen is what the touchpoints say (one row per identity per day), so an
    // ordinary sighting writes one row, and a re-read writes none.
    if (!created) {
      let changed = addContactValues(customer, values);
      // Only the identity that started the customer renames it; a linked identity (another
      // platform, another name) keeps its own name on the identity row.
      const renames = !link && !identity?.link;
      if (renames && displayName && customer.displayName !== displayName) {
        customer.displayName = displayName;
        customer.nameKey = nameKey(displayName);
        changed = true;
      }
      if (changed) {
        customer.lastSeenAt = Math.max(customer.lastSeenAt, now);
        customer.updatedAt = now;
        write(db.customers.put(customer));
        queue('customer.upsert', customerUpsertData(customer));
      }
    }

    const linkFact = link ? { by: link.by, value: link.value, at: now } : undefined;
    let identityBefore: IdentityRow;
    if (!identity) {
      identity = {
        id: newId(),
        customerId: customer.id,
        platform: snapshot.platform,
        accountId: snapshot.accountId,
        externalId: snapshot.externalId,
        idConfidence: snapshot.idConfidence,
        displayName,
        firstSeenAt: now,
        lastSeenAt: now,
        ...(snapshot.avatarUrl ? { avatarUrl: snapshot.avatarUrl } : {}),
      } satisfies IdentityRow;
      identityBefore = { ...identity };
      if (linkFact) identity.link = linkFact;
      write(db.identities.add(identity));
      queue('identity.upsert', identityUpsertData(identity));
    } else {
      identityBefore = { ...identity };
      const changed =
        accountLearned ||
        identity.customerId !== customer.id ||
        (displayName !== '' && identity.displayName !== displayName);
      if (changed || linkFact) {
        identity.customerId = customer.id;
        identity.lastSeenAt = now;
        if (displayName) identity.displayName = displayName;
        if (linkFact) identity.link = linkFact;
        write(db.identities.put(identity));
      }
      if (changed) queue('identity.upsert', identityUpsertData(identity));
    }
    if (link && linkedFrom && targetBefore) {
      // Recorded as a merge of the customer it would have started, so the agent can undo it.
      write(
        recordLink(db, {
          reason: { by: link.by, value: link.value },
          source: linkedFrom,
          targetBefore,
          targetAfter: { ...customer },
          identity: { ...identityBefore, customerId: linkedFrom.id },
          now,
        }),
      );
    }

    const sighting = recordSighting(db, {
      customerId: customer.id,
      identity,
      day,
      now,
      dayMessages,
      existing: existingTouchpoint,
      keepText: settings.keepText,
    });
    write(sighting.written);
    if (sighting.added > 0) {
      queue('touchpoint.record', {
        id: syncTouchpointId(identity.id, day),
        customerId: customer.id,
        identityId: identity.id,
        platform: identity.platform,
        day,
        at: now,
        count: Math.min(sighting.added, 10_000),
      });
    }

    // Reads issued after the writes see them (requests run in order within a transaction).
    let history: (HistoryRows & { byIdentity?: Promise<TouchpointRow[]> }) | undefined =
      rows && loadedHistory && byIdentity ? { ...loadedHistory, byIdentity } : undefined;
    let stageRow = rows ? loadedStage : undefined;
    if (!rows || (historyLimit > 0 && !history)) {
      const reload = !rows;
      [rows, history, stageRow] = await Promise.all([
        rows ?? customerRows(db, customer.id),
        historyLimit > 0 ? historyRows(db, customer.id, { texts: settings.keepText }) : undefined,
        reload ? db.stages.get(customer.id) : stageRow,
      ]);
    }
    // Pipeline (issue 9): a phone on record or the orders may move the customer forward.
    const stageNow = stageAfterSignals(
      stageRow,
      { customerId: customer.id, phones: customer.phones, orders: rows.orders },
      settings.pipeline,
      now,
    );
    if (stageNow && stageNow !== stageRow) write(db.stages.put(stageNow));
    const today = sighting.touchpoint;
    const touchpoints = [...rows.touchpoints.filter((t) => t.id !== today.id), today];
    const facts = customerFacts({
      customer,
      identity,
      touchpoints,
      orders: rows.orders,
      assignments: rows.assignments,
      labels: new Map(labelRows.map((l) => [l.id, l])),
      settings: settings.recognition,
      cuts: settings.rfmCuts,
    });
    const { status, evidence, risk } = classify({
      now,
      idConfidence: snapshot.idConfidence,
      utcOffsetMinutes: offset,
      recordedDays: facts.recordedDays,
      firstSeenAt: customer.firstSeenAt,
      firstSeenPlatform: customer.firstSeenPlatform,
      visible: snapshot.messages,
      orders: facts.orders,
      labels: facts.labels,
      settings: facts.settings,
      ...(facts.rfm ? { rfm: facts.rfm } : {}),
      ...(facts.link ? { link: facts.link } : {}),
    });
    const page = history
      ? pageTimeline(
          customer.id,
          await historyEntries(db, {
            ...history,
            // Texts kept just now, once (a re-read after the writes already has them).
            messages: [
              ...new Map([...history.messages, ...sighting.kept].map((m) => [m.id, m])).values(),
            ],
            touchpoints,
            orders: rows.orders,
            assignments: rows.assignments,
            labels: labelRows,
            stages: stageEntries(settings.pipeline, stageNow),
          }),
          { limit: historyLimit },
        )
      : undefined;
    const view: CustomerView = {
      customerId: customer.id,
      // What the host page shows for this conversation (a linked identity keeps its name).
      displayName: displayName || identity.displayName || customer.displayName,
      status,
      evidence,
      idConfidence: snapshot.idConfidence,
      platforms: facts.platforms,
      firstSeenAt: customer.firstSeenAt,
      lastSeenAt: facts.lastSeenAt,
      contactDays: facts.recordedDays.length,
      health: snapshot.health,
      ...(page ? { history: page } : {}),
      ...(risk ? { risk } : {}),
      phones: customer.phones,
      emails: customer.emails,
      ...(history ? { notes: orderNotes(history.notes).slice(0, VIEW_NOTES_LIMIT) } : {}),
      tier: tierView(tierOf(rows.orders, settings.tiers, now)),
      ...stageView(settings.pipeline, stageNow),
    };
    options.onView?.(view, {
      customer,
      orders: rows.orders,
      assignments: rows.assignments,
      labels: labelRows,
      tiers: settings.tiers,
    });
    await Promise.all(writes);
    return view;
  });
}

/**
 * A customer we cannot identify (no id on the page, only a name): shown as unconfirmed,
 * judged from the visible thread alone, and never stored, so two people who share a name
 * can never end up as one customer.
 */
function unconfirmedView(
  snapshot: ConversationSnapshot,
  displayName: string,
  now: number,
  offset: number,
): CustomerView {
  const { status, evidence } = classify({
    now,
    idConfidence: 'weak',
    utcOffsetMinutes: offset,
    recordedDays: [],
    firstSeenAt: now,
    firstSeenPlatform: snapshot.platform,
    visible: snapshot.messages,
  });
  return {
    customerId: UNCONFIRMED_CUSTOMER_ID,
    displayName,
    status,
    evidence,
    idConfidence: 'weak',
    platforms: [snapshot.platform],
    firstSeenAt: now,
    lastSeenAt: now,
    contactDays: 0,
    health: snapshot.health,
  };
}

/** The customer id a view carries when nobody was identified. */
export const UNCONFIRMED_CUSTOMER_ID = 'unconfirmed';
