// Merging two customers and undoing it: nothing lost, every row back where it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '@/core/snapshot';
import { recordConversation } from '@/storage/conversations';
import type { KqDb } from '@/storage/db';
import { handleMergeCustomers, handleUnmergeCustomers } from '@/storage/handlers';
import { assignLabel } from '@/storage/labels';
import { mergeCustomers, unmergeCustomers } from '@/storage/merge';
import { addNote, deleteNote } from '@/storage/notes';
import { putOrder } from '@/storage/orders';
import { RFM_ORDER_WRITES_KEY } from '@/storage/rfm';
import type { CustomerRow } from '@/storage/schema';
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
  zaloSnap,
} from './storage-helpers';

/** The database minus the merge log and the RFM staleness counter (bookkeeping). */
async function state(db: KqDb) {
  const all = await dump(db, ['outbox', 'merges']);
  all.settings = (all.settings as { key: string }[]).filter((s) => s.key !== RFM_ORDER_WRITES_KEY);
  return all;
}

const LABELS = ['l-vip', 'l-si', 'l-bom'];

/** A random shop: customers with identities, days, notes, orders, labels, kept messages. */
const shopArb = fc.record({
  customers: fc.array(
    fc.record({
      identities: fc.array(
        fc.record({
          platform: fc.constantFrom(...PLATFORMS),
          days: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
          linked: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      notes: fc.integer({ min: 0, max: 3 }),
      orders: fc.array(
        fc.constantFrom('pending', 'delivered', 'returned', 'cancelled', 'failed' as const),
        { maxLength: 3 },
      ),
      labels: fc.subarray(LABELS),
      legacyLabelIds: fc.boolean(),
      phones: fc.subarray(['+84912345678', '+84987654321', '+84281234567']),
      emails: fc.subarray(['a@example.vn', 'b@example.vn']),
      messages: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 2, maxLength: 4 },
  ),
  merges: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
});

type Shop = typeof shopArb extends fc.Arbitrary<infer S> ? S : never;

async function seed(db: KqDb, shop: Shop): Promise<string[]> {
  await db.labels.bulkAdd(
    LABELS.map((id, order) => ({
      id,
      name: id,
      color: '#112233',
      order,
      archived: false,
      updatedAt: 1,
    })),
  );
  const ids: string[] = [];
  for (const [c, spec] of shop.customers.entries()) {
    const id = `c${c}`;
    ids.push(id);
    const customer: CustomerRow = {
      id,
      displayName: `Khách ${c}`,
      nameKey: `khach ${c}`,
      phones: spec.phones,
      emails: spec.emails,
      firstSeenAt: T0 + c,
      firstSeenPlatform: spec.identities[0]!.platform,
      // Older than its touchpoints: sightings do not rewrite the customer row.
      lastSeenAt: T0 - 20 * DAY + c,
      createdAt: T0 + c,
      updatedAt: T0 + 100 + c,
    };
    await db.customers.add(customer);
    for (const [i, ident] of spec.identities.entries()) {
      const identityId = `${id}-i${i}`;
      await db.identities.add({
        id: identityId,
        customerId: id,
        platform: ident.platform,
        accountId: 'acc',
        externalId: identityId,
        idConfidence: 'strong',
        displayName: `Khách ${c}`,
        firstSeenAt: T0,
        lastSeenAt: T0 + 10,
        ...(ident.linked ? { link: { by: 'phone' as const, value: '+84912345678', at: T0 } } : {}),
      });
      for (const d of ident.days) {
        const day = `2026-11-0${d}`;
        await db.touchpoints.add({
          id: `${identityId}|${day}`,
          customerId: id,
          identityId,
          platform: ident.platform,
          day,
          firstAt: T0 - d * DAY,
          lastAt: T0 - d * DAY + 5,
          count: d + 1,
          ...(d % 2 ? { incoming: d, seen: [`f${d}`] } : {}),
        });
      }
      for (let m = 0; m < spec.messages; m++) {
        await db.messages.add({
          id: `${identityId}|2026-11-01|m${m}`,
          customerId: id,
          identityId,
          day: '2026-11-01',
          direction: m % 2 ? 'out' : 'in',
          text: `tin ${m}`,
          seenAt: T0,
          position: m,
        });
      }
    }
    for (let n = 0; n < spec.notes; n++) {
      await db.notes.add({
        id: `${id}-n${n}`,
        customerId: id,
        text: `ghi chú ${n}`,
        author: 'Mai',
        pinned: n === 0,
        createdAt: T0 + n,
        updatedAt: T0 + n,
      });
    }
    for (const [o, status] of spec.orders.entries()) {
      await db.orders.add({
        id: `${id}-o${o}`,
        customerId: id,
        code: `DH${c}${o}`,
        placedAt: T0 - o * DAY,
        total: 100_000 * (o + 1),
        status,
        items: [],
      });
    }
    for (const labelId of spec.labels) {
      await db.labelAssignments.add({
        id: spec.legacyLabelIds ? `legacy-${id}-${labelId}` : `${id}|${labelId}`,
        customerId: id,
        labelId,
        assignedAt: T0 - DAY,
      });
      await db.labelEvents.add({
        id: `${id}-e-${labelId}`,
        customerId: id,
        labelId,
        action: 'assign',
        at: T0 - DAY,
      });
    }
  }
  return ids;
}

describe('merge and undo', () => {
  it('restores the exact database after any chain of merges undone in reverse (property)', async () => {
    await fc.assert(
      fc.asyncProperty(shopArb, async (shop) => {
        const db = freshDb();
        const ids = await seed(db, shop);
        const before = await state(db);
        const alive = new Set(ids);
        const done: string[] = [];
        for (const [a, b] of shop.merges) {
          const live = [...alive];
          if (live.length < 2) break;
          const target = live[a % live.length]!;
          const rest = live.filter((x) => x !== target);
          const source = rest[b % rest.length]!;
          const { merge } = await mergeCustomers(db, target, source, T0 + DAY + done.length);
          alive.delete(source);
          done.push(merge.id);
          // Nothing of the source is left behind.
          for (const table of [
            db.identities,
            db.touchpoints,
            db.notes,
            db.orders,
            db.labelAssignments,
            db.labelEvents,
            db.messages,
          ]) {
            expect(await table.where('customerId').equals(source).count()).toBe(0);
          }
        }
        for (const id of done.reverse()) await unmergeCustomers(db, id, T0 + 2 * DAY);
        expect(await state(db)).toEqual(before);
        expect((await db.merges.toArray()).every((m) => m.undoneAt !== undefined)).toBe(true);
        db.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('moves everything to the target and unions phones and e-mails', async () => {
    const db = freshDb();
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const zl = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('lan@example.vn')] }),
      clockAt(T0 - DAY),
    );
    await addNote(db, { customerId: zl.customerId, text: 'Hay đổi size' }, T0);
    await putOrder(db, {
      customerId: zl.customerId,
      code: 'DH1',
      placedAt: T0 - DAY,
      total: 450_000,
      status: 'delivered',
    });
    const result = await handleMergeCustomers(
      db,
      { targetId: fb.customerId, sourceId: zl.customerId },
      clockAt(T0 + 1),
    );
    expect(result.moved).toMatchObject({ identities: 1, touchpoints: 1, notes: 1, orders: 1 });
    expect(await db.customers.get(zl.customerId)).toBeUndefined();
    expect(await db.customers.get(fb.customerId)).toMatchObject({
      phones: ['+84912345678'],
      emails: ['lan@example.vn'],
      firstSeenAt: T0 - DAY,
      firstSeenPlatform: 'zalo',
    });
    // Opening the Zalo thread now shows the merged customer, and says an agent merged it.
    const view = await recordConversation(db, zaloSnap({ messages: [] }), clockAt(T0 + 2));
    expect(view.customerId).toBe(fb.customerId);
    expect(view.status).toBe('customer');
    expect(view.evidence.map((e) => e.code)).toContain('linked-agent');

    await handleUnmergeCustomers(db, { mergeId: result.mergeId }, clockAt(T0 + 3));
    expect(await db.customers.get(zl.customerId)).toMatchObject({
      emails: ['lan@example.vn'],
      phones: [],
    });
    expect(
      (await recordConversation(db, zaloSnap({ messages: [] }), clockAt(T0 + 4))).customerId,
    ).toBe(zl.customerId);
  });

  it('after new activity: new days follow their identity, new notes and phones stay, deleted stays deleted', async () => {
    const db = freshDb();
    const a = await recordConversation(db, snap(), clockAt(T0));
    const b = await recordConversation(db, zaloSnap(), clockAt(T0));
    const moved = await addNote(db, { customerId: b.customerId, text: 'note of B' }, T0);
    const kept = await addNote(db, { customerId: b.customerId, text: 'second note of B' }, T0);
    const { merge } = await mergeCustomers(db, a.customerId, b.customerId, T0 + 1);

    await recordConversation(
      db,
      zaloSnap({ messages: [incoming('hôm sau', T0 + DAY)] }),
      clockAt(T0 + DAY),
    );
    const later = await addNote(
      db,
      { customerId: a.customerId, text: 'written on the merged customer' },
      T0 + DAY,
    );
    await deleteNote(db, moved.id, T0 + DAY);
    await addContact(db, a.customerId, 'phone', '0987 654 321', T0 + DAY);

    const { restored } = await unmergeCustomers(db, merge.id, T0 + 2 * DAY);
    expect(restored).toMatchObject({ identities: 1, touchpoints: 2, notes: 1 });
    const zaloDays = await db.touchpoints.where('customerId').equals(b.customerId).toArray();
    expect(zaloDays.map((t) => t.day).sort()).toEqual(['2026-12-01', '2026-12-02']);
    expect((await db.notes.get(kept.id))?.customerId).toBe(b.customerId);
    expect((await db.notes.get(later.id))?.customerId).toBe(a.customerId);
    expect(await db.notes.get(moved.id)).toBeUndefined();
    expect((await db.customers.get(a.customerId))?.phones).toEqual(['+84987654321']);
    expect((await db.customers.get(b.customerId))?.lastSeenAt).toBe(T0 + DAY);
  });

  it('undoes merges in order: a merge whose target was merged again waits for that one', async () => {
    const db = freshDb();
    const [a, b, c] = [
      await recordConversation(db, snap({ externalId: '1' }), clockAt(T0)),
      await recordConversation(db, snap({ externalId: '2' }), clockAt(T0)),
      await recordConversation(db, snap({ externalId: '3' }), clockAt(T0)),
    ];
    const first = await mergeCustomers(db, b.customerId, c.customerId, T0);
    const second = await mergeCustomers(db, a.customerId, b.customerId, T0);
    await expect(unmergeCustomers(db, first.merge.id)).rejects.toThrow(
      new RegExp(`undo merge ${second.merge.id} first`),
    );
    await unmergeCustomers(db, second.merge.id);
    await unmergeCustomers(db, first.merge.id);
    expect(await db.customers.count()).toBe(3);
    await expect(unmergeCustomers(db, first.merge.id)).rejects.toThrow(/already undone/);
  });

  it('refuses bad requests naming the field, and leaves the database unchanged when a write fails', async () => {
    const db = freshDb();
    const a = await recordConversation(db, snap(), clockAt(T0));
    const b = await recordConversation(db, zaloSnap(), clockAt(T0));
    await addNote(db, { customerId: b.customerId, text: 'x' }, T0);
    await expect(handleMergeCustomers(db, { targetId: a.customerId })).rejects.toThrow(
      /mergeCustomers: bad request: sourceId: expected string/,
    );
    await expect(
      handleMergeCustomers(db, { targetId: a.customerId, sourceId: a.customerId }),
    ).rejects.toThrow(/sourceId: cannot merge a customer into itself/);
    await expect(
      handleMergeCustomers(db, { targetId: a.customerId, sourceId: 'gone' }),
    ).rejects.toThrow(/sourceId: no customer gone/);
    await expect(handleUnmergeCustomers(db, { mergeId: 42 })).rejects.toThrow(
      /unmergeCustomers: bad request: mergeId: expected string/,
    );
    const before = await dump(db);
    db.merges.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(mergeCustomers(db, a.customerId, b.customerId)).rejects.toThrow('disk full');
    expect(await dump(db)).toEqual(before);
  });

  it('queues identity, note, label and customer mutations when connected, and no touchpoint re-count', async () => {
    const db = freshDb();
    await db.labels.add({
      id: 'vip',
      name: 'VIP',
      color: '#f59e0b',
      order: 0,
      archived: false,
      updatedAt: 1,
    });
    const a = await recordConversation(db, snap(), clockAt(T0));
    const b = await recordConversation(db, zaloSnap(), clockAt(T0));
    await connect(db);
    await assignLabel(db, b.customerId, 'vip', T0);
    await addNote(db, { customerId: b.customerId, text: 'x' }, T0);
    await db.outbox.clear();
    const { merge } = await mergeCustomers(db, a.customerId, b.customerId, T0 + 1);
    const kinds = (await queued(db)).map((m) => m.kind);
    expect(kinds.sort()).toEqual(
      ['customer.upsert', 'identity.upsert', 'label.assign', 'label.unassign', 'note.add'].sort(),
    );
    const moved = await db.labelAssignments.where('customerId').equals(a.customerId).first();
    const assign = (await queued(db)).find((m) => m.kind === 'label.assign');
    expect(assign?.data).toEqual({ customerId: a.customerId, labelId: 'vip' });
    expect(moved?.tags).toHaveLength(1);
    await db.outbox.clear();
    await unmergeCustomers(db, merge.id, T0 + 2);
    expect((await queued(db)).map((m) => m.kind).sort()).toEqual(
      [
        'customer.upsert',
        'customer.upsert',
        'identity.upsert',
        'label.assign',
        'label.unassign',
        'note.add',
      ].sort(),
    );
  });
});
