// Every customer as CSV (one row each) for a spreadsheet: contact fields, labels and an
// order summary. Read a page of customers at a time by primary key, with the pages' orders
// and labels by index, so 100k customers never sit in memory as rows at once.
import { csvLine, toCsv } from '@/core/csv-write';
import { summarizeOrders } from '@/core/orders';
import { displayPhoneVN } from '@/core/phone-format';
import { dayKey } from '@/core/text';
import type { KqDb } from './db';
import { groupByCustomer } from './group-by-customer';

const PAGE = 2000;
export const CUSTOMER_CSV_HEADER = [
  'id',
  'name',
  'phones',
  'emails',
  'first_seen',
  'first_platform',
  'labels',
  'orders',
  'spent_vnd',
  'last_order',
];

/** CSV chunks (BOM and header first): hand them to `new Blob(chunks)`. */
export async function customersCsv(
  db: KqDb,
  utcOffsetMinutes = -new Date().getTimezoneOffset(),
): Promise<string[]> {
  const chunks = [toCsv(CUSTOMER_CSV_HEADER, [])];
  const labelName = new Map((await db.labels.toArray()).map((l) => [l.id, l.name]));
  let after: string | undefined;
  for (;;) {
    const page = await db.transaction(
      'r',
      [db.customers, db.orders, db.labelAssignments],
      async () => {
        const customers =
          after === undefined
            ? await db.customers.orderBy(':id').limit(PAGE).toArray()
            : await db.customers.where(':id').above(after).limit(PAGE).toArray();
        const ids = customers.map((c) => c.id);
        const [orders, assignments] = await Promise.all([
          db.orders.where('customerId').anyOf(ids).toArray(),
          db.labelAssignments.where('customerId').anyOf(ids).toArray(),
        ]);
        return { customers, orders, assignments };
      },
    );
    const ordersOf = groupByCustomer(page.orders);
    const labelsOf = groupByCustomer(page.assignments);
    chunks.push(
      page.customers
        .map((c) => {
          const s = summarizeOrders(ordersOf.get(c.id) ?? []);
          return csvLine([
            c.id,
            c.displayName,
            c.phones.map(csvPhone).join('; '),
            c.emails.join('; '),
            dayKey(c.firstSeenAt, utcOffsetMinutes),
            c.firstSeenPlatform,
            (labelsOf.get(c.id) ?? [])
              .map((a) => labelName.get(a.labelId) ?? '')
              .filter(Boolean)
              .join('; '),
            s.placed,
            s.spent,
            s.lastOrderAt === null ? '' : dayKey(s.lastOrderAt, utcOffsetMinutes),
          ]);
        })
        .join(''),
    );
    if (page.customers.length < PAGE) break;
    after = page.customers.at(-1)!.id;
  }
  return chunks;
}

/**
 * Phones as sellers dial them (0912 345 678): with its spaces a spreadsheet keeps the number
 * as text, so the leading zero survives, and it never starts with `+` (which the CSV writer
 * would neutralise as a formula).
 */
const csvPhone = displayPhoneVN;
