import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, exportBackup, restoreBackup } from '@/storage/backup';
import { recordConversation } from '@/storage/conversations';
import { CUSTOMER_CSV_HEADER, customersCsv } from '@/storage/customers-csv';
import { LATEST_VERSION } from '@/storage/db';
import { addNote } from '@/storage/notes';
import { SYNC_CONNECTION_KEY } from '@/storage/outbox';
import {
  clockAt,
  connect,
  DAY,
  dump,
  freshDb,
  incoming,
  snap,
  T0,
  zaloSnap,
} from './storage-helpers';

async function filled() {
  const db = freshDb();
  await recordConversation(db, snap({ messages: [incoming('hi', T0 - DAY)] }), clockAt(T0 - DAY));
  const view = await recordConversation(db, snap(), clockAt(T0));
  await recordConversation(db, zaloSnap(), clockAt(T0));
  await db.labels.add({
    id: 'l1',
    name: 'Sỉ "lẻ", ok',
    color: '#123456',
    order: 1,
    archived: false,
    updatedAt: T0,
  });
  await db.labelAssignments.add({
    id: 'a1',
    customerId: view.customerId,
    labelId: 'l1',
    assignedAt: T0,
  });
  await db.orders.add({
    id: 'o1',
    customerId: view.customerId,
    code: 'DH1',
    placedAt: T0,
    total: 450_000,
    status: 'delivered',
    items: [{ name: 'Áo\nxanh', quantity: 2, price: 225_000 }],
  });
  await db.notes.add({
    id: 'n1',
    customerId: view.customerId,
    text: 'Giao giờ hành chính </script>',
    author: '',
    pinned: true,
    createdAt: T0,
    updatedAt: T0,
  });
  await db.settings.put({ key: 'recognition', value: { lapsedAfterDays: 60 } });
  return db;
}

const parse = (chunks: string[]) => JSON.parse(chunks.join(''));

describe('backup', () => {
  it('export → restore into a fresh database gives every table back unchanged', async () => {
    const db = await filled();
    const chunks = await exportBackup(db, T0);
    const doc = parse(chunks);
    expect(doc).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      schemaVersion: LATEST_VERSION,
      exportedAt: T0,
    });
    const target = freshDb();
    const summary = await restoreBackup(target, doc);
    expect(summary.counts).toMatchObject({ customers: 2, notes: 1, orders: 1, labels: 1 });
    expect(await dump(target)).toEqual(await dump(db));
  });

  it('pages through big tables', async () => {
    const db = freshDb();
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      id: `c${String(i).padStart(5, '0')}`,
      displayName: `Khách ${i}`,
      nameKey: `khach ${i}`,
      phones: [],
      emails: [],
      firstSeenAt: T0,
      firstSeenPlatform: 'zalo' as const,
      lastSeenAt: T0,
      createdAt: T0,
      updatedAt: T0,
    }));
    await db.customers.bulkAdd(rows);
    const target = freshDb();
    await restoreBackup(target, parse(await exportBackup(db)));
    expect(await target.customers.toArray()).toEqual(rows);
  });

  it('leaves out the server link (its token) and the outbox, and keeps the target’s own', async () => {
    const db = await filled();
    await connect(db);
    await addNote(db, { customerId: (await db.customers.toArray())[0]!.id, text: 'queued' });
    const text = (await exportBackup(db)).join('');
    expect(text).not.toContain(SYNC_CONNECTION_KEY);
    expect(text).not.toContain('"outbox"');
    const target = freshDb();
    await target.settings.put({ key: 'sync.packEtag:zalo', value: 'e1' });
    await restoreBackup(target, JSON.parse(text));
    expect(await target.settings.get('sync.packEtag:zalo')).toEqual({
      key: 'sync.packEtag:zalo',
      value: 'e1',
    });
    expect(await target.outbox.count()).toBe(0);
  });

  it('refuses another format, a newer version, damage, or a connected profile, changing nothing', async () => {
    const db = await filled();
    const before = await dump(db);
    const good = parse(await exportBackup(freshDb()));
    const bad: [unknown, RegExp][] = [
      [{ format: 'other' }, /not a Khách Quen backup/],
      [{ ...good, version: 2 }, /version 2 is newer/],
      [{ ...good, schemaVersion: LATEST_VERSION + 1 }, /database version .* is newer/],
      [{ ...good, tables: { customers: [1] } }, /damaged: table customers/],
      [{ ...good, tables: { secrets: [] } }, /unknown table: secrets/],
    ];
    for (const [doc, message] of bad) await expect(restoreBackup(db, doc)).rejects.toThrow(message);
    expect(await dump(db)).toEqual(before);
    await connect(db);
    await expect(restoreBackup(db, good)).rejects.toThrow(/disconnect first/);
  });

  it('a failing row aborts the whole restore: nothing is half-written', async () => {
    const db = await filled();
    const before = await dump(db);
    const doc = parse(await exportBackup(db));
    // Two rows with one id: the second bulkAdd fails after tables were already cleared.
    doc.tables.touchpoints.push(doc.tables.touchpoints[0]);
    await expect(restoreBackup(db, doc)).rejects.toThrow();
    expect(await dump(db)).toEqual(before);
  });
});

describe('customers CSV', () => {
  it('one row per customer with labels and order summary, quoted where needed', async () => {
    const db = await filled();
    const text = (await customersCsv(db, 420)).join('');
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(CUSTOMER_CSV_HEADER.join(','));
    const ha = (await db.customers.toArray()).find((c) => c.displayName === 'Nguyễn Thu Hà')!;
    expect(lines).toContain(
      `${ha.id},Nguyễn Thu Hà,,,2026-11-30,messenger,"Sỉ ""lẻ"", ok",1,450000,2026-12-01`,
    );
    expect(lines.filter(Boolean)).toHaveLength(3);
    await db.customers.update(ha.id, { phones: ['+84912345678', '+84283456789'] });
    const again = (await customersCsv(db, 420)).join('');
    expect(again).toContain(`${ha.id},Nguyễn Thu Hà,0912 345 678; 0283 456 789,`);
  });
});
