// What one snapshot adds to a day's history. The same conversation is read again and again
// (reloads, re-renders, switching back), so every message gets a fingerprint, and only
// messages not fingerprinted before count, are kept, or are searched for contact details.
// Pure: the caller stores the fingerprints.
import { messageDays } from './classify';
import { extractEmails } from './email';
import { extractPhonesVN } from './phone';
import type { SnapshotMessage } from './snapshot';

/**
 * cyrb53: a fast 53-bit string hash. Collisions among the few hundred messages of one
 * customer-day are vanishingly rare (~1e-11), and a collision only undercounts by one.
 */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface DayMessage {
  /** Index in the snapshot's messages. */
  index: number;
  /**
   * Stable across re-reads of the same thread: direction, time and text, plus the ordinal
   * among identical messages, so two "ok" in a row are two messages, read again still two.
   */
  fingerprint: string;
  message: SnapshotMessage;
}

/**
 * The customer's and the shop's messages (not system lines) that belong to `day`: dated
 * that day, or undated with nothing dated after them, or undated before a message dated
 * that day (their day is at most that, and the thread cannot tell more). Messages from
 * earlier days never count for today.
 */
export function messagesOfDay(
  visible: readonly SnapshotMessage[],
  day: string,
  utcOffsetMinutes: number,
): DayMessage[] {
  const days = messageDays(visible, utcOffsetMinutes);
  const ordinals = new Map<string, number>();
  const out: DayMessage[] = [];
  visible.forEach((message, index) => {
    if (message.direction === 'system') return;
    const d = days[index];
    if (d !== undefined && d < day) return;
    const base = `${message.direction}\u0000${message.at ?? ''}\u0000${message.text}`;
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    out.push({ index, message, fingerprint: hash53(`${base}\u0000${ordinal}`).toString(36) });
  });
  return out;
}

export interface ContactValues {
  /** E.164 numbers, in order of appearance. */
  phones: string[];
  /** Lower-case addresses, in order of appearance. */
  emails: string[];
}

/**
 * Phone numbers and e-mail addresses the customer wrote in `incoming` messages, minus any
 * the shop itself wrote in the thread (its hotline, its e-mail): those are not the
 * customer's. The shop's messages are only read when the customer's carried something.
 */
/** A Vietnamese number has at least 9 digits; most messages have fewer and are skipped. */
function mayHoldPhone(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ASCII and full-width digits (extraction normalises NFKC).
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      digits += 1;
      if (digits >= 9) return true;
    }
  }
  return false;
}

const MAY_HOLD_EMAIL = /@|＠|[([]\s*(?:at|a còng)\s*[)\]]/i;

export function customerContactValues(
  incoming: Iterable<SnapshotMessage>,
  thread: readonly SnapshotMessage[],
): ContactValues {
  const phones: string[] = [];
  const emails: string[] = [];
  for (const m of incoming) {
    if (m.direction !== 'in') continue;
    if (mayHoldPhone(m.text)) {
      for (const p of extractPhonesVN(m.text)) if (!phones.includes(p)) phones.push(p);
    }
    if (MAY_HOLD_EMAIL.test(m.text)) {
      for (const e of extractEmails(m.text)) if (!emails.includes(e)) emails.push(e);
    }
  }
  if (phones.length === 0 && emails.length === 0) return { phones, emails };
  const shops = new Set<string>();
  for (const m of thread) {
    if (m.direction !== 'out') continue;
    if (mayHoldPhone(m.text)) for (const p of extractPhonesVN(m.text)) shops.add(p);
    if (MAY_HOLD_EMAIL.test(m.text)) for (const e of extractEmails(m.text)) shops.add(e);
  }
  return {
    phones: phones.filter((p) => !shops.has(p)),
    emails: emails.filter((e) => !shops.has(e)),
  };
}
