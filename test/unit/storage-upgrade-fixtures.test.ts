// Every earlier schema version, filled with realistic rows as that release wrote them
// (test/corpus/db/vN.json, made by scripts/make-db-fixture.ts), upgraded to the latest
// version: every row is still there with its data (the only documented transformation is
// v1 → v2 deriving nameKey, phones and e-mails on customers), every index finds its row, and
// what the product reads from those rows still works.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { nameKey } from '@/core/text';
import { KqDb, LATEST_VERSION } from '@/storage/db';

type Row = Record<string, unknown>;
interface Fixture {
  version: number;
  tables: Record<string, Row[]>;
}

const load = (version: number): Fixture =>
  JSON.parse(
    readFileSync(path.join(__dirname, `../corpus/db/v${version}.json`), 'utf8'),
  ) as Fixture;

const opened: KqDb[] = [];
const open = (name: string, upTo?: number) => {
  const db = new KqDb(name, upTo);
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** The rows the latest version must hold for a table of a version-`from` fixture. */
function expectedRows(from: number, table: string, rows: Row[]): Row[] {
  if (from >= 2 || table !== 'customers') return rows;
  return rows.map((c) => ({
    ...c,
    nameKey: nameKey(String(c.displayName)),
    phones: [],
    emails: [],
  }));
}

const byKey = (key: string) => (a: Row, b: Row) =>
  String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0;

const valueAt = (row: Row, keyPath: string) => row[keyPath];

/** Every index of the table (primary key included) finds each row that has a value for it. */
async function checkIndexes(table: Table, rows: Row[]): Promise<number> {
  const pk = table.schema.primKey.keyPath as string;
  let lookups = 0;
  for (const index of [table.schema.primKey, ...table.schema.indexes]) {
    for (const row of rows) {
      const keyPath = index.keyPath;
      const key = Array.isArray(keyPath)
        ? keyPath.map((p) => valueAt(row, p))
        : valueAt(row, keyPath as string);
      const keys = index.multi ? (key as unknown[]) : [key];
      if (keys.some((k) => k === undefined || (Array.isArray(k) && k.includes(undefined)))) {
        continue; // not indexed: the row lacks the field (sparse index)
      }
      for (const k of keys) {
        const where = index.name ? table.where(index.name) : table.where(':id');
        const found = (await where.equals(k as string).primaryKeys()) as unknown[];
        expect(found, `${table.name}.${index.name || pk} = ${JSON.stringify(k)}`).toContain(
          row[pk],
        );
        lookups++;
      }
    }
  }
  return lookups;
}

const VERSIONS = [1, 2, 3, 4, 5, 6, 7];

/** Nothing reads customers by these (storage/db.ts, V4): dropping them loses no data. */
const DROPPED_IN_V4 = ['customers.displayName', 'customers.lastSeenAt'];
const indexNames = (db: KqDb) =>
  db.tables.flatMap((t) => t.schema.indexes.map((i) => `${t.name}.${i.name}`));

describe('database upgrade from every earlier version, filled with real data', () => {
  it('has a fixture per earlier version that fills every table of that version', async () => {
    expect(VERSIONS).toEqual(Array.from({ length: LATEST_VERSION - 1 }, (_, i) => i + 1));
    for (const version of VERSIONS) {
      const fixture = load(version);
      const db = open(`kq-fixture-shape-${version}-${Math.random()}`, version);
      await db.open();
      expect(Object.keys(fixture.tables).sort(), `tables of v${version}`).toEqual(
        db.tables.map((t) => t.name).sort(),
      );
      for (const [name, rows] of Object.entries(fixture.tables)) {
        expect(rows.length, `rows in v${version} ${name}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  for (const version of VERSIONS) {
    it(`v${version} → v${LATEST_VERSION}: every row kept with its data, every index finds it`, async () => {
      const fixture = load(version);
      const name = `kq-fixture-${version}-${Math.random()}`;
      const old = open(name, version);
      await old.transaction('rw', old.tables, async () => {
        for (const [table, rows] of Object.entries(fixture.tables)) {
          await old.table(table).bulkAdd(rows);
        }
      });
      const oldIndexes = indexNames(old);
      old.close();

      const latest = open(name);
      await latest.open();
      expect(latest.verno).toBe(LATEST_VERSION);
      // Every index the old version had is still there, but the two v4 dropped on purpose.
      expect(indexNames(latest)).toEqual(
        expect.arrayContaining(oldIndexes.filter((i) => !DROPPED_IN_V4.includes(i))),
      );
      let lookups = 0;
      for (const table of latest.tables) {
        const pk = table.schema.primKey.keyPath as string;
        const want = expectedRows(version, table.name, fixture.tables[table.name] ?? []);
        const have = (await table.toArray()) as Row[];
        expect([...have].sort(byKey(pk)), `rows in ${table.name}`).toEqual(
          [...want].sort(byKey(pk)),
        );
        lookups += await checkIndexes(table, have);
      }
      expect(lookups).toBeGreaterThan(100);

      // Names typed with combining marks are found by their precomposed search key.
      expect(
        await latest.customers.where('nameKey').startsWith(nameKey('Nguyễn Văn Đức')).count(),
      ).toBe(1);
      // The history of every customer still reads from the upgraded rows.
      const { timelineOf } = await import('@/storage/timeline');
      for (const c of await latest.customers.toArray()) {
        const page = await timelineOf(latest, c.id, { limit: 500 });
        const notes = (fixture.tables.notes ?? []).filter((n) => n.customerId === c.id);
        const orders = (fixture.tables.orders ?? []).filter((o) => o.customerId === c.id);
        expect(page.entries.filter((e) => e.kind === 'note').length, c.id).toBe(notes.length);
        expect(page.entries.filter((e) => e.kind === 'order').length, c.id).toBe(orders.length);
      }
    });
  }

  it('the care queue rebuilt on an upgraded v7 database keeps what the agents did: done, snoozed and dismissed items stay so', async () => {
    const fixture = load(7);
    const name = `kq-fixture-care-${Math.random()}`;
    const old = open(name, 7);
    for (const [table, rows] of Object.entries(fixture.tables)) {
      await old.table(table).bulkAdd(rows);
    }
    old.close();
    const latest = open(name);
    const { rebuildAllCare } = await import('@/storage/care');
    await rebuildAllCare(latest, Date.UTC(2026, 10, 5), { turn: async () => {} });
    const acted = (fixture.tables.careItems ?? []).filter((i) => i.state !== 'open');
    expect(acted.length).toBe(3);
    for (const item of acted) {
      expect(await latest.careItems.get(String(item.id)), String(item.id)).toMatchObject({
        state: item.state,
        updatedAt: item.updatedAt,
      });
    }
  });

  it('a merge made before the upgrade can still be undone after it, with nothing lost', async () => {
    const fixture = load(4);
    const name = `kq-fixture-unmerge-${Math.random()}`;
    const old = open(name, 4);
    for (const [table, rows] of Object.entries(fixture.tables)) {
      await old.table(table).bulkAdd(rows);
    }
    old.close();
    const latest = open(name);
    const { unmergeCustomers } = await import('@/storage/merge');
    await unmergeCustomers(latest, 'mg-1', Date.UTC(2026, 10, 1));
    const merge = fixture.tables.merges?.[0] as Row;
    expect(await latest.customers.get('c-empty')).toEqual(merge.source);
    expect((await latest.identities.get('i-empty'))?.customerId).toBe('c-empty');
    expect(await latest.touchpoints.where('customerId').equals('c-empty').count()).toBe(1);
    expect(await latest.customers.count()).toBe((fixture.tables.customers?.length ?? 0) + 1);
  });
});
