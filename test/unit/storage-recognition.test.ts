// Classification with real inputs (orders, labels, RFM, settings) and the outbox: every
// shared write queues its mutations in the same transaction, only while connected.
import { describe, expect, it } from 'vitest';
import { MutationSchema } from '@/core/sync/mutations';
import { recordConversation } from '@/storage/conversations';
import type { KqDb } from '@/storage/db';
import { assignLabel, unassignLabel } from '@/storage/labels';
import { addNote, deleteNote, editNote } from '@/storage/notes';
import { putOrder, setOrderStatus } from '@/storage/orders';
import {
  RFM_CUTS_KEY,
  recomputeRfmCuts,
  refreshRfmCutsIfStale,
  rfmCutsStale,
  storedRfmCuts,
} from '@/storage/rfm';
import { saveRecognitionSettings } from '@/storage/settings';
import { addContact } from '@/storage/suggestions';
import {
  clockAt,
  connect,
  DAY,
  dump,
  freshDb,
  incoming,
  queued,
  snap,
  T0,
} from './storage-helpers';

async function customer(db: KqDb, externalId = '100000000000001', name = 'Nguyễn Thu Hà') {
  return recordConversation(db, snap({ externalId, displayName: name }), clockAt(T0));
}

describe('classification inputs', () => {
  it('orders make a customer; failed and returned deliveries raise the "bom hàng" flag', async () => {
    const db = freshDb();
    const { customerId } = await customer(db);
    await putOrder(db, {
      customerId,
      code: 'DH1',
      placedAt: T0 - 10 * DAY,
      total: 450_000,
      status: 'delivered',
    });
    const failed = await putOrder(db, {
      customerId,
      code: 'DH2',
      placedAt: T0 - 5 * DAY,
      total: 200_000,
      status: 'pending',
    });
    await setOrderStatus(db, failed.id, 'failed');
    await putOrder(db, {
      customerId,
      code: 'DH3',
      placedAt: T0 - 4 * DAY,
      total: 100_000,
      status: 'returned',
    });
    const view = await recordConversation(db, snap(), clockAt(T0 + 1000));
    expect(view.status).toBe('customer');
    expect(view.evidence[0]).toMatchObject({ code: 'orders', count: 3, amount: 450_000 });
    expect(view.evidence).toContainEqual({ code: 'delivery-risk', failed: 1, returned: 1 });
    expect(view.risk).toEqual({ failed: 1, returned: 1, rate: 2 / 3 });
  });

  it('a VIP label makes a VIP; an archived or deleted label does not', async () => {
    const db = freshDb();
    const { customerId } = await customer(db);
    await db.labels.bulkAdd([
      { id: 'vip', name: 'Khách VIP', color: '#f59e0b', order: 0, archived: false, updatedAt: 1 },
      { id: 'si', name: 'Khách sỉ', color: '#0ea5e9', order: 1, archived: false, updatedAt: 1 },
    ]);
    await assignLabel(db, customerId, 'si');
    expect((await recordConversation(db, snap(), clockAt(T0))).status).toBe('new');
    await assignLabel(db, customerId, 'vip');
    const view = await recordConversation(db, snap(), clockAt(T0));
    expect(view.status).toBe('vip');
    expect(view.evidence[0]).toEqual({ code: 'vip-label', label: 'Khách VIP' });
    await db.labels.update('vip', { archived: true });
    expect((await recordConversation(db, snap(), clockAt(T0))).status).toBe('new');
    await db.labels.delete('vip');
    expect((await recordConversation(db, snap(), clockAt(T0))).status).toBe('new');
  });

  it('the shop’s lapsed threshold applies', async () => {
    const db = freshDb();
    const { customerId } = await customer(db);
    await putOrder(db, {
      customerId,
      code: 'DH1',
      placedAt: T0 - 40 * DAY,
      total: 1,
      status: 'delivered',
    });
    expect((await recordConversation(db, snap(), clockAt(T0))).status).toBe('customer');
    await saveRecognitionSettings(db, { lapsedAfterDays: 30 });
    const view = await recordConversation(db, snap(), clockAt(T0));
    expect(view.status).toBe('lapsed');
    expect(view.evidence[0]).toMatchObject({ code: 'lapsed', daysAgo: 40, threshold: 30 });
    await expect(saveRecognitionSettings(db, { lapsedAfterDays: 0 })).rejects.toThrow(
      /lapsedAfterDays must be at least 1/,
    );
  });

  it('scores RFM against cached quintile cuts, recomputed only when stale', async () => {
    const db = freshDb();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++)
      ids.push((await customer(db, `${1000 + i}`, `Khách ${i}`)).customerId);
    for (const [i, id] of ids.entries()) {
      for (let n = 0; n <= i % 5; n++) {
        await putOrder(db, {
          customerId: id,
          code: `DH${i}-${n}`,
          placedAt: T0 - (25 - i) * DAY,
          total: 100_000 * (i + 1),
          status: 'delivered',
        });
      }
    }
    // No cuts yet: classification still works, without RFM.
    const top = await recordConversation(
      db,
      snap({ externalId: '1024', displayName: 'Khách 24' }),
      clockAt(T0),
    );
    expect(top.status).toBe('customer');

    await refreshRfmCutsIfStale(db, T0);
    const cuts = await storedRfmCuts(db);
    expect(cuts?.population).toBe(25);
    const vip = await recordConversation(
      db,
      snap({ externalId: '1024', displayName: 'Khách 24' }),
      clockAt(T0),
    );
    expect(vip.status).toBe('vip');
    expect(vip.evidence[0]).toMatchObject({ code: 'vip-rfm', r: 5, f: 5, m: 5, score: 15 });

    // Fresh cuts are not recomputed on every call; enough order writes make them stale.
    expect(rfmCutsStale(cuts, cuts!.orderWrites, T0 + 1000)).toBe(false);
    expect(rfmCutsStale(cuts, cuts!.orderWrites + 21, T0 + 1000)).toBe(true);
    expect(rfmCutsStale(cuts, cuts!.orderWrites, T0 + 2 * DAY)).toBe(true);
    const again = await recomputeRfmCuts(db, T0 + 5);
    expect(again).toMatchObject({ r: cuts!.r, f: cuts!.f, m: cuts!.m });
    await db.settings.delete(RFM_CUTS_KEY);
  });
});

describe('outbox', () => {
  it('queues nothing while no team server is connected', async () => {
    const db = freshDb();
    await db.labels.add({
      id: 'vip',
      name: 'VIP',
      color: '#f59e0b',
      order: 0,
      archived: false,
      updatedAt: 1,
    });
    const { customerId } = await customer(db);
    await recordConversation(db, snap({ messages: [incoming('mới', T0 + 1)] }), clockAt(T0 + 2));
    const note = await addNote(db, { customerId, text: 'x' });
    await editNote(db, note.id, { pinned: true });
    await deleteNote(db, note.id);
    await assignLabel(db, customerId, 'vip');
    await unassignLabel(db, customerId, 'vip');
    await addContact(db, customerId, 'phone', '0912345678');
    expect(await db.outbox.count()).toBe(0);
  });

  it('queues valid mutations in the writer’s transaction while connected', async () => {
    const db = freshDb();
    await connect(db);
    await db.labels.add({
      id: 'vip',
      name: 'VIP',
      color: '#f59e0b',
      order: 0,
      archived: false,
      updatedAt: 1,
    });
    const first = await customer(db);
    const identity = await db.identities.toCollection().first();
    expect(await queued(db)).toEqual([
      { kind: 'customer.upsert', data: expect.objectContaining({ id: first.customerId }) },
      { kind: 'identity.upsert', data: expect.objectContaining({ id: identity?.id }) },
      {
        kind: 'touchpoint.record',
        data: {
          id: `${identity?.id}:2026-12-01`,
          customerId: first.customerId,
          identityId: identity?.id,
          platform: 'messenger',
          day: '2026-12-01',
          at: T0,
          count: 1,
        },
      },
    ]);
    // The same thread again: nothing new, nothing queued.
    await customer(db);
    expect(await db.outbox.count()).toBe(3);
    // A new message: one more sighting for the server's count.
    await recordConversation(
      db,
      snap({
        messages: [
          incoming('Còn màu xanh không shop?', T0 - 60_000),
          incoming('0912 345 678', T0 + 5),
        ],
      }),
      clockAt(T0 + 10),
    );
    expect((await queued(db)).slice(3)).toEqual([
      { kind: 'customer.upsert', data: expect.objectContaining({ phones: ['+84912345678'] }) },
      { kind: 'touchpoint.record', data: expect.objectContaining({ count: 1, at: T0 + 10 }) },
    ]);

    await db.outbox.clear();
    const note = await addNote(db, { customerId: first.customerId, text: 'Hay đổi size' }, T0);
    await editNote(db, note.id, { text: 'Hay đổi size M' }, T0);
    await deleteNote(db, note.id, T0);
    await assignLabel(db, first.customerId, 'vip', T0);
    const tags = (await db.labelAssignments.toArray())[0]?.tags;
    await unassignLabel(db, first.customerId, 'vip', T0);
    const all = await queued(db);
    expect(all.map((m) => m.kind)).toEqual([
      'note.add',
      'note.edit',
      'note.delete',
      'label.assign',
      'label.unassign',
    ]);
    expect(all[4]?.data).toEqual({ customerId: first.customerId, labelId: 'vip', tags });
    for (const row of await db.outbox.toArray()) {
      expect(MutationSchema.safeParse(row.payload).success, row.kind).toBe(true);
    }
    // Orders stay local: no mutation kind for them yet.
    await db.outbox.clear();
    await putOrder(db, {
      customerId: first.customerId,
      code: 'DH1',
      placedAt: T0,
      total: 1,
      status: 'pending',
    });
    expect(await db.outbox.count()).toBe(0);
  });

  it('a failed write leaves the database and the outbox unchanged', async () => {
    const db = freshDb();
    await connect(db);
    await recordConversation(db, snap({ messages: [incoming('0912 345 678')] }), clockAt(T0));
    const before = await dump(db, []);
    db.touchpoints.hook('creating', () => {
      throw new Error('disk full');
    });
    // A linked identity: the customer gets updated and the identity added before it fails.
    await expect(
      recordConversation(
        db,
        snap({
          platform: 'zalo',
          externalId: '7412',
          accountId: 'z',
          messages: [incoming('0912345678, lan@example.vn')],
        }),
        clockAt(T0 + DAY),
      ),
    ).rejects.toThrow('disk full');
    expect(await dump(db, [])).toEqual(before);
  });
});
