// Everything classify needs about one stored customer: the days and platforms on record,
// orders, label names, RFM scores against the stored quintile cuts, the shop's thresholds,
// and why this identity belongs to the customer. Rows are read in one round trip of
// parallel requests (IndexedDB latency is per round trip, not per request); the facts are
// then computed without touching the database.
import type { IdentityLink } from '@/core/classify';
import { summarizeOrders } from '@/core/orders';
import { type RfmScore, rfmMetrics, scoreByCuts } from '@/core/rfm';
import type { RecognitionSettings } from '@/core/settings';
import type { Platform } from '@/core/snapshot';
import type { KqDb } from './db';
import type { StoredRfmCuts } from './rfm';
import type {
  CustomerRow,
  IdentityRow,
  LabelAssignmentRow,
  LabelRow,
  OrderRow,
  TouchpointRow,
} from './schema';

/** The tables `customerRows` reads; include them in the caller's transaction. */
export const customerFactsTables = (db: KqDb) => [
  db.customers,
  db.touchpoints,
  db.orders,
  db.labelAssignments,
  db.labels,
  db.settings,
];

/** One customer's rows that recognition reads. */
export interface CustomerRows {
  customer: CustomerRow | undefined;
  touchpoints: TouchpointRow[];
  orders: OrderRow[];
  assignments: LabelAssignmentRow[];
}

export async function customerRows(db: KqDb, customerId: string): Promise<CustomerRows> {
  const [customer, touchpoints, orders, assignments] = await Promise.all([
    db.customers.get(customerId),
    db.touchpoints.where('customerId').equals(customerId).toArray(),
    db.orders.where('customerId').equals(customerId).toArray(),
    db.labelAssignments.where('customerId').equals(customerId).toArray(),
  ]);
  return { customer, touchpoints, orders, assignments };
}

export interface CustomerFacts {
  recordedDays: string[];
  /** The latest sighting: the customer row's, or a later touchpoint's. */
  lastSeenAt: number;
  platforms: Platform[];
  orders: OrderRow[];
  labels: string[];
  rfm?: RfmScore;
  settings: RecognitionSettings;
  link?: IdentityLink;
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

export function customerFacts(input: {
  customer: CustomerRow;
  identity: IdentityRow;
  touchpoints: readonly TouchpointRow[];
  orders: OrderRow[];
  assignments: readonly LabelAssignmentRow[];
  /** The label catalog (small: read whole). Assignments to missing labels are skipped. */
  labels: ReadonlyMap<string, LabelRow>;
  settings: RecognitionSettings;
  cuts: StoredRfmCuts | undefined;
}): CustomerFacts {
  const { customer, identity, orders, cuts } = input;
  const metrics = orders.length ? rfmMetrics(summarizeOrders(orders)) : null;
  const link = identityLink(customer, identity);
  const labels: string[] = [];
  for (const a of input.assignments) {
    const label = input.labels.get(a.labelId);
    if (label && !label.archived) labels.push(label.name);
  }
  return {
    recordedDays: [...new Set(input.touchpoints.map((t) => t.day))].sort(),
    lastSeenAt: input.touchpoints.reduce((max, t) => Math.max(max, t.lastAt), customer.lastSeenAt),
    platforms: [...new Set(input.touchpoints.map((t) => t.platform))],
    orders,
    labels,
    settings: input.settings,
    ...(metrics && cuts && cuts.population > 0 ? { rfm: scoreByCuts(cuts, metrics) } : {}),
    ...(link ? { link } : {}),
  };
}
