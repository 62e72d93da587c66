// One identity's day: the touchpoint row, its message count, and (when the shop keeps
// them) the day's message texts. A snapshot read twice changes nothing: only messages
// whose fingerprint the day has not seen count or are kept (see TouchpointRow.count).
import type { DayMessage } from '@/core/sightings';
import type { KqDb } from './db';
import type { IdentityRow, MessageRow, TouchpointRow } from './schema';

/** Fingerprints kept per touchpoint; past this the oldest are forgotten. */
export const TOUCHPOINT_SEEN_CAP = 500;

export const touchpointId = (identityId: string, day: string): string => `${identityId}|${day}`;

export interface SightingInput {
  customerId: string;
  identity: IdentityRow;
  day: string;
  now: number;
  /** Today's messages of the snapshot (core/sightings messagesOfDay). */
  dayMessages: readonly DayMessage[];
  /** The row as read earlier in the same transaction, if any. */
  existing: TouchpointRow | undefined;
  keepText: boolean;
}

export interface Sighting {
  touchpoint: TouchpointRow;
  /** Messages this day had not seen before. */
  fresh: DayMessage[];
  /** How much `count` grew (the new row's count when it was created). */
  added: number;
  /** Message texts kept by this sighting (only when the shop keeps them). */
  kept: MessageRow[];
  /** The writes, issued but not awaited (the caller awaits all its writes at once). */
  written: Promise<unknown>;
}

/** Today's messages not seen before by this touchpoint. */
export function freshMessages(
  existing: TouchpointRow | undefined,
  dayMessages: readonly DayMessage[],
): DayMessage[] {
  const seen = new Set(existing?.seen ?? []);
  return dayMessages.filter((m) => !seen.has(m.fingerprint));
}

/**
 * Writes the day's touchpoint when something is new (the row itself, a message not seen
 * before, or a move to another customer) and keeps fresh texts when asked. Call inside a
 * `rw` transaction over touchpoints and messages, and await `written` before it ends.
 */
export function recordSighting(db: KqDb, input: SightingInput): Sighting {
  const { existing, identity, day, now } = input;
  const fresh = freshMessages(existing, input.dayMessages);
  const freshIncoming = fresh.filter((m) => m.message.direction === 'in').length;
  const incoming = (existing?.incoming ?? 0) + freshIncoming;
  const count = Math.max(existing?.count ?? 0, incoming, 1);
  const added = count - (existing?.count ?? 0);
  const seen = [...(existing?.seen ?? []), ...fresh.map((m) => m.fingerprint)].slice(
    -TOUCHPOINT_SEEN_CAP,
  );
  const touchpoint: TouchpointRow = existing
    ? { ...existing, customerId: input.customerId, count, incoming, seen }
    : {
        id: touchpointId(identity.id, day),
        customerId: input.customerId,
        identityId: identity.id,
        platform: identity.platform,
        day,
        firstAt: now,
        lastAt: now,
        count,
        incoming,
        seen,
      };
  const moved = existing !== undefined && existing.customerId !== input.customerId;
  const writes: Promise<unknown>[] = [];
  if (!existing || fresh.length > 0 || moved) {
    touchpoint.lastAt = now;
    writes.push(db.touchpoints.put(touchpoint));
  }
  const kept: MessageRow[] = input.keepText
    ? fresh.map((m) => ({
        id: `${touchpoint.id}|${m.fingerprint}`,
        customerId: input.customerId,
        identityId: identity.id,
        day,
        direction: m.message.direction === 'in' ? 'in' : 'out',
        text: m.message.text,
        ...(m.message.at !== undefined ? { at: m.message.at } : {}),
        seenAt: now,
        position: m.index,
      }))
    : [];
  if (kept.length > 0) writes.push(db.messages.bulkPut(kept));
  return { touchpoint, fresh, added, kept, written: Promise.all(writes) };
}
