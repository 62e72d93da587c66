// Customers who may be the same person, for the agent to confirm: they share a phone number
// or an e-mail (a strong hint, but two existing customers are never merged without the
// agent), or their names look alike (only ever a hint). The agent can dismiss a pair.
import type { AddContactResult, ContactKind, Suggestion } from '@/core/customer-actions';
import { normalizeEmail } from '@/core/email';
import { HONORIFICS, nameTokens, suggestNameMatches } from '@/core/names';
import { normalizePhoneVN } from '@/core/phone';
import type { ContactValues } from '@/core/sightings';
import type { KqDb } from './db';
import { customersHolding, dismissalId, MAX_CONTACTS_PER_CUSTOMER } from './identity-links';
import { UnknownRowError } from './labels';
import { customerUpsertData } from './mutation-data';
import { enqueue, outboxTables } from './outbox';
import type { CustomerRow } from './schema';

export class BadContactError extends Error {
  override name = 'BadContactError';
}

/** Name candidates read per request: enough for any real name, bounded for common ones. */
const NAME_CANDIDATES = 300;

async function dismissedWith(db: KqDb, customerId: string, others: string[]) {
  const rows = await db.dismissals.bulkGet(others.map((o) => dismissalId(customerId, o)));
  return new Set(others.filter((_, i) => rows[i] !== undefined));
}

/** Others carrying any of `values`, as suggestions (phone before e-mail). */
async function contactSuggestions(
  db: KqDb,
  customerId: string,
  values: ContactValues,
): Promise<Suggestion[]> {
  const holders = await customersHolding(db, values);
  holders.delete(customerId);
  const out: Suggestion[] = [];
  for (const h of holders.values()) {
    const phone = h.phones[0];
    const email = h.emails[0];
    out.push({
      kind: phone ? 'same-phone' : 'same-email',
      customerId: h.customer.id,
      displayName: h.customer.displayName,
      value: (phone ?? email)!,
    });
  }
  return out;
}

/** Others whose names look like this customer's (core/names), best first. */
async function nameSuggestions(db: KqDb, customer: CustomerRow): Promise<Suggestion[]> {
  const core = nameTokens(customer.displayName).join(' ');
  if (core.length < 2) return [];
  // "Chị Lan Phương" and "Lan Phương" share the name without the honorific: look up both.
  const prefixes = [core, ...[...HONORIFICS].map((h) => `${h} ${core}`)];
  const candidates = await db.customers
    .where('nameKey')
    .startsWithAnyOf(prefixes)
    .limit(NAME_CANDIDATES)
    .toArray();
  return suggestNameMatches(
    customer.displayName,
    candidates.map((c) => ({ id: c.id, name: c.displayName })),
    { excludeId: customer.id },
  ).map((m) => ({ kind: 'name', customerId: m.id, displayName: m.name, score: m.score }));
}

/** Everyone who may be the same person as `customerId`, minus pairs the agent dismissed. */
export async function suggestionsFor(db: KqDb, customerId: string): Promise<Suggestion[]> {
  return db.transaction('r', [db.customers, db.dismissals], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) throw new UnknownRowError(`customerId: no customer ${customerId}`);
    const [byContact, byName] = await Promise.all([
      contactSuggestions(db, customerId, { phones: customer.phones, emails: customer.emails }),
      nameSuggestions(db, customer),
    ]);
    const seen = new Set(byContact.map((s) => s.customerId));
    const all = [...byContact, ...byName.filter((s) => !seen.has(s.customerId))];
    const dismissed = await dismissedWith(
      db,
      customerId,
      all.map((s) => s.customerId),
    );
    return all.filter((s) => !dismissed.has(s.customerId));
  });
}

/** The agent said these two are different people: stop suggesting the pair. */
export async function dismissSuggestion(
  db: KqDb,
  customerId: string,
  otherId: string,
  now = Date.now(),
): Promise<void> {
  if (customerId === otherId) throw new BadContactError('otherId: the same customer');
  await db.dismissals.put({ id: dismissalId(customerId, otherId), at: now });
}

function normalizeContact(kind: ContactKind, raw: string): string {
  const value = kind === 'phone' ? normalizePhoneVN(raw) : normalizeEmail(raw);
  if (value === null) {
    throw new BadContactError(
      kind === 'phone'
        ? // components/ContactCard.tsx puts these two in the agent's language: keep them in step.
          'value: not a Vietnamese phone number a customer can be reached on'
        : 'value: not an e-mail address',
    );
  }
  return value;
}

/**
 * The agent adds a phone number or e-mail to a customer. When another customer carries
 * it too, that customer comes back as a suggestion: two existing customers are never
 * merged here.
 */
export async function addContact(
  db: KqDb,
  customerId: string,
  kind: ContactKind,
  raw: string,
  now = Date.now(),
): Promise<AddContactResult> {
  const value = normalizeContact(kind, raw);
  return db.transaction('rw', [db.customers, db.dismissals, ...outboxTables(db)], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) throw new UnknownRowError(`customerId: no customer ${customerId}`);
    const list = kind === 'phone' ? customer.phones : customer.emails;
    const added = !list.includes(value);
    if (added) {
      if (list.length >= MAX_CONTACTS_PER_CUSTOMER) {
        throw new BadContactError(
          `value: this customer already has ${MAX_CONTACTS_PER_CUSTOMER} ${kind === 'phone' ? 'phone numbers' : 'e-mail addresses'}`,
        );
      }
      const updated: CustomerRow = {
        ...customer,
        ...(kind === 'phone' ? { phones: [...list, value] } : { emails: [...list, value] }),
        updatedAt: now,
      };
      await db.customers.put(updated);
      await enqueue(db, 'customer.upsert', customerUpsertData(updated), now);
      Object.assign(customer, updated);
    }
    const values: ContactValues =
      kind === 'phone' ? { phones: [value], emails: [] } : { phones: [], emails: [value] };
    const others = await contactSuggestions(db, customerId, values);
    const dismissed = await dismissedWith(
      db,
      customerId,
      others.map((s) => s.customerId),
    );
    return {
      customerId,
      value,
      added,
      phones: customer.phones,
      emails: customer.emails,
      suggestions: others.filter((s) => !dismissed.has(s.customerId)),
    };
  });
}

/**
 * The agent takes a phone number or e-mail off a customer (a typo, a number that belongs to
 * someone else). Nothing else changes: links made through it stay in the history.
 */
export async function removeContact(
  db: KqDb,
  customerId: string,
  kind: ContactKind,
  value: string,
  now = Date.now(),
): Promise<{ phones: string[]; emails: string[] }> {
  return db.transaction('rw', [db.customers, ...outboxTables(db)], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) throw new UnknownRowError(`customerId: no customer ${customerId}`);
    const list = kind === 'phone' ? customer.phones : customer.emails;
    if (!list.includes(value)) return { phones: customer.phones, emails: customer.emails };
    const rest = list.filter((v) => v !== value);
    const updated: CustomerRow = {
      ...customer,
      ...(kind === 'phone' ? { phones: rest } : { emails: rest }),
      updatedAt: now,
    };
    await db.customers.put(updated);
    // The list goes out even when empty: that is the change (customerUpsertData leaves an
    // empty list out so an upload never erases a teammate's).
    await enqueue(
      db,
      'customer.upsert',
      {
        ...customerUpsertData(updated),
        ...(kind === 'phone' ? { phones: rest } : { emails: rest }),
      },
      now,
    );
    return { phones: updated.phones, emails: updated.emails };
  });
}
