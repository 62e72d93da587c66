// Canonical dumps of the team's state as a user sees it — which labels each customer
// carries, the notes, the identities and the customers they belong to — from the server's
// rows and from a client's IndexedDB, in one shape so the two compare exactly.
import type { WireRow } from '../../../core/api/schemas';
import type { SyncRow } from '../../../core/sync/state';
import {
  assignmentView,
  customerView,
  identityView,
  isAssigned,
  noteView,
} from '../../../core/sync/views';
import type { KqDb } from '../../../storage/db';

export interface Dump {
  /** `platform|account|externalId` → the identity's id, customer and name. */
  identities: Record<string, { id: string; customerId: string; displayName: string }>;
  /** Customers some identity belongs to: name and contact values. */
  customers: Record<string, { displayName: string; phones: string[]; emails: string[] }>;
  /** `customerId|labelId` of every label on a customer, sorted. */
  assignments: string[];
  notes: Record<string, { customerId: string; text: string; pinned: boolean }>;
}

const sorted = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function customersOf(
  identities: Dump['identities'],
  get: (
    id: string,
  ) => { displayName: string | null; phones: string[]; emails: string[] } | undefined,
): Dump['customers'] {
  const out: Dump['customers'] = {};
  for (const i of Object.values(identities)) {
    const c = get(i.customerId);
    out[i.customerId] = c
      ? {
          displayName: c.displayName ?? '',
          phones: [...c.phones].sort(),
          emails: [...c.emails].sort(),
        }
      : { displayName: '<missing>', phones: [], emails: [] };
  }
  return sorted(out);
}

/**
 * The server's rows as every client should hold them. The team may keep two identity rows
 * for one person (two agents met them before either synced); a client keeps the one with
 * the smallest id (storage/sync-apply.ts), so the dump does too.
 */
export function serverDump(rows: WireRow[]): Dump {
  const row = (r: WireRow): SyncRow => ({ id: r.id, f: r.f, c: r.c });
  const byKey = new Map<string, NonNullable<ReturnType<typeof identityView>>>();
  const customers = new Map<string, ReturnType<typeof customerView>>();
  const assignments: string[] = [];
  const notes: Dump['notes'] = {};
  for (const r of rows) {
    if (r.t === 'identities') {
      const v = identityView(row(r));
      if (!v) continue;
      const key = `${v.platform}|${v.accountId}|${v.externalId}`;
      const had = byKey.get(key);
      if (!had || v.id < had.id) byKey.set(key, v);
    } else if (r.t === 'customers') customers.set(r.id, customerView(row(r)));
    else if (r.t === 'assignments') {
      const v = assignmentView(row(r));
      if (v && isAssigned(row(r))) assignments.push(`${v.customerId}|${v.labelId}`);
    } else if (r.t === 'notes') {
      const v = noteView(row(r));
      if (v) notes[v.id] = { customerId: v.customerId, text: v.text, pinned: v.pinned };
    }
  }
  const identities: Dump['identities'] = {};
  for (const [key, v] of byKey)
    identities[key] = { id: v.id, customerId: v.customerId, displayName: v.displayName ?? '' };
  return {
    identities: sorted(identities),
    customers: customersOf(identities, (id) => customers.get(id)),
    assignments: assignments.sort(),
    notes: sorted(notes),
  };
}

export async function clientDump(db: KqDb): Promise<Dump> {
  const identities: Dump['identities'] = {};
  for (const i of await db.identities.toArray())
    identities[`${i.platform}|${i.accountId}|${i.externalId}`] = {
      id: i.id,
      customerId: i.customerId,
      displayName: i.displayName,
    };
  const customers = new Map((await db.customers.toArray()).map((c) => [c.id, c]));
  const notes: Dump['notes'] = {};
  for (const n of await db.notes.toArray())
    notes[n.id] = { customerId: n.customerId, text: n.text, pinned: n.pinned };
  return {
    identities: sorted(identities),
    customers: customersOf(identities, (id) => customers.get(id)),
    assignments: (await db.labelAssignments.toArray())
      .map((a) => `${a.customerId}|${a.labelId}`)
      .sort(),
    notes: sorted(notes),
  };
}
