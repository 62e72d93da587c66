// A customer's history across platforms, paged newest first, with the orphans older
// versions left behind.
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@/core/timeline';
import { recordConversation } from '@/storage/conversations';
import { handleGetTimeline, handleResolveConversation } from '@/storage/handlers';
import { assignLabel, unassignLabel } from '@/storage/labels';
import { mergeCustomers, unmergeCustomers } from '@/storage/merge';
import { addNote } from '@/storage/notes';
import { putOrder } from '@/storage/orders';
import { setKeepMessageText } from '@/storage/settings';
import { timelineOf } from '@/storage/timeline';
import { clockAt, DAY, freshDb, incoming, snap, T0, zaloSnap } from './storage-helpers';

const kinds = (entries: TimelineEntry[]) => entries.map((e) => `${e.kind}@${e.at}`);

describe('timeline', () => {
  it('lists touchpoints, orders, notes, label changes and merges across platforms, newest first', async () => {
    const db = freshDb();
    await db.labels.add({
      id: 'vip',
      name: 'VIP',
      color: '#f59e0b',
      order: 0,
      archived: false,
      updatedAt: 1,
    });
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    const zalo = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0 + DAY),
    );
    expect(zalo.customerId).toBe(fb.customerId);
    const id = fb.customerId;
    await putOrder(db, {
      id: 'o1',
      customerId: id,
      code: 'DH1',
      placedAt: T0 + 2 * DAY,
      total: 300_000,
      status: 'delivered',
    });
    await addNote(db, { customerId: id, text: 'Khách quen', author: 'Mai' }, T0 + 3 * DAY);
    await assignLabel(db, id, 'vip', T0 + 4 * DAY);
    await unassignLabel(db, id, 'vip', T0 + 5 * DAY);
    const other = await recordConversation(
      db,
      snap({ externalId: '9', displayName: 'Hà 2' }),
      clockAt(T0 + 6 * DAY),
    );
    const { merge } = await mergeCustomers(db, id, other.customerId, T0 + 7 * DAY);

    const page = await timelineOf(db, id);
    expect(kinds(page.entries)).toEqual([
      `merge@${T0 + 7 * DAY}`,
      `touchpoint@${T0 + 6 * DAY}`,
      `label@${T0 + 5 * DAY}`,
      `label@${T0 + 4 * DAY}`,
      `note@${T0 + 3 * DAY}`,
      `order@${T0 + 2 * DAY}`,
      `touchpoint@${T0 + DAY}`,
      // The Zalo identity joined by phone at first sight: recorded so it can be undone.
      `merge@${T0 + DAY}`,
      `touchpoint@${T0}`,
      // Pipeline (issue 9): the phone written on the first day moved them to Đã tư vấn.
      `stage@${T0}`,
    ]);
    expect(page.entries.at(-1)).toMatchObject({
      kind: 'stage',
      stageId: 'consulted',
      stageName: 'Đã tư vấn',
      setBy: 'signal',
      signal: 'phone',
    });
    expect(page.entries[7]).toMatchObject({ by: 'phone', value: '+84912345678', role: 'absorbed' });
    expect(page.entries.filter((e) => e.kind === 'touchpoint').map((e) => e.platform)).toEqual([
      'messenger',
      'zalo',
      'messenger',
    ]);
    expect(page.entries[0]).toMatchObject({
      role: 'absorbed',
      otherName: 'Hà 2',
      mergeId: merge.id,
    });
    expect(page.entries[2]).toMatchObject({ action: 'unassign', labelName: 'VIP' });
    expect(page.nextCursor).toBeNull();

    // After the undo, the split-off customer's history says so.
    await unmergeCustomers(db, merge.id, T0 + 8 * DAY);
    const split = await timelineOf(db, other.customerId);
    expect(split.entries[0]).toMatchObject({ kind: 'merge', role: 'split', at: T0 + 8 * DAY });
    expect((await timelineOf(db, id)).entries[0]).toMatchObject({ undoneAt: T0 + 8 * DAY });
  });

  it('pages with a cursor that does not shift when newer entries arrive', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0));
    for (let i = 1; i <= 7; i++) {
      await addNote(db, { customerId: view.customerId, text: `note ${i}` }, T0 + i * 1000);
    }
    const first = await timelineOf(db, view.customerId, { limit: 3 });
    expect(first.entries.map((e) => (e.kind === 'note' ? e.text : e.kind))).toEqual([
      'note 7',
      'note 6',
      'note 5',
    ]);
    await addNote(db, { customerId: view.customerId, text: 'newer' }, T0 + 99_000);
    const second = await handleGetTimeline(db, {
      customerId: view.customerId,
      cursor: first.nextCursor,
      limit: 3,
    });
    expect(second.entries.map((e) => (e.kind === 'note' ? e.text : e.kind))).toEqual([
      'note 4',
      'note 3',
      'note 2',
    ]);
    const third = await timelineOf(db, view.customerId, { cursor: second.nextCursor!, limit: 3 });
    expect(third.entries.map((e) => e.kind)).toEqual(['note', 'touchpoint']);
    expect(third.nextCursor).toBeNull();
  });

  it('tolerates orphans: identity without customer, touchpoint without identity, assignment to a deleted label', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0));
    const id = view.customerId;
    // A touchpoint whose identity row vanished.
    await db.touchpoints.add({
      id: 'ghost|2026-11-20',
      customerId: id,
      identityId: 'ghost',
      platform: 'instagram',
      day: '2026-11-20',
      firstAt: T0 - 11 * DAY,
      lastAt: T0 - 11 * DAY,
      count: 2,
    });
    // An assignment (v1 style id) to a label that was deleted, with no history event.
    await db.labelAssignments.add({
      id: 'a-old',
      customerId: id,
      labelId: 'deleted',
      assignedAt: T0 - 5 * DAY,
    });
    // An identity of this customer whose touchpoint is still filed under an old customer id.
    await db.identities.add({
      id: 'moved',
      customerId: id,
      platform: 'zalo',
      accountId: 'x',
      externalId: 'y',
      idConfidence: 'strong',
      displayName: 'Lan',
      firstSeenAt: 1,
      lastSeenAt: 1,
    });
    await db.touchpoints.add({
      id: 'moved|2026-11-25',
      customerId: 'old-id',
      identityId: 'moved',
      platform: 'zalo',
      day: '2026-11-25',
      firstAt: T0 - 6 * DAY,
      lastAt: T0 - 6 * DAY,
      count: 1,
    });
    // An identity whose customer is gone entirely, and a timeline asked for that customer.
    await db.identities.add({
      id: 'lost',
      customerId: 'gone',
      platform: 'messenger',
      accountId: 'x',
      externalId: 'z',
      idConfidence: 'strong',
      displayName: 'X',
      firstSeenAt: 1,
      lastSeenAt: 1,
    });

    const page = await timelineOf(db, id);
    expect(page.entries.map((e) => e.kind)).toEqual([
      'touchpoint',
      'label',
      'touchpoint',
      'touchpoint',
    ]);
    expect(page.entries[1]).toMatchObject({ labelName: null, color: null, action: 'assign' });
    expect(page.entries[2]).toMatchObject({ identityName: 'Lan', platform: 'zalo' });
    expect(page.entries[3]).toMatchObject({ identityName: null, platform: 'instagram', count: 2 });
    expect((await timelineOf(db, 'gone')).entries).toEqual([]);
  });

  it('comes with the view in the same transaction, equal to the timeline read on its own', async () => {
    const db = freshDb();
    await setKeepMessageText(db, true);
    const fb = await recordConversation(
      db,
      snap({ messages: [incoming('0912 345 678')] }),
      clockAt(T0),
    );
    await putOrder(db, {
      customerId: fb.customerId,
      code: 'DH1',
      placedAt: T0 + 1,
      total: 1,
      status: 'pending',
    });
    await addNote(db, { customerId: fb.customerId, text: 'Khách quen' }, T0 + 2);
    // First sight on Zalo: linked, so the history is read after the writes.
    const linked = await recordConversation(
      db,
      zaloSnap({ messages: [incoming('0912 345 678', T0 + DAY)] }),
      clockAt(T0 + DAY),
      { historyLimit: 20 },
    );
    expect(linked.history).toEqual(await timelineOf(db, fb.customerId, { limit: 20 }));
    // An ordinary sighting with a new message kept: read before the writes, patched.
    const view = await handleResolveConversation(
      db,
      zaloSnap({
        messages: [
          incoming('0912 345 678', T0 + DAY),
          incoming('Mình lấy thêm 1 cái', T0 + DAY + 5),
        ],
      }),
      clockAt(T0 + DAY + 10),
    );
    expect(view.history?.entries.length).toBeGreaterThan(4);
    expect(view.history).toEqual(await timelineOf(db, fb.customerId, { limit: 20 }));
    const today = view.history?.entries.find(
      (e) => e.kind === 'touchpoint' && e.platform === 'zalo',
    );
    expect(today && 'messages' in today ? today.messages?.map((m) => m.text) : []).toEqual([
      '0912 345 678',
      'Mình lấy thêm 1 cái',
    ]);
  });

  it('refuses a malformed request naming the field', async () => {
    const db = freshDb();
    await expect(handleGetTimeline(db, { customerId: 'c1', limit: 0 })).rejects.toThrow(
      /getTimeline: bad request: limit: too small \(at least 1\)/,
    );
    await expect(handleGetTimeline(db, { customerId: 'c1', limit: 1.5 })).rejects.toThrow(
      /limit: expected int/,
    );
    await expect(handleGetTimeline(db, {})).rejects.toThrow(/customerId: expected string/);
  });
});
