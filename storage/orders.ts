// A customer's orders, entered by the shop (or imported later). Local only: the sync model
// has no order mutations yet. Every write bumps the RFM order-write counter in the same
// transaction, so the stored quintile cuts know when they have gone stale.
import * as z from 'zod/mini';
import { type OrderStatus, OrderStatusSchema } from '@/core/orders';
import { describeIssues } from '@/core/protocol';
import { recomputeCustomerCare } from './care';
import type { KqDb } from './db';
import { UnknownRowError } from './labels';
import { noteOrderWrite } from './rfm';
import type { OrderRow } from './schema';

const money = z.number().check(z.int(), z.nonnegative(), z.lte(1e13));

export const OrderInputSchema = z.object({
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  customerId: z.string().check(z.minLength(1), z.maxLength(200)),
  code: z.string().check(z.maxLength(100)),
  placedAt: z.number().check(z.int(), z.nonnegative()),
  total: money,
  status: OrderStatusSchema,
  /** When it was delivered (care: thank-you, check-in). */
  deliveredAt: z.optional(z.number().check(z.int(), z.nonnegative())),
  items: z.optional(
    z
      .array(
        z.object({
          name: z.string().check(z.maxLength(300)),
          quantity: z.number().check(z.int(), z.gte(1), z.lte(1_000_000)),
          price: money,
        }),
      )
      .check(z.maxLength(500)),
  ),
});
export type OrderInput = z.input<typeof OrderInputSchema>;

export class BadOrderError extends Error {
  override name = 'BadOrderError';
}

/** Adds an order, or replaces the one with the same id. */
export async function putOrder(db: KqDb, input: OrderInput): Promise<OrderRow> {
  const parsed = OrderInputSchema.safeParse(input);
  if (!parsed.success) throw new BadOrderError(`order: ${describeIssues(parsed.error)}`);
  const { id, items, ...rest } = parsed.data;
  const order: OrderRow = { ...rest, id: id ?? crypto.randomUUID(), items: items ?? [] };
  await db.transaction('rw', [db.orders, db.customers, db.settings], async () => {
    if (!(await db.customers.get(order.customerId)))
      throw new UnknownRowError(`no customer ${order.customerId}`);
    await db.orders.put(order);
    await noteOrderWrite(db);
  });
  // The customer's care items follow (a thank-you once delivered…).
  await recomputeCustomerCare(db, order.customerId);
  return order;
}

/**
 * Delivery news: delivered, returned, failed, cancelled (or back to pending). Turning
 * `delivered` records when (`at`), unless it already was.
 */
export async function setOrderStatus(
  db: KqDb,
  id: string,
  status: OrderStatus,
  at = Date.now(),
): Promise<OrderRow> {
  if (!OrderStatusSchema.safeParse(status).success)
    throw new BadOrderError(`status: expected one of ${OrderStatusSchema.options.join(', ')}`);
  const updated = await db.transaction('rw', [db.orders, db.settings], async () => {
    const order = await db.orders.get(id);
    if (!order) throw new UnknownRowError(`no order ${id}`);
    const next: OrderRow = { ...order, status };
    if (status === 'delivered') next.deliveredAt ??= at;
    await db.orders.put(next);
    await noteOrderWrite(db);
    return next;
  });
  await recomputeCustomerCare(db, updated.customerId, at);
  return updated;
}
