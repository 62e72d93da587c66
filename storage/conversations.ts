// Turn an adapter's snapshot into stored facts (customer, identity, today's touchpoint)
// and the view the sidebar shows. A snapshot that only repeats the last sighting is read in a
// read-only transaction; one that has something to store gets one read-write transaction, so
// a failure leaves the database as it was.
import { classify } from '@/core/classify';
import type { CustomerView } from '@/core/customer-view';
import { type ConversationSnapshot, ZALO_UNKNOWN_ACCOUNT } from '@/core/snapshot';
import { dayKey, nameKey, normalizeSpaces } from '@/core/text';
import type { KqDb } from './db';
import type { CustomerRow, IdentityRow, TouchpointRow } from './schema';

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

export async function recordConversation(
  db: KqDb,
  snapshot: ConversationSnapshot,
  clock: Clock = systemClock,
): Promise<CustomerView> {
  const now = clock.now();
  const offset = clock.utcOffsetMinutes();
  const day = dayKey(now, offset);
  const displayName = normalizeSpaces(snapshot.displayName);
  if (snapshot.idConfidence === 'weak') return unconfirmedView(snapshot, displayName, now, offset);
  const key: [string, string, string] = [
    snapshot.platform,
    snapshot.accountId,
    snapshot.externalId,
  ];
  const tables = [db.customers, db.identities, db.touchpoints];

  // The conversation is still open and nothing but the time moved: read, do not write.
  const seen = await db.transaction('r', tables, async () => {
    const identity = await db.identities
      .where('[platform+accountId+externalId]')
      .equals(key)
      .first();
    if (!identity || !sameSighting(identity.lastSeenAt, now)) return undefined;
    if (identity.displayName !== displayName) return undefined;
    const customer = await db.customers.get(identity.customerId);
    if (!customer) return undefined;
    if (displayName && customer.displayName !== displayName) return undefined;
    const touchpoints = await db.touchpoints.where('customerId').equals(customer.id).toArray();
    if (!touchpoints.some((t) => t.id === `${identity.id}|${day}`)) return undefined;
    return { customer, touchpoints };
  });
  if (seen) return customerView(seen.customer, seen.touchpoints, snapshot, now, offset);

  return db.transaction('rw', tables, async () => {
    let identity = await db.identities.where('[platform+accountId+externalId]').equals(key).first();
    if (!identity && snapshot.platform === 'zalo') {
      // Zalo customer ids are Zalo-wide. While the logged-in account is unknown on either
      // side (first seen before we knew it, or seen now before we know it), it is the
      // same person: link them, and record the account once it is known.
      const candidates = await db.identities
        .where('[platform+externalId]')
        .equals(['zalo', snapshot.externalId])
        .toArray();
      identity = candidates.find(
        (c) => c.accountId === ZALO_UNKNOWN_ACCOUNT || snapshot.accountId === ZALO_UNKNOWN_ACCOUNT,
      );
      if (identity && snapshot.accountId !== ZALO_UNKNOWN_ACCOUNT) {
        identity.accountId = snapshot.accountId;
      }
    }
    let customer: CustomerRow | undefined;

    if (identity) {
      customer = await db.customers.get(identity.customerId);
    }
    if (!customer) {
      // A new person, or an identity whose customer row went missing (older versions
      // could leave orphans): give it a fresh customer rather than fail.
      customer = {
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
      await db.customers.add(customer);
    } else {
      customer.lastSeenAt = now;
      customer.updatedAt = now;
      if (
        displayName &&
        customer.displayName !== displayName &&
        snapshot.idConfidence === 'strong'
      ) {
        customer.displayName = displayName;
        customer.nameKey = nameKey(displayName);
      }
      await db.customers.put(customer);
    }

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
      await db.identities.add(identity);
    } else {
      identity.customerId = customer.id;
      identity.lastSeenAt = now;
      identity.displayName = displayName;
      await db.identities.put(identity);
    }

    const touchpointId = `${identity.id}|${day}`;
    const existing = await db.touchpoints.get(touchpointId);
    const touchpoint: TouchpointRow = existing
      ? { ...existing, lastAt: now, count: existing.count + 1 }
      : {
          id: touchpointId,
          customerId: customer.id,
          identityId: identity.id,
          platform: snapshot.platform,
          day,
          firstAt: now,
          lastAt: now,
          count: 1,
        };
    await db.touchpoints.put(touchpoint);

    const touchpoints = await db.touchpoints.where('customerId').equals(customer.id).toArray();
    return customerView(customer, touchpoints, snapshot, now, offset);
  });
}

/**
 * While a conversation stays open its snapshots arrive as often as every 100 ms (new
 * messages). Within this long of the last one recorded, a snapshot that would change only
 * the times is the same sighting: `lastSeenAt` and the day's `count` are not bumped for it.
 */
export const SIGHTING_MS = 30_000;

const sameSighting = (lastSeenAt: number, now: number) =>
  now >= lastSeenAt && now - lastSeenAt < SIGHTING_MS;

function customerView(
  customer: CustomerRow,
  touchpoints: TouchpointRow[],
  snapshot: ConversationSnapshot,
  now: number,
  offset: number,
): CustomerView {
  const recordedDays = [...new Set(touchpoints.map((t) => t.day))].sort();
  const platforms = [...new Set(touchpoints.map((t) => t.platform))];
  const { status, evidence } = classify({
    now,
    idConfidence: snapshot.idConfidence,
    utcOffsetMinutes: offset,
    recordedDays,
    firstSeenAt: customer.firstSeenAt,
    firstSeenPlatform: customer.firstSeenPlatform,
    visible: snapshot.messages,
  });
  return {
    customerId: customer.id,
    displayName: customer.displayName,
    status,
    evidence,
    idConfidence: snapshot.idConfidence,
    platforms,
    firstSeenAt: customer.firstSeenAt,
    lastSeenAt: customer.lastSeenAt,
    contactDays: recordedDays.length,
    health: snapshot.health,
  };
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
