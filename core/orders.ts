// What a customer's orders say: how many, how recent, how much, and how many deliveries
// went wrong ("bom hàng"). Pure; the caller passes the order rows.
import * as z from 'zod/mini';

export const ORDER_STATUSES = ['pending', 'delivered', 'returned', 'cancelled', 'failed'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** The part of an order row recognition needs (storage's OrderRow fits as is). */
export interface OrderFacts {
  placedAt: number;
  /** VND, whole đồng. */
  total: number;
  status: OrderStatus;
}

export interface OrderSummary {
  /** Orders that were not cancelled: the customer really ordered. */
  placed: number;
  /** Delivered or still pending: the orders that count for frequency and money. */
  kept: number;
  pending: number;
  delivered: number;
  returned: number;
  failed: number;
  cancelled: number;
  /** Latest placed (not cancelled) order, or null. */
  lastOrderAt: number | null;
  /** Latest kept order, or null: RFM recency. */
  lastKeptAt: number | null;
  /** Sum of kept orders, VND. */
  spent: number;
}

export function summarizeOrders(orders: readonly OrderFacts[]): OrderSummary {
  const s: OrderSummary = {
    placed: 0,
    kept: 0,
    pending: 0,
    delivered: 0,
    returned: 0,
    failed: 0,
    cancelled: 0,
    lastOrderAt: null,
    lastKeptAt: null,
    spent: 0,
  };
  for (const o of orders) {
    s[o.status] += 1;
    if (o.status === 'cancelled') continue;
    s.placed += 1;
    if (s.lastOrderAt === null || o.placedAt > s.lastOrderAt) s.lastOrderAt = o.placedAt;
    if (o.status === 'delivered' || o.status === 'pending') {
      s.kept += 1;
      s.spent += o.total;
      if (s.lastKeptAt === null || o.placedAt > s.lastKeptAt) s.lastKeptAt = o.placedAt;
    }
  }
  return s;
}

export interface DeliveryRisk {
  failed: number;
  returned: number;
  /** Share of finished deliveries (delivered + failed + returned) that went wrong, 0..1. */
  rate: number;
}

/** The "bom hàng" flag: null when no delivery failed or came back. */
export function deliveryRisk(summary: OrderSummary): DeliveryRisk | null {
  const bad = summary.failed + summary.returned;
  if (bad === 0) return null;
  return {
    failed: summary.failed,
    returned: summary.returned,
    rate: bad / (bad + summary.delivered),
  };
}
