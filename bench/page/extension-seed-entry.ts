// Evaluated inside the extension's service worker by the sidebar benchmark: fills the
// extension's own database with a large shop through the same Dexie schema it uses.
import { KqDb } from '@/storage/db';
import { seedShop } from './shop';

(globalThis as unknown as { __kqSeedShop: unknown }).__kqSeedShop = async (
  customers: number,
  touchpointsPer: number,
) => {
  const db = new KqDb();
  await db.open();
  const t0 = performance.now();
  const counts = await seedShop(db, customers, touchpointsPer);
  const ms = performance.now() - t0;
  const total = await db.customers.count();
  db.close();
  return { ...counts, customers: total, ms };
};
