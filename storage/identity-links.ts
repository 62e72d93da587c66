// Linking identities across platforms by what the customer wrote: a phone number or an
// e-mail address already on exactly one customer ties a new identity to that customer
// (Messenger ↔ Instagram ↔ Zalo). Anything less certain is left to the agent as a
// suggestion: names never link, and neither does a value two customers share.
import type { ContactValues } from '@/core/sightings';
import { type ConversationSnapshot, ZALO_UNKNOWN_ACCOUNT } from '@/core/snapshot';
import type { KqDb } from './db';
import type { CustomerRow, IdentityRow } from './schema';

/** The key of a pair of customers the agent said are different people. */
export const dismissalId = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

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
  return matchOf(holder);
}

/** The link a holder offers: by its first shared phone, else its first shared e-mail. */
function matchOf(holder: ContactHolder): LinkMatch | null {
  const phone = holder.phones[0];
  if (phone) return { customer: holder.customer, by: 'phone', value: phone };
  const email = holder.emails[0];
  return email ? { customer: holder.customer, by: 'email', value: email } : null;
}

/**
 * Nothing but one identity's sightings: no other identity, no note, order or label, and
 * it absorbed nobody. Such a customer is only what the extension recorded on its own, so
 * it may be folded into the customer its number points to without asking the agent.
 */
async function isBare(db: KqDb, customerId: string): Promise<boolean> {
  const counts = await Promise.all([
    db.identities.where('customerId').equals(customerId).count(),
    db.notes.where('customerId').equals(customerId).count(),
    db.orders.where('customerId').equals(customerId).count(),
    db.labelAssignments.where('customerId').equals(customerId).count(),
    db.merges.where('targetId').equals(customerId).count(),
  ]);
  return counts[0] <= 1 && counts.slice(1).every((n) => n === 0);
}

/**
 * A known identity's thread just showed a phone or e-mail of exactly one other customer:
 * the customer to fold this identity's customer into, when that is safe (it is bare, the
 * other customer has no identity in this inbox, and the agent did not say they differ).
 * Otherwise null: both keep the value and the agent gets a suggestion.
 */
export async function findFoldTarget(
  db: KqDb,
  customer: CustomerRow,
  values: ContactValues,
  snapshot: ConversationSnapshot,
): Promise<LinkMatch | null> {
  if (values.phones.length === 0 && values.emails.length === 0) return null;
  const holders = await customersHolding(db, values);
  holders.delete(customer.id);
  if (holders.size !== 1) return null;
  const [holder] = holders.values();
  if (!holder) return null;
  const [bare, dismissed, identities] = await Promise.all([
    isBare(db, customer.id),
    db.dismissals.get(dismissalId(customer.id, holder.customer.id)),
    db.identities.where('customerId').equals(holder.customer.id).toArray(),
  ]);
  if (!bare || dismissed || identities.some((i) => sameInbox(i, snapshot))) return null;
  return matchOf(holder);
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
