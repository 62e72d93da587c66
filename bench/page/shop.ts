// A deterministic shop for the benchmarks that need a full database: Vietnamese names,
// three identities per customer (Messenger, Instagram, Zalo), days of contact, orders and
// labels, bulk-added in large transactions. Shared by the storage benchmark page and the
// sidebar benchmark (which seeds the extension's own database).

import type { Platform } from '@/core/snapshot';
import { nameKey } from '@/core/text';
import type { KqDb } from '@/storage/db';
import type {
  CustomerRow,
  IdentityRow,
  LabelAssignmentRow,
  OrderRow,
  TouchpointRow,
} from '@/storage/schema';
import { rng } from '../rng';

export { rng };

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 10, 23, 3, 0);
export const PLATFORMS: Platform[] = ['messenger', 'instagram', 'zalo'];
export const ACCOUNT: Record<Platform, string> = {
  messenger: '104857600012345',
  instagram: '104857600012345',
  zalo: '4301927736518204512',
};

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Phan',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const MIDDLE = [
  'Thị',
  'Văn',
  'Hữu',
  'Minh',
  'Thu',
  'Ngọc',
  'Quốc',
  'Thanh',
  'Đức',
  'Hoài',
  'Gia',
  'Bảo',
];
const GIVEN = [
  'Lan',
  'Hà',
  'Hương',
  'Tuấn',
  'Anh',
  'Linh',
  'Nam',
  'Hùng',
  'Mai',
  'Phương',
  'Trang',
  'Khoa',
  'Yến',
  'Tâm',
  'Huy',
  'Ngân',
  'Đạt',
  'Vy',
  'Quân',
  'Thảo',
];

export const customerId = (i: number) => `c-${i.toString(36).padStart(5, '0')}`;
export const identityId = (i: number, p: number) => `${customerId(i)}-i${p}`;
export const externalId = (i: number, p: number) =>
  p === 1
    ? `3402823668417103${String(i * 3 + p).padStart(23, '0')}`
    : `1000${String(i * 3 + p).padStart(11, '0')}`;
export const phoneOf = (i: number) => `+8491${String(i).padStart(7, '0')}`;

export function nameOf(r: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  return `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
}

export interface ShopCounts {
  identities: number;
  touchpoints: number;
  orders: number;
}

/**
 * `customers` customers with three identities each, `touchpointsPer` days of contact each, a
 * phone number on 60% (their indexes pushed to `withPhone`), orders on 30%, a label on 10%.
 * `first`: the index of the first customer (to add a shop next to customers already there).
 */
export async function seedShop(
  db: KqDb,
  customers: number,
  touchpointsPer: number,
  options: { withPhone?: number[]; first?: number; seed?: number } = {},
): Promise<ShopCounts> {
  const r = rng(options.seed ?? 42);
  const withPhone = options.withPhone ?? [];
  const from = options.first ?? 0;
  await db.labels.bulkPut(
    ['VIP', 'Khách sỉ', 'Bom hàng', 'Hay đổi size', 'Đã chuyển khoản'].map((name, order) => ({
      id: `l${order}`,
      name,
      color: '#f59e0b',
      order,
      archived: false,
      updatedAt: NOW,
    })),
  );
  let identities = 0;
  let touchpoints = 0;
  let orders = 0;
  const CHUNK = 5000;
  for (let start = from; start < from + customers; start += CHUNK) {
    const cs: CustomerRow[] = [];
    const is: IdentityRow[] = [];
    const ts: TouchpointRow[] = [];
    const os: OrderRow[] = [];
    const as: LabelAssignmentRow[] = [];
    for (let i = start; i < Math.min(from + customers, start + CHUNK); i++) {
      const name = nameOf(r);
      const first = NOW - Math.floor(r() * 365) * DAY;
      const hasPhone = r() < 0.6;
      if (hasPhone) withPhone.push(i);
      cs.push({
        id: customerId(i),
        displayName: name,
        nameKey: nameKey(name),
        phones: hasPhone ? [phoneOf(i)] : [],
        emails: [],
        firstSeenAt: first,
        firstSeenPlatform: 'messenger',
        lastSeenAt: NOW - DAY,
        createdAt: first,
        updatedAt: NOW - DAY,
      });
      for (let p = 0; p < 3; p++) {
        is.push({
          id: identityId(i, p),
          customerId: customerId(i),
          platform: PLATFORMS[p]!,
          accountId: ACCOUNT[PLATFORMS[p]!],
          externalId: externalId(i, p),
          idConfidence: 'strong',
          displayName: name,
          firstSeenAt: first,
          lastSeenAt: NOW - DAY,
        });
      }
      identities += 3;
      for (let k = 0; k < touchpointsPer; k++) {
        const p = k % 3;
        const at = NOW - (1 + k * 17 + Math.floor(r() * 10)) * DAY;
        const day = new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
        ts.push({
          id: `${identityId(i, p)}|${day}`,
          customerId: customerId(i),
          identityId: identityId(i, p),
          platform: PLATFORMS[p]!,
          day,
          firstAt: at,
          lastAt: at + 600_000,
          count: 2,
          incoming: 2,
          seen: ['1a2b3c4d5e6f', '2b3c4d5e6f7a', '3c4d5e6f7a8b'],
        });
      }
      touchpoints += touchpointsPer;
      if (r() < 0.3) {
        const n = 1 + Math.floor(r() * 4);
        for (let o = 0; o < n; o++) {
          const status = r() < 0.85 ? 'delivered' : r() < 0.5 ? 'returned' : 'failed';
          os.push({
            id: `${customerId(i)}-o${o}`,
            customerId: customerId(i),
            code: `DH${i}${o}`,
            placedAt: NOW - Math.floor(r() * 400) * DAY,
            total: 100_000 + Math.floor(r() * 20) * 50_000,
            status,
            items: [{ name: 'Áo sơ mi', quantity: 1, price: 350_000 }],
          });
        }
        orders += n;
      }
      if (r() < 0.1) {
        const labelId = `l${Math.floor(r() * 5)}`;
        as.push({
          id: `${customerId(i)}|${labelId}`,
          customerId: customerId(i),
          labelId,
          assignedAt: NOW - DAY,
        });
      }
    }
    // One transaction per chunk: one commit per 5000 customers, not per row.
    await db.transaction(
      'rw',
      [db.customers, db.identities, db.touchpoints, db.orders, db.labelAssignments],
      async () => {
        await db.customers.bulkAdd(cs);
        await db.identities.bulkAdd(is);
        await db.touchpoints.bulkAdd(ts);
        await db.orders.bulkAdd(os);
        await db.labelAssignments.bulkAdd(as);
      },
    );
  }
  return { identities, touchpoints, orders };
}
