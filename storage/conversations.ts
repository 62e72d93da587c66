// Turn an adapter's snapshot into stored facts (customer, identity, today's touchpoint)
// and the view the sidebar shows. One transaction per snapshot: a failure leaves the
// database as it was.
import { classify } from '@/core/classify';
import type { CustomerView } from '@/core/customer-view';
import { type ConversationSnapshot, ZALO_UNKNOWN_ACCOUNT } from '@/core/snapshot';
import type { Mutation } from '@/core/sync/mutations';
import { dayKey, nameKey, normalizeSpaces } from '@/core/text';
import type { KqDb } from './db';
import { enqueueMany, outboxTables, stamp, syncTouchpointId } from './outbox';
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

  return db.transaction(
    'rw',
    [db.customers, db.identities, db.touchpoints, ...outboxTables(db)],
    async () => {
      const outgoing: Mutation[] = [];
      const key: [string, string, string] = [
        snapshot.platform,
        snapshot.accountId,
        snapshot.externalId,
      ];
      let identity = await db.identities
        .where('[platform+accountId+externalId]')
        .equals(key)
        .first();
      if (!identity && snapshot.platform === 'zalo') {
        // Zalo customer ids are Zalo-wide. While the logged-in account is unknown on either
        // side (first seen before we knew it, or seen now before we know it), it is the
        // same person: link them, and record the account once it is known.
        const candidates = await db.identities
          .where('[platform+externalId]')
          .equals(['zalo', snapshot.externalId])
          .toArray();
        identity = candidates.find(
          (c) =>
            c.accountId === ZALO_UNKNOWN_ACCOUNT || snapshot.accountId === ZALO_UNKNOWN_ACCOUNT,
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
        outgoing.push(stamp('customer.upsert', customerUpsert(customer)));
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
          outgoing.push(stamp('customer.upsert', customerUpsert(customer)));
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
        outgoing.push(stamp('identity.upsert', identityUpsert(identity)));
      } else {
        const moved = identity.customerId !== customer.id || identity.displayName !== displayName;
        identity.customerId = customer.id;
        identity.lastSeenAt = now;
        identity.displayName = displayName;
        await db.identities.put(identity);
        if (moved) outgoing.push(stamp('identity.upsert', identityUpsert(identity)));
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
      outgoing.push(
        stamp('touchpoint.record', {
          id: syncTouchpointId(identity.id, day),
          customerId: customer.id,
          identityId: identity.id,
          platform: snapshot.platform,
          day,
          at: now,
        }),
      );
      await enqueueMany(db, outgoing, now);

      const touchpoints = await db.touchpoints.where('customerId').equals(customer.id).toArray();
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
    },
  );
}

const customerUpsert = (c: CustomerRow) => ({
  id: c.id,
  displayName: c.displayName.slice(0, 300),
  firstSeenAt: c.firstSeenAt,
  firstSeenPlatform: c.firstSeenPlatform,
  lastSeenAt: c.lastSeenAt,
});

const identityUpsert = (i: IdentityRow) => ({
  id: i.id,
  customerId: i.customerId,
  platform: i.platform,
  accountId: i.accountId,
  externalId: i.externalId,
  idConfidence: i.idConfidence,
  displayName: i.displayName.slice(0, 300),
  firstSeenAt: i.firstSeenAt,
  lastSeenAt: i.lastSeenAt,
  ...(i.avatarUrl ? { avatarUrl: i.avatarUrl } : {}),
});

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
