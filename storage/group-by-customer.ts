// Rows read for many customers at once (orders, identities, care items…), per customer.

export function groupByCustomer<T extends { customerId: string }>(
  rows: readonly T[],
): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.customerId);
    if (list) list.push(r);
    else m.set(r.customerId, [r]);
  }
  return m;
}
