// Everything classify needs about one stored customer, read in the caller's transaction:
// the days and platforms on record, orders, label names, RFM scores against the stored
// quintile cuts, the shop's thresholds, and why this identity belongs to the customer.
import type { IdentityLink } from '@/core/classify';
import { summarizeOrders } from '@/core/orders';
import { type RfmScore, rfmMetrics, scoreByCuts } from '@/core/rfm';
import type { RecognitionSettings } from '@/core/settings';
import type { Platform } from '@/core/snapshot';
import type { KqDb } from './db';
import { storedRfmCuts } from './rfm';
import type { CustomerRow, IdentityRow, LabelRow, OrderRow } from './schema';
import { recognitionSettingsOf } from './settings';

/** The tables `customerFacts` reads; include them in the caller's transaction. */
export const customerFactsTables = (db: KqDb) => [
  db.touchpoints,
  db.orders,
  db.labelAssignments,
  db.labels,
  db.settings,
];

export interface CustomerFacts {
  recordedDays: string[];
  platforms: Platform[];
  orders: OrderRow[];
  labels: string[];
  rfm?: RfmScore;
  settings: RecognitionSettings;
  link?: IdentityLink;
}

/** Names of the active labels on a customer; assignments to deleted labels are skipped. */
export async function labelNamesOf(db: KqDb, customerId: string): Promise<string[]> {
  const assigned = await db.labelAssignments.where('customerId').equals(customerId).toArray();
  if (assigned.length === 0) return [];
  const labels = await db.labels.bulkGet(assigned.map((a) => a.labelId));
  return labels.filter((l): l is LabelRow => !!l && !l.archived).map((l) => l.name);
}

/** Why `identity` belongs to `customer`, as classify evidence; undefined for its own. */
export function identityLink(
  customer: CustomerRow,
  identity: IdentityRow,
): IdentityLink | undefined {
  const link = identity.link;
  if (!link) return undefined;
  if (link.by === 'agent') return { by: 'agent', at: link.at, platform: identity.platform };
  return {
    by: link.by,
    ...(link.value !== undefined ? { value: link.value } : {}),
    at: customer.firstSeenAt,
    platform: customer.firstSeenPlatform,
  };
}

export async function customerFacts(
  db: KqDb,
  customer: CustomerRow,
  identity: IdentityRow | undefined,
): Promise<CustomerFacts> {
  const [touchpoints, orders, labels, settings, cuts] = await Promise.all([
    db.touchpoints.where('customerId').equals(customer.id).toArray(),
    db.orders.where('customerId').equals(customer.id).toArray(),
    labelNamesOf(db, customer.id),
    recognitionSettingsOf(db),
    storedRfmCuts(db),
  ]);
  const metrics = orders.length ? rfmMetrics(summarizeOrders(orders)) : null;
  const link = identity ? identityLink(customer, identity) : undefined;
  return {
    recordedDays: [...new Set(touchpoints.map((t) => t.day))].sort(),
    platforms: [...new Set(touchpoints.map((t) => t.platform))],
    orders,
    labels,
    settings,
    ...(metrics && cuts && cuts.population > 0 ? { rfm: scoreByCuts(cuts, metrics) } : {}),
    ...(link ? { link } : {}),
  };
}
