// The care queue end to end in storage: a delivered order makes a thank-you the queue shows
// with its filled template and the conversation to open; done/snooze/dismiss; reminders;
// birthdays; merges moving items and their undo; unanswered conversations; idempotence.
import { describe, expect, it } from 'vitest';
import type { CareItem } from '@/core/care/types';
import type { Me } from '@/core/sync/status';
import {
  careAfterSnapshot,
  careQueue,
  moveCareItems,
  queueCareUpload,
  rebuildAllCare,
  recomputeCustomerCare,
  unmoveCareItems,
} from '@/storage/care';
import {
  type CareContext,
  handleCareAct,
  handleGetCareQueue,
  handleSaveCareRules,
  handleSetBirthday,
  handleSetReminder,
} from '@/storage/care-handlers';
import { recordConversation } from '@/storage/conversations';
import type { KqDb } from '@/storage/db';
import { mergeCustomers, unmergeCustomers } from '@/storage/merge';
import { putOrder, setOrderStatus } from '@/storage/orders';
import {
  clockAt,
  connect,
  DAY,
  freshDb,
  incoming,
  outgoing,
  snap,
  T0,
  zaloSnap,
} from './storage-helpers';

const ctxOf = (db: KqDb, now: number, me?: Me): CareContext => ({
  db,
  me: async () => me,
  now: () => now,
});

async function customerWithDelivery(db: KqDb, deliveredAt: number, code = '1234') {
  const view = await recordConversation(db, snap(), clockAt(deliveredAt - DAY));
  await putOrder(db, {
    id: `order-${code}`,
    customerId: view.customerId,
    code,
    placedAt: deliveredAt - 2 * DAY,
    total: 350_000,
    status: 'pending',
    items: [{ name: 'Áo len xanh', quantity: 1, price: 350_000 }],
  });
  await setOrderStatus(db, `order-${code}`, 'delivered', deliveredAt);
  return view.customerId;
}

describe('care queue in storage', () => {
  it('a customer whose order was delivered 3 days ago is in the queue as thank-you, with the template filled and the thread to open', async () => {
    const db = freshDb();
    const now = T0;
    const customerId = await customerWithDelivery(db, now - 3 * DAY);
    await recomputeCustomerCare(db, customerId, now);
    const r = await handleGetCareQueue(ctxOf(db, now), {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const kinds = r.entries.map((e) => e.item.kind);
    expect(kinds).toContain('thank-you');
    const thanks = r.entries.find((e) => e.item.kind === 'thank-you')!;
    expect(thanks.customerName).toBe('Nguyễn Thu Hà');
    expect(thanks.item.reason).toMatchObject({ kind: 'thank-you', orderCode: '1234' });
    expect(thanks.text).toContain('Hà');
    expect(thanks.target).toEqual({
      platform: 'messenger',
      url: 'https://business.facebook.com/latest/inbox/all?asset_id=111111111111111&selected_item_id=100000000000001',
    });
    expect(r.counts['thank-you']).toBe(1);
    // Check-in (7 days) is not due yet.
    expect(kinds).not.toContain('check-in');
  });

  it('re-running the rules, the daily pass and a second recompute never duplicate an item', async () => {
    const db = freshDb();
    const customerId = await customerWithDelivery(db, T0 - 3 * DAY);
    await recomputeCustomerCare(db, customerId, T0);
    const first = (await db.careItems.toArray()).map((i) => i.id).sort();
    await recomputeCustomerCare(db, customerId, T0 + 1000);
    await rebuildAllCare(db, T0 + 2000);
    await rebuildAllCare(db, T0 + 3000);
    expect((await db.careItems.toArray()).map((i) => i.id).sort()).toEqual(first);
  });

  it('done, snooze and dismiss: done leaves the queue for good, a snooze comes back after its time', async () => {
    const db = freshDb();
    const customerId = await customerWithDelivery(db, T0 - 8 * DAY);
    await recomputeCustomerCare(db, customerId, T0);
    const ctx = ctxOf(db, T0);
    const q = await careQueue(db, { scope: 'mine' }, T0);
    const thank = q.entries.find((e) => e.item.kind === 'thank-you')!.item;
    const check = q.entries.find((e) => e.item.kind === 'check-in')!.item;
    expect(await handleCareAct(ctx, { action: 'done', id: thank.id })).toEqual({ ok: true });
    expect(
      await handleCareAct(ctx, { action: 'snooze', id: check.id, until: T0 + 3_600_000 }),
    ).toEqual({ ok: true });
    let ids = (await careQueue(db, { scope: 'mine' }, T0)).entries.map((e) => e.item.id);
    expect(ids).not.toContain(thank.id);
    expect(ids).not.toContain(check.id);
    // The rules run again: done stays done.
    await rebuildAllCare(db, T0 + 10);
    ids = (await careQueue(db, { scope: 'mine' }, T0 + 3_600_001)).entries.map((e) => e.item.id);
    expect(ids).toContain(check.id);
    expect(ids).not.toContain(thank.id);
    const dismissed = await handleCareAct(ctx, {
      action: 'dismiss',
      id: check.id,
      reason: 'Khách đã đổi số',
    });
    expect(dismissed).toEqual({ ok: true });
    expect((await db.careItems.get(check.id))?.dismissReason).toBe('Khách đã đổi số');
  });

  it('refuses bad payloads naming the field', async () => {
    const db = freshDb();
    const ctx = ctxOf(db, T0);
    const bad = await handleCareAct(ctx, { action: 'snooze', id: 'x|thank-you|1' });
    expect(bad).toMatchObject({ ok: false });
    expect((bad as { error: string }).error).toContain('until');
    const unknown = await handleCareAct(ctx, { action: 'done', id: 'nobody|thank-you|1' });
    expect((unknown as { error: string }).error).toMatch(/^id: no care item/);
    const team = await handleGetCareQueue(
      ctxOf(db, T0, { teamId: 't', teamName: 'T', memberId: 'a1', name: 'An', role: 'agent' }),
      { scope: 'team' },
    );
    expect(team).toEqual({
      ok: false,
      error: expect.stringMatching(/^scope: only owners and managers/),
    });
    const birthday = await handleSetBirthday(ctx, { customerId: 'c', birthday: '31/4' });
    expect((birthday as { error: string }).error).toMatch(
      /^customerId|^birthday: day 31 does not exist in month 4/,
    );
    const rules = await handleSaveCareRules(ctx, { thankYou: { days: -1 } });
    expect((rules as { error: string }).error).toContain('thankYou.days');
    const deleted = await handleSaveCareRules(ctx, {
      birthday: { templateId: 'no-such-template' },
    });
    expect(deleted).toEqual({
      ok: false,
      error: 'birthday.templateId: no template "no-such-template" (deleted?)',
    });
    const agent = await handleSaveCareRules(
      ctxOf(db, T0, { teamId: 't', teamName: 'T', memberId: 'a1', name: 'An', role: 'agent' }),
      { thankYou: { days: 2 } },
    );
    expect(agent).toEqual({
      ok: false,
      error: 'rules: only owners and managers change the care rules',
    });
    expect(await handleSaveCareRules(ctx, { reminder: { on: false } })).toMatchObject({ ok: true });
    expect(await handleSetReminder(ctx, { customerId: 'c', dueAt: T0, note: '' })).toEqual({
      ok: false,
      error: 'reminder: reminders are switched off in the care rules',
    });
  });

  it('a reminder is due at its time, for me; one for a teammate is in their queue, not mine', async () => {
    const db = freshDb();
    await connect(db);
    const view = await recordConversation(db, snap(), clockAt(T0));
    const me: Me = { teamId: 't', teamName: 'T', memberId: 'mA', name: 'An', role: 'agent' };
    const ctx = ctxOf(db, T0, me);
    const mine = await handleSetReminder(ctx, {
      customerId: view.customerId,
      dueAt: T0 + 60_000,
      note: 'Gọi lại báo size',
    });
    const theirs = await handleSetReminder(
      {
        ...ctx,
        checkAssignee: async (id) => (id === 'mB' ? null : `no member ${id} in this team`),
      },
      { customerId: view.customerId, dueAt: T0 + 60_000, note: 'Chị B gọi', assignee: 'mB' },
    );
    expect(mine.ok && theirs.ok).toBe(true);
    const outsider = await handleSetReminder(
      { ...ctx, checkAssignee: async (id) => `no member ${id} in this team` },
      { customerId: view.customerId, dueAt: T0, note: '', assignee: 'mZ' },
    );
    expect(outsider).toEqual({ ok: false, error: 'assignee: no member mZ in this team' });
    expect((await careQueue(db, { scope: 'mine', me: 'mA' }, T0)).entries).toHaveLength(0);
    const later = await careQueue(db, { scope: 'mine', me: 'mA' }, T0 + 60_000);
    expect(later.entries.map((e) => e.item.reason)).toEqual([
      { kind: 'reminder', note: 'Gọi lại báo size', createdBy: 'mA' },
    ]);
    const forB = await careQueue(db, { scope: 'mine', me: 'mB' }, T0 + 60_000);
    expect(forB.entries.map((e) => e.item.assignee)).toEqual(['mB']);
    // Both queued their sync mutations.
    const kinds = (await db.outbox.toArray()).map((o) => o.kind);
    expect(kinds.filter((k) => k === 'care.reminder')).toHaveLength(2);
  });

  it('a birthday typed in any common form makes a birthday item on the day', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0));
    // T0 is 2026-12-01 in Vietnam.
    const r = await handleSetBirthday(ctxOf(db, T0), {
      customerId: view.customerId,
      birthday: 'ngày 1 tháng 12',
    });
    expect(r).toEqual({ ok: true, birthday: '12-01' });
    const q = await careQueue(db, { scope: 'mine' }, T0);
    expect(q.entries.map((e) => [e.item.kind, e.item.occasion])).toContainEqual([
      'birthday',
      '2026',
    ]);
    // Cleared: the open birthday item goes.
    await handleSetBirthday(ctxOf(db, T0), { customerId: view.customerId, birthday: '' });
    expect((await careQueue(db, { scope: 'mine' }, T0)).counts.birthday).toBeUndefined();
  });

  it('unanswered: the customer wrote last 15 minutes (of opening hours) ago; an answer takes it away', async () => {
    const db = freshDb();
    const at = T0 - 20 * 60_000; // 09:40 local
    const s = snap({ messages: [incoming('Shop ơi còn hàng không?', at)] });
    const view = await recordConversation(db, s, clockAt(T0));
    await careAfterSnapshot(db, view.customerId, s, T0);
    let q = await careQueue(db, { scope: 'mine' }, T0);
    expect(q.entries.map((e) => e.item.kind)).toEqual(['unanswered']);
    expect(q.entries[0]!.item.dueAt).toBe(at + 15 * 60_000);
    // Re-reading the same thread changes nothing.
    expect(await careAfterSnapshot(db, view.customerId, s, T0 + 5000)).toBe(false);
    const answered = snap({
      messages: [incoming('Shop ơi còn hàng không?', at), outgoing('Dạ còn ạ', T0)],
    });
    await recordConversation(db, answered, clockAt(T0 + 1000));
    await careAfterSnapshot(db, view.customerId, answered, T0 + 1000);
    q = await careQueue(db, { scope: 'mine' }, T0 + 1000);
    expect(q.entries).toHaveLength(0);
  });

  it('a merge moves the source’s items to the target and its undo moves them back', async () => {
    const db = freshDb();
    const sourceId = await customerWithDelivery(db, T0 - 3 * DAY);
    const target = await recordConversation(db, zaloSnap(), clockAt(T0));
    await recomputeCustomerCare(db, sourceId, T0);
    await handleSetReminder(ctxOf(db, T0), { customerId: sourceId, dueAt: T0, note: 'hẹn' });
    const before = (await db.careItems.where('customerId').equals(sourceId).toArray()).map(
      (i) => `${i.kind}|${i.occasion}|${i.state}`,
    );
    expect(before.length).toBeGreaterThanOrEqual(2);
    const { merge } = await mergeCustomers(db, target.customerId, sourceId, T0);
    await moveCareItems(db, sourceId, target.customerId, T0);
    expect(await db.careItems.where('customerId').equals(sourceId).count()).toBe(0);
    const moved = await db.careItems.where('customerId').equals(target.customerId).toArray();
    expect(moved.map((i) => `${i.kind}|${i.occasion}|${i.state}`).sort()).toEqual(before.sort());
    // Opening an item opens the customer who now owns it.
    const q = await careQueue(db, { scope: 'mine' }, T0);
    expect(new Set(q.entries.map((e) => e.item.customerId))).toEqual(new Set([target.customerId]));
    await unmergeCustomers(db, merge.id, T0 + 1);
    await unmoveCareItems(db, target.customerId, sourceId, T0 + 1);
    const back = await db.careItems.where('customerId').equals(sourceId).toArray();
    expect(back.map((i) => `${i.kind}|${i.occasion}|${i.state}`).sort()).toEqual(before.sort());
    expect(back.every((i: CareItem) => i.movedFrom === undefined)).toBe(true);
  });

  it('a merge nobody told the care queue about (a link by phone) is followed, never left as an orphan', async () => {
    const db = freshDb();
    const sourceId = await customerWithDelivery(db, T0 - 3 * DAY);
    const target = await recordConversation(db, zaloSnap(), clockAt(T0));
    await recomputeCustomerCare(db, sourceId, T0);
    await mergeCustomers(db, target.customerId, sourceId, T0);
    const q = await careQueue(db, { scope: 'mine' }, T0);
    expect(q.entries.map((e) => [e.item.kind, e.item.customerId])).toEqual([
      ['thank-you', target.customerId],
    ]);
    expect(q.entries[0]!.target).toMatchObject({ platform: expect.any(String) });
  });

  it("a teammate's reminder for a customer merged away here follows the merge, never deleted", async () => {
    const db = freshDb();
    const sourceId = await customerWithDelivery(db, T0 - 3 * DAY);
    const target = await recordConversation(db, zaloSnap(), clockAt(T0));
    await mergeCustomers(db, target.customerId, sourceId, T0);
    // Pulled from the team: a teammate who has not seen the merge set it on the source.
    await db.careItems.put({
      id: `${sourceId}|reminder|r1`,
      customerId: sourceId,
      kind: 'reminder',
      occasion: 'r1',
      dueAt: T0,
      state: 'open',
      reason: { kind: 'reminder', note: 'Gọi lại báo giá' },
      updatedAt: T0,
    });
    await recomputeCustomerCare(db, sourceId, T0);
    const reminders = (await db.careItems.toArray()).filter((i) => i.kind === 'reminder');
    expect(reminders.map((i) => i.customerId)).toEqual([target.customerId]);
  });

  it('tier-up: an order that lifts the customer into Bạc (2 tr over 12 months) makes one tier-up item', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap(), clockAt(T0 - 30 * DAY));
    await putOrder(db, {
      id: 'o-a',
      customerId: view.customerId,
      code: 'A',
      placedAt: T0 - 20 * DAY,
      total: 1_500_000,
      status: 'delivered',
    });
    expect((await db.careItems.toArray()).map((i) => i.kind)).not.toContain('tier-up');
    await putOrder(db, {
      id: 'o-b',
      customerId: view.customerId,
      code: 'B',
      placedAt: T0 - DAY,
      total: 600_000,
      status: 'pending',
    });
    await recomputeCustomerCare(db, view.customerId, T0);
    const tierUps = (await db.careItems.toArray()).filter((i) => i.kind === 'tier-up');
    expect(tierUps.map((i) => [i.id, i.reason, i.dueAt])).toEqual([
      [
        `${view.customerId}|tier-up|silver`,
        { kind: 'tier-up', fromTier: 'member', toTier: 'silver' },
        T0 - DAY,
      ],
    ]);
  });

  it('connecting uploads the care work done local-only: reminders become the agent’s own, acted items keep their state', async () => {
    const db = freshDb();
    const customerId = await customerWithDelivery(db, T0 - 3 * DAY);
    await recomputeCustomerCare(db, customerId, T0);
    const ctx = ctxOf(db, T0);
    const thank = (await careQueue(db, { scope: 'mine' }, T0)).entries.find(
      (e) => e.item.kind === 'thank-you',
    )!.item;
    await handleCareAct(ctx, { action: 'done', id: thank.id });
    const r = await handleSetReminder(ctx, { customerId, dueAt: T0 + DAY, note: 'hẹn' });
    expect(await db.outbox.count()).toBe(0);
    await connect(db);
    await queueCareUpload(db, 'member-1', T0);
    const queued = (await db.outbox.toArray()).map(
      (o) => o.payload as { kind: string; data: Record<string, unknown> },
    );
    expect(queued.map((m) => [m.kind, m.data.id, m.data.state ?? m.data.assignee])).toEqual(
      expect.arrayContaining([
        ['care.state', thank.id, 'done'],
        ['care.reminder', r.ok ? r.id : '', 'member-1'],
      ]),
    );
    // Open rule items are not uploaded: every device makes them with the same ids.
    expect(queued.filter((m) => m.kind === 'care.state')).toHaveLength(1);
    expect((await db.careItems.get(r.ok ? r.id : ''))?.assignee).toBe('member-1');
    // Each goes up stamped when it was done, not when we connected: a teammate's later
    // change to the same item still wins on the server.
    const acted = await db.careItems.get(thank.id);
    const sent = (await db.outbox.toArray())
      .map((o) => o.payload as { kind: string; hlc: string; data: { id: string } })
      .find((m) => m.kind === 'care.state' && m.data.id === thank.id);
    expect(acted?.hlc).toBeDefined();
    expect(sent?.hlc).toBe(acted?.hlc);
  });

  it('a customer deleted (an import undone) takes their open items along', async () => {
    const db = freshDb();
    const customerId = await customerWithDelivery(db, T0 - 3 * DAY);
    await recomputeCustomerCare(db, customerId, T0);
    await db.transaction('rw', [db.customers, db.orders], async () => {
      await db.orders.where('customerId').equals(customerId).delete();
      await db.customers.delete(customerId);
    });
    await rebuildAllCare(db, T0);
    expect(await db.careItems.count()).toBe(0);
  });
});
