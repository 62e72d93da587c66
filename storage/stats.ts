// What the dashboard's figures need from the local database, read by index: the period's
// touchpoints by `day`, each customer's latest earlier day by `[customerId+day]` (only
// whether one exists matters), orders and labels of just those customers, and win-back
// candidates by `orders.placedAt`. The meaning is decided in core/stats.
import Dexie from 'dexie';
import {
  addDays,
  computeStats,
  endOfDay,
  type StatsCustomer,
  type StatsOrder,
  type StatsReport,
} from '@/core/stats';
import type { KqDb } from './db';
import { storedRfmCuts } from './rfm';
import { recognitionSettingsOf } from './settings';

export async function localStats(
  db: KqDb,
  from: string,
  to: string,
  utcOffsetMinutes: number,
): Promise<StatsReport> {
  const settings = await recognitionSettingsOf(db);
  const threshold = settings.lapsedAfterDays + 1;
  return db.transaction(
    'r',
    [db.touchpoints, db.customers, db.orders, db.labelAssignments, db.labels, db.settings],
    async () => {
      const touchpoints = await db.touchpoints.where('day').between(from, to, true, true).toArray();
      // An order placed on day D lapses on D + threshold: those inside the period.
      const candidates = await db.orders
        .where('placedAt')
        .between(
          endOfDay(addDays(from, -threshold - 1), utcOffsetMinutes) + 1,
          endOfDay(addDays(to, -threshold), utcOffsetMinutes),
          true,
          true,
        )
        .toArray()
        .then((rows) => [...new Set(rows.map((o) => o.customerId))]);

      const ids = [...new Set([...touchpoints.map((t) => t.customerId), ...candidates])];
      const [customers, orders, assignments, labels, cuts, earlier] = await Promise.all([
        db.customers.bulkGet(ids),
        db.orders.where('customerId').anyOf(ids).toArray(),
        db.labelAssignments.where('customerId').anyOf(ids).toArray(),
        db.labels.toArray(),
        storedRfmCuts(db),
        Promise.all(
          ids.map((id) =>
            db.touchpoints
              .where('[customerId+day]')
              .between([id, Dexie.minKey], [id, from], true, false)
              .last(),
          ),
        ),
      ]);

      const labelName = new Map(labels.map((l) => [l.id, l.name]));
      const ordersOf = new Map<string, StatsOrder[]>();
      for (const o of orders) {
        const list = ordersOf.get(o.customerId) ?? [];
        list.push({
          customerId: o.customerId,
          code: o.code,
          placedAt: o.placedAt,
          total: o.total,
          status: o.status,
        });
        ordersOf.set(o.customerId, list);
      }
      const labelsOf = new Map<string, string[]>();
      for (const a of assignments) {
        const name = labelName.get(a.labelId);
        if (name === undefined) continue;
        labelsOf.set(a.customerId, [...(labelsOf.get(a.customerId) ?? []), name]);
      }
      const byId = new Map<string, StatsCustomer>();
      ids.forEach((id, i) => {
        const before = earlier[i];
        byId.set(id, {
          id,
          displayName: customers[i]?.displayName ?? '',
          labels: labelsOf.get(id) ?? [],
          earlierDays: before ? [before.day] : [],
          orders: ordersOf.get(id) ?? [],
        });
      });
      return computeStats({
        from,
        to,
        utcOffsetMinutes,
        touchpoints,
        customers: byId,
        winBackCandidates: candidates,
        settings,
        ...(cuts ? { cuts } : {}),
      });
    },
  );
}
