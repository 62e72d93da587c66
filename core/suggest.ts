// Contact details the customer wrote in the thread, for the agent to confirm with one
// click. Only the customer's own (incoming) messages: the shop's replies carry the shop's
// hotline and e-mail. Nothing here is saved; the caller shows the suggestions.
import { extractEmails } from './email';
import { extractPhonesVN } from './phone';
import type { SnapshotMessage } from './snapshot';

export interface ContactSuggestion {
  kind: 'phone' | 'email';
  /** E.164 phone number or lower-case e-mail address. */
  value: string;
  messageIndex: number;
  at?: number;
}

/**
 * Phone numbers and e-mail addresses from the customer's latest incoming messages (newest
 * message first, in order of appearance within a message), minus those already on the
 * customer record (`known`, normalised values).
 */
export function suggestContactDetails(
  messages: readonly SnapshotMessage[],
  options: { lookback?: number; known?: Iterable<string> } = {},
): ContactSuggestion[] {
  const lookback = options.lookback ?? 10;
  const seen = new Set(options.known ?? []);
  const out: ContactSuggestion[] = [];
  let looked = 0;
  for (let i = messages.length - 1; i >= 0 && looked < lookback; i--) {
    const m = messages[i]!;
    if (m.direction !== 'in') continue;
    looked++;
    const at = m.at !== undefined ? { at: m.at } : {};
    for (const value of extractPhonesVN(m.text)) {
      if (seen.has(value)) continue;
      seen.add(value);
      out.push({ kind: 'phone', value, messageIndex: i, ...at });
    }
    for (const value of extractEmails(m.text)) {
      if (seen.has(value)) continue;
      seen.add(value);
      out.push({ kind: 'email', value, messageIndex: i, ...at });
    }
  }
  return out;
}
