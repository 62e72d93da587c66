// Opens a database as release v1 left it, full of data, and upgrades it to the latest
// schema: every row must survive and the derived v2 fields must be filled in.
import { afterEach, describe, expect, it } from 'vitest';
import { KqDb, LATEST_VERSION } from '@/storage/db';

const opened: KqDb[] = [];
const open = (name: string, upTo?: number) => {
  const db = new KqDb(name, upTo);
  opened.push(db);
  return db;
};
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
});

async function fillV1(db: KqDb) {
  // v1 rows had no nameKey/phones/emails on customers.
  await db.table('customers').bulkAdd([
    {
      id: 'c1',
      displayName: 'Chị Lan Phụ Tùng',
      firstSeenAt: 1,
      firstSeenPlatform: 'zalo',
      lastSeenAt: 5,
      createdAt: 1,
      updatedAt: 5,
    },
    {
      id: 'c2',
      displayName: 'Nguyễn Văn Đức',
      firstSeenAt: 2,
      firstSeenPlatform: 'messenger',
      lastSeenAt: 6,
      createdAt: 2,
      updatedAt: 6,
    },
  ]);
  await db.identities.bulkAdd([
    {
      id: 'i1',
      customerId: 'c1',
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412000000000000001',
      idConfidence: 'strong',
      displayName: 'Chị Lan Phụ Tùng',
      firstSeenAt: 1,
      lastSeenAt: 5,
    },
    {
      id: 'i2',
      customerId: 'c2',
      platform: 'messenger',
      accountId: '111',
      externalId: '100000000000001',
      idConfidence: 'strong',
      displayName: 'Nguyễn Văn Đức',
      firstSeenAt: 2,
      lastSeenAt: 6,
    },
  ]);
  await db.touchpoints.bulkAdd([
    {
      id: 'i1|2026-11-01',
      customerId: 'c1',
      identityId: 'i1',
      platform: 'zalo',
      day: '2026-11-01',
      firstAt: 1,
      lastAt: 1,
      count: 1,
    },
    {
      id: 'i1|2026-11-20',
      customerId: 'c1',
      identityId: 'i1',
      platform: 'zalo',
      day: '2026-11-20',
      firstAt: 5,
      lastAt: 5,
      count: 3,
    },
  ]);
  await db.labels.add({
    id: 'l1',
    name: 'VIP',
    color: '#f59e0b',
    order: 0,
    archived: false,
    updatedAt: 1,
  });
  await db.labelAssignments.add({ id: 'a1', customerId: 'c1', labelId: 'l1', assignedAt: 3 });
  await db.notes.add({
    id: 'n1',
    customerId: 'c1',
    text: 'Hay đổi size',
    author: 'Mai',
    pinned: true,
    createdAt: 4,
    updatedAt: 4,
  });
  await db.orders.add({
    id: 'o1',
    customerId: 'c1',
    code: 'DH1234',
    placedAt: 4,
    total: 1_250_000,
    status: 'delivered',
    items: [{ name: 'Áo', quantity: 1, price: 1_250_000 }],
  });
  await db.templates.add({
    id: 't1',
    title: 'Chào',
    body: 'Chào {ten_khach}',
    segments: ['new'],
    intents: ['greeting'],
    updatedAt: 1,
  });
  await db.outbox.add({ mutationId: 'm1', kind: 'note.add', payload: { id: 'n1' }, createdAt: 4 });
  await db.settings.add({ key: 'locale', value: 'vi' });
}

describe('database migrations', () => {
  it('upgrades a filled v1 database to the latest version without losing a row', async () => {
    const name = `kq-migrate-${Math.random()}`;
    const v1 = open(name, 1);
    await fillV1(v1);
    const before: Record<string, unknown[]> = {};
    for (const table of v1.tables) before[table.name] = await table.toArray();
    v1.close();

    const latest = open(name);
    await latest.open();
    expect(latest.verno).toBe(LATEST_VERSION);
    for (const table of latest.tables) {
      const after = await table.toArray();
      // Tables added after v1 start empty.
      expect(after.length, `rows in ${table.name}`).toBe(before[table.name]?.length ?? 0);
    }
    // Original fields unchanged, derived fields added.
    const lan = await latest.customers.get('c1');
    expect(lan).toMatchObject({
      displayName: 'Chị Lan Phụ Tùng',
      nameKey: 'chi lan phu tung',
      phones: [],
      emails: [],
      lastSeenAt: 5,
    });
    expect(await latest.customers.where('nameKey').startsWith('nguyen van duc').count()).toBe(1);
    expect(
      await latest.touchpoints
        .where('[customerId+day]')
        .between(['c1', ''], ['c1', '\uffff'])
        .count(),
    ).toBe(2);
    expect(await latest.notes.get('n1')).toMatchObject({ text: 'Hay đổi size', pinned: true });
    expect(await latest.orders.get('o1')).toMatchObject({ total: 1_250_000, status: 'delivered' });
    expect(await latest.outbox.where('mutationId').equals('m1').count()).toBe(1);
  });

  it('keeps identity keys unique across versions', async () => {
    const db = open(`kq-unique-${Math.random()}`);
    const row = {
      id: 'x',
      customerId: 'c',
      platform: 'zalo' as const,
      accountId: 'a',
      externalId: 'e',
      idConfidence: 'strong' as const,
      displayName: 'X',
      firstSeenAt: 1,
      lastSeenAt: 1,
    };
    await db.identities.add(row);
    await expect(db.identities.add({ ...row, id: 'y' })).rejects.toThrow(
      /ConstraintError|uniqueness/i,
    );
  });
});

describe('v3 → v4', () => {
  it('keeps every v3 row, adds the new tables empty, and reads legacy rows as before', async () => {
    const name = `kq-migrate-v3-${Math.random()}`;
    const v3 = open(name, 3);
    await fillV1(v3);
    const before: Record<string, unknown[]> = {};
    for (const table of v3.tables) before[table.name] = await table.toArray();
    expect(v3.tables.map((t) => t.name)).not.toContain('merges');
    v3.close();

    const latest = open(name);
    await latest.open();
    expect(latest.verno).toBe(LATEST_VERSION);
    for (const table of latest.tables) {
      expect(await table.toArray(), `rows in ${table.name}`).toEqual(before[table.name] ?? []);
    }
    // Legacy rows still answer the questions v4 asks of them.
    const { timelineOf } = await import('@/storage/timeline');
    const page = await timelineOf(latest, 'c1');
    expect(page.entries.map((e) => e.kind)).toEqual([
      'touchpoint',
      'order',
      'note',
      'label',
      'touchpoint',
    ]);
    expect(page.entries.find((e) => e.kind === 'label')).toMatchObject({ labelName: 'VIP' });
  });
});

describe('v4 → v5', () => {
  it('keeps every v4 row, adds the reply tables empty, and seeds the reply pack on first use', async () => {
    const name = `kq-migrate-v4-${Math.random()}`;
    const v4 = open(name, 4);
    await fillV1(v4);
    const before: Record<string, unknown[]> = {};
    for (const table of v4.tables) before[table.name] = await table.toArray();
    expect(v4.tables.map((t) => t.name)).not.toContain('replyTemplates');
    v4.close();

    const latest = open(name);
    await latest.open();
    expect(latest.verno).toBe(LATEST_VERSION);
    for (const table of latest.tables) {
      expect(await table.toArray(), `rows in ${table.name}`).toEqual(before[table.name] ?? []);
    }
    const { listTemplates } = await import('@/storage/templates');
    expect((await listTemplates(latest)).length).toBeGreaterThan(20);
  });
});

describe('v5 → v6', () => {
  it('keeps every v5 row and adds the import tables empty', async () => {
    const name = `kq-migrate-v5-${Math.random()}`;
    const v5 = open(name, 5);
    await fillV1(v5);
    const before: Record<string, unknown[]> = {};
    for (const table of v5.tables) before[table.name] = await table.toArray();
    expect(v5.tables.map((t) => t.name)).not.toContain('importJobs');
    v5.close();

    const latest = open(name, 6);
    await latest.open();
    expect(latest.verno).toBe(6);
    for (const table of latest.tables) {
      expect(await table.toArray(), `rows in ${table.name}`).toEqual(before[table.name] ?? []);
    }
  });
});

describe('v6 → v7', () => {
  it('keeps every v6 row and adds the care tables empty; a customer without a birthday stays as it was', async () => {
    const name = `kq-migrate-v6-${Math.random()}`;
    const v6 = open(name, 6);
    await fillV1(v6);
    const before: Record<string, unknown[]> = {};
    for (const table of v6.tables) before[table.name] = await table.toArray();
    expect(v6.tables.map((t) => t.name)).not.toContain('careItems');
    v6.close();

    const latest = open(name);
    await latest.open();
    expect(latest.verno).toBe(LATEST_VERSION);
    expect(latest.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['careItems', 'careThreads']),
    );
    for (const table of latest.tables) {
      expect(await table.toArray(), `rows in ${table.name}`).toEqual(before[table.name] ?? []);
    }
    // The queue's index answers on the migrated database.
    expect(
      await latest.careItems
        .where('[state+dueAt]')
        .between(['open', 0], ['open', Infinity])
        .count(),
    ).toBe(0);
  });
});

describe('v7 → v8', () => {
  it('keeps every v7 row, care items included, and adds the pipeline stages empty', async () => {
    const name = `kq-migrate-v7-${Math.random()}`;
    const v7 = open(name, 7);
    await fillV1(v7);
    await v7.table('careItems').add({
      id: 'c1|reminder|r1',
      customerId: 'c1',
      kind: 'reminder',
      occasion: 'r1',
      dueAt: 1,
      state: 'open',
      reason: { kind: 'reminder', note: 'gọi lại' },
      updatedAt: 1,
    });
    const before: Record<string, unknown[]> = {};
    for (const table of v7.tables) before[table.name] = await table.toArray();
    expect(v7.tables.map((t) => t.name)).not.toContain('stages');
    v7.close();

    const latest = open(name);
    await latest.open();
    expect(latest.verno).toBe(LATEST_VERSION);
    for (const table of latest.tables) {
      expect(await table.toArray(), `rows in ${table.name}`).toEqual(before[table.name] ?? []);
    }
    expect(await latest.careItems.count()).toBe(1);
    expect(await latest.stages.where('stageId').equals('consulted').count()).toBe(0);
  });
});
