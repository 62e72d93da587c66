// Linking identities across platforms by what the customer wrote: a phone number or an
// e-mail address already on exactly one customer ties a new identity to that customer
// (Messenger ↔ Instagram ↔ Zalo). Anything less certain is left to the agent as a
// suggestion: names never link, and neither does a value two customers share.
import type { ContactValues } from '@/core/sightings';
import { type ConversationSnapshot, ZALO_UNKNOWN_ACCOUNT } from '@/core/snapshot';
import type { KqDb } from './db';
import type { CustomerRow, IdentityRow } from './schema';

/** The sync schema allows 20 of each per customer; beyond that we stop adding. */
export const MAX_CONTACTS_PER_CUSTOMER = 20;

export interface ContactHolder {
  customer: CustomerRow;
  phones: string[];
  emails: string[];
}

/** Customers carrying any of `values`, with which of the values each carries. */
export async function customersHolding(
  db: KqDb,
  values: ContactValues,
): Promise<Map<string, ContactHolder>> {
  const holders = new Map<string, ContactHolder>();
  const [byPhone, byEmail] = await Promise.all([
    values.phones.length
      ? db.customers.where('phones').anyOf(values.phones).toArray()
      : Promise.resolve([]),
    values.emails.length
      ? db.customers.where('emails').anyOf(values.emails).toArray()
      : Promise.resolve([]),
  ]);
  for (const customer of [...byPhone, ...byEmail]) {
    if (holders.has(customer.id)) continue;
    holders.set(customer.id, {
      customer,
      phones: values.phones.filter((p) => customer.phones.includes(p)),
      emails: values.emails.filter((e) => customer.emails.includes(e)),
    });
  }
  return holders;
}

export interface LinkMatch {
  customer: CustomerRow;
  by: 'phone' | 'email';
  value: string;
}

/** Two accounts of one platform login are one inbox; a Zalo account not known yet is any. */
function sameInbox(a: Pick<IdentityRow, 'platform' | 'accountId'>, s: ConversationSnapshot) {
  if (a.platform !== s.platform) return false;
  if (a.accountId === s.accountId) return true;
  return (
    s.platform === 'zalo' &&
    (a.accountId === ZALO_UNKNOWN_ACCOUNT || s.accountId === ZALO_UNKNOWN_ACCOUNT)
  );
}

/**
 * The one customer a new identity belongs to by the phone numbers and e-mails its thread
 * carries, or null. Not linked, so left to the agent: values spread over several
 * customers (a shared family phone, a number quoted by many), and a customer who already
 * has an identity in this same inbox (then it is another person writing from there, or a
 * second account: the agent decides).
 */
export async function findLinkTarget(
  db: KqDb,
  values: ContactValues,
  snapshot: ConversationSnapshot,
): Promise<LinkMatch | null> {
  if (values.phones.length === 0 && values.emails.length === 0) return null;
  const holders = await customersHolding(db, values);
  if (holders.size !== 1) return null;
  const [holder] = holders.values();
  if (!holder) return null;
  const identities = await db.identities.where('customerId').equals(holder.customer.id).toArray();
  if (identities.some((i) => sameInbox(i, snapshot))) return null;
  const phone = holder.phones[0];
  if (phone) return { customer: holder.customer, by: 'phone', value: phone };
  const email = holder.emails[0];
  return email ? { customer: holder.customer, by: 'email', value: email } : null;
}

/**
 * Adds the values the customer does not carry yet (up to the cap). Returns whether the
 * row changed. A value another customer also carries is still added: it is what this
 * customer wrote, and a shared value is exactly what makes the agent's suggestion.
 */
export function addContactValues(customer: CustomerRow, values: ContactValues): boolean {
  let changed = false;
  for (const p of values.phones) {
    if (customer.phones.includes(p) || customer.phones.length >= MAX_CONTACTS_PER_CUSTOMER)
      continue;
    customer.phones = [...customer.phones, p];
    changed = true;
  }
  for (const e of values.emails) {
    if (customer.emails.includes(e) || customer.emails.length >= MAX_CONTACTS_PER_CUSTOMER)
      continue;
    customer.emails = [...customer.emails, e];
    changed = true;
  }
  return changed;
}
