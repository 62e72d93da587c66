import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationSnapshot } from '@/core/snapshot';
import type { Clock } from '@/storage/conversations';
import { recordConversation } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { handleResolveConversation, resolveConversation } from '@/storage/handlers';
import { timelineOf } from '@/storage/timeline';

const day = 86_400_000;
const t0 = Date.UTC(2026, 11, 1, 3, 0);
const clockAt = (now: number): Clock => ({ now: () => now, utcOffsetMinutes: () => 420 });

const snap = (over: Partial<ConversationSnapshot> = {}): ConversationSnapshot => ({
  platform: 'messenger',
  accountId: '111111111111111',
  externalId: '100000000000001',
  idSource: 'tab-link',
  idConfidence: 'strong',
  displayName: 'Ana\u00a0Example',
  isGroup: false,
  messages: [{ direction: 'in', text: 'Còn màu xanh không shop?' }],
  health: { verdict: 'ok' },
  capturedAt: t0,
  ...over,
});

let db: KqDb;
beforeEach(() => {
  db = new KqDb(`kq-conv-${Math.random()}`);
});
afterEach(() => db.close());

describe('recordConversation', () => {
  it('creates one customer, one identity and one touchpoint per day, however often it is seen', async () => {
    const first = await recordConversation(db, snap(), clockAt(t0));
    await recordConversation(db, snap(), clockAt(t0 + 60_000));
    const again = await recordConversation(db, snap(), clockAt(t0 + 120_000));
    expect(again.customerId).toBe(first.customerId);
    expect(again.displayName).toBe('Ana Example');
    expect(await db.customers.count()).toBe(1);
    expect(await db.identities.count()).toBe(1);
    // The same thread read three times is one customer message, not three.
    const [tp] = await db.touchpoints.toArray();
    expect(tp).toMatchObject({ count: 1, day: '2026-12-01' });
    expect(again.status).toBe('new');
  });

  it('recognises the customer as returning on a later day, with the earlier day as evidence', async () => {
    await recordConversation(db, snap(), clockAt(t0));
    const later = await recordConversation(db, snap(), clockAt(t0 + 3 * day));
    expect(later.status).toBe('returning');
    expect(later.contactDays).toBe(2);
    expect(later.evidence[0]).toMatchObject({
      code: 'earlier-contact-record',
      days: 1,
      platform: 'messenger',
    });
  });

  it('keeps the same id on another Page as a different identity', async () => {
    await recordConversation(db, snap(), clockAt(t0));
    await recordConversation(db, snap({ accountId: '222222222222222' }), clockAt(t0));
    expect(await db.identities.count()).toBe(2);
  });

  it('gives an orphaned identity (older version left no customer) a fresh customer', async () => {
    await db.identities.add({
      id: 'orphan',
      customerId: 'gone',
      platform: 'messenger',
      accountId: '111111111111111',
      externalId: '100000000000001',
      idConfidence: 'strong',
      displayName: 'Ana',
      firstSeenAt: 1,
      lastSeenAt: 1,
    });
    const view = await recordConversation(db, snap(), clockAt(t0));
    expect(await db.customers.get(view.customerId)).toBeDefined();
    expect((await db.identities.get('orphan'))?.customerId).toBe(view.customerId);
  });

  it('still records a sighting on a new day, however close in time', async () => {
    const midnight = Date.UTC(2026, 11, 1, 17, 0); // 00:00 in Vietnam
    await recordConversation(db, snap(), clockAt(midnight - 5000));
    const view = await recordConversation(db, snap(), clockAt(midnight + 5000));
    expect(view.contactDays).toBe(2);
    expect(await db.touchpoints.count()).toBe(2);
  });
});

describe('handleResolveConversation', () => {
  it('refuses a malformed snapshot, names the field, and writes nothing', async () => {
    const bad = { ...snap(), externalId: 42 };
    await expect(handleResolveConversation(db, bad, clockAt(t0))).rejects.toThrow(
      /externalId: expected string/,
    );
    await expect(
      handleResolveConversation(db, { ...snap(), platform: 'whatsapp' }, clockAt(t0)),
    ).rejects.toThrow(/platform: expected one of "messenger", "instagram", "zalo"/);
    await expect(handleResolveConversation(db, 'hello', clockAt(t0))).rejects.toThrow(
      /\(root\): expected object/,
    );
    expect(await db.customers.count()).toBe(0);
    expect(await db.touchpoints.count()).toBe(0);
  });

  it('leaves the database as it was when a write fails half-way', async () => {
    await recordConversation(db, snap(), clockAt(t0));
    const before = { c: await db.customers.toArray(), t: await db.touchpoints.toArray() };
    // Make the touchpoint write fail after the customer and identity writes succeeded.
    db.touchpoints.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(
      recordConversation(db, snap({ externalId: '100000000000002' }), clockAt(t0 + day)),
    ).rejects.toThrow('disk full');
    expect(await db.customers.toArray()).toEqual(before.c);
    expect(await db.identities.count()).toBe(1);
    expect(await db.touchpoints.toArray()).toEqual(before.t);
  });
});

describe('Zalo account', () => {
  it('keeps a customer first seen before the logged-in account was known', async () => {
    const zalo = snap({
      platform: 'zalo',
      accountId: 'zalo-web',
      externalId: '7412638450192837465',
      idSource: 'anim-data-id',
    });
    const first = await recordConversation(db, zalo, clockAt(t0));
    const later = await recordConversation(
      db,
      { ...zalo, accountId: '4301927736518204512' },
      clockAt(t0 + day),
    );
    expect(later.customerId).toBe(first.customerId);
    expect(later.status).toBe('returning');
    expect(await db.identities.count()).toBe(1);
    expect((await db.identities.toArray())[0]?.accountId).toBe('4301927736518204512');
  });
});

describe('weak identities', () => {
  it('are shown but never stored, so two people who share a name stay apart', async () => {
    const weak = snap({
      externalId: 'weak:Lan|',
      idConfidence: 'weak',
      idSource: 'header',
      displayName: 'Lan',
    });
    const first = await recordConversation(db, weak, clockAt(t0));
    const second = await recordConversation(db, weak, clockAt(t0 + day));
    expect(first).toMatchObject({
      customerId: 'unconfirmed',
      idConfidence: 'weak',
      status: 'unknown',
    });
    expect(second.status).toBe('unknown');
    expect(await db.customers.count()).toBe(0);
    expect(await db.identities.count()).toBe(0);
  });

  it('still read an earlier conversation from the visible thread', async () => {
    const weak = snap({
      externalId: 'weak:Lan|',
      idConfidence: 'weak',
      messages: [
        { direction: 'in', text: 'Shop ơi', at: t0 - 30 * day },
        { direction: 'in', text: 'Mình muốn đặt thêm', at: t0 - 60_000 },
      ],
    });
    expect((await recordConversation(db, weak, clockAt(t0))).status).toBe('returning');
  });
});

describe('Zalo account, the other way round', () => {
  it('finds a customer known under the account while the account is not known yet', async () => {
    const zalo = snap({
      platform: 'zalo',
      accountId: '4301927736518204512',
      externalId: '7412638450192837465',
    });
    const known = await recordConversation(db, zalo, clockAt(t0));
    const again = await recordConversation(
      db,
      { ...zalo, accountId: 'zalo-web' },
      clockAt(t0 + day),
    );
    expect(again.customerId).toBe(known.customerId);
    expect(await db.customers.count()).toBe(1);
  });

  it('keeps the same id under two known accounts apart (two shops on one browser)', async () => {
    const zalo = snap({
      platform: 'zalo',
      accountId: '4301927736518204512',
      externalId: '7412638450192837465',
    });
    const a = await recordConversation(db, zalo, clockAt(t0));
    const b = await recordConversation(
      db,
      { ...zalo, accountId: '4301927736518209999' },
      clockAt(t0),
    );
    expect(b.customerId).not.toBe(a.customerId);
  });
});

describe('resolveConversation (the view before the commit)', () => {
  it('answers before the transaction commits, and the view is what was then stored', async () => {
    await recordConversation(db, snap(), clockAt(t0));
    let settled = false;
    const later = snap({
      messages: [
        { direction: 'in', text: 'Còn màu xanh không shop?' },
        { direction: 'in', text: 'Mai giao được không ạ?' },
      ],
    });
    const { view, committed } = await resolveConversation(db, later, clockAt(t0 + 3 * day));
    void committed.then(() => {
      settled = true;
    });
    // The badge is ready while the writes are still on their way.
    expect(settled).toBe(false);
    expect(view.status).toBe('returning');
    await committed;
    expect(settled).toBe(true);
    // What was stored tells the same story as the early view.
    const page = await timelineOf(db, view.customerId, { limit: 20 });
    expect(page.entries.map((e) => e.id)).toEqual(view.history?.entries.map((e) => e.id));
    expect(await db.touchpoints.count()).toBe(2);
  });

  it("counts today's new message in the history, though its read went out before the write", async () => {
    await recordConversation(db, snap(), clockAt(t0));
    const { view, committed } = await resolveConversation(
      db,
      snap({
        messages: [
          { direction: 'in', text: 'Còn màu xanh không shop?' },
          { direction: 'in', text: 'Size M nhé' },
        ],
      }),
      clockAt(t0 + 60_000),
    );
    await committed;
    const today = view.history?.entries.find((e) => e.kind === 'touchpoint');
    expect(today).toMatchObject({ kind: 'touchpoint', count: 2 });
    expect((await db.touchpoints.toArray())[0]).toMatchObject({ count: 2 });
  });

  it('refuses a malformed snapshot before anything is written', async () => {
    await expect(resolveConversation(db, { ...snap(), externalId: 7 })).rejects.toThrow(
      /externalId/,
    );
    expect(await db.customers.count()).toBe(0);
  });
});
