// History capture: what a touchpoint's count means, that reading the same thread again adds
// nothing, and that message texts are kept only when the shop asks for it.
import { describe, expect, it } from 'vitest';
import { messagesOfDay } from '@/core/sightings';
import { recordConversation } from '@/storage/conversations';
import { KqDb } from '@/storage/db';
import { keepsMessageText, setKeepMessageText } from '@/storage/settings';
import { timelineOf } from '@/storage/timeline';
import { clockAt, DAY, freshDb, incoming, outgoing, snap, T0 } from './storage-helpers';

const thread = [
  incoming('Shop ơi', T0 - 3 * DAY),
  outgoing('Dạ shop nghe', T0 - 3 * DAY + 60_000),
  incoming('Còn size M không?', T0 - 120_000),
  incoming('ok', T0 - 60_000),
  incoming('ok', T0 - 60_000),
];

describe('touchpoint count', () => {
  it('counts distinct customer messages of the day, however often the thread is read', async () => {
    const db = freshDb();
    const s = snap({ messages: thread });
    for (let i = 0; i < 5; i++) await recordConversation(db, s, clockAt(T0 + i * 1000));
    const [tp] = await db.touchpoints.toArray();
    // Today: "Còn size M", "ok", "ok" (two messages that read the same). Not the older day.
    expect(tp).toMatchObject({ count: 3, incoming: 3 });

    // A new message counts once, even when the page re-renders it.
    const more = snap({ messages: [...thread, incoming('Mình lấy 2 cái', T0 + 5000)] });
    await recordConversation(db, more, clockAt(T0 + 6000));
    await recordConversation(db, more, clockAt(T0 + 7000));
    expect((await db.touchpoints.toArray())[0]).toMatchObject({ count: 4 });
  });

  it('is 1 on a day the conversation was only opened', async () => {
    const db = freshDb();
    await recordConversation(
      db,
      snap({ messages: [incoming('Shop ơi', T0 - 3 * DAY)] }),
      clockAt(T0),
    );
    expect((await db.touchpoints.toArray())[0]).toMatchObject({ count: 1, incoming: 0 });
  });

  it('does not count a thread scrolled up (older messages loaded) again', async () => {
    const db = freshDb();
    await recordConversation(db, snap({ messages: thread.slice(2) }), clockAt(T0));
    await recordConversation(db, snap({ messages: thread }), clockAt(T0 + 1000));
    expect((await db.touchpoints.toArray())[0]).toMatchObject({ count: 3 });
  });

  it('keeps the count a v3 row had (sightings) and never lowers it', async () => {
    const db = freshDb();
    const view = await recordConversation(db, snap({ messages: [] }), clockAt(T0));
    const [tp] = await db.touchpoints.toArray();
    // As v3 left it: counted sightings, no fingerprints.
    await db.touchpoints.put({ ...tp!, count: 7, incoming: undefined, seen: undefined });
    await recordConversation(db, snap({ messages: thread }), clockAt(T0 + 1000));
    expect((await db.touchpoints.get(tp!.id))?.count).toBe(7);
    expect(view.contactDays).toBe(1);
  });

  it('gives identical messages in one thread distinct, stable fingerprints', () => {
    const a = messagesOfDay(thread, '2026-12-01', 420).map((m) => m.fingerprint);
    const b = messagesOfDay([...thread], '2026-12-01', 420).map((m) => m.fingerprint);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
  });
});

describe('keeping message text', () => {
  it('stores no text by default', async () => {
    const db = freshDb();
    expect(await keepsMessageText(db)).toBe(false);
    const view = await recordConversation(db, snap({ messages: thread }), clockAt(T0));
    expect(await db.messages.count()).toBe(0);
    // Nothing in the database holds the message text.
    const all: unknown[] = [];
    for (const table of db.tables) all.push(await table.toArray());
    expect(JSON.stringify(all)).not.toContain('Còn size M');
    const page = await timelineOf(db, view.customerId);
    expect(page.entries[0]).not.toHaveProperty('messages');
  });

  it('keeps the day’s messages once each when turned on, and deletes them when turned off', async () => {
    const db = freshDb();
    await setKeepMessageText(db, true);
    const s = snap({ messages: thread });
    const view = await recordConversation(db, s, clockAt(T0));
    await recordConversation(db, s, clockAt(T0 + 1000));
    expect(await db.messages.count()).toBe(3);
    const page = await timelineOf(db, view.customerId);
    const tp = page.entries.find((e) => e.kind === 'touchpoint');
    expect(tp && 'messages' in tp ? tp.messages?.map((m) => m.text) : []).toEqual([
      'Còn size M không?',
      'ok',
      'ok',
    ]);

    await setKeepMessageText(db, false);
    expect(await db.messages.count()).toBe(0);
    await recordConversation(
      db,
      snap({ messages: [...thread, incoming('mới', T0 + 2000)] }),
      clockAt(T0 + 3000),
    );
    expect(await db.messages.count()).toBe(0);
  });

  it('survives a reopened database (the flag is stored, not in memory)', async () => {
    const name = `kq-keep-${Math.random()}`;
    const first = new KqDb(name);
    await setKeepMessageText(first, true);
    first.close();
    const second = new KqDb(name);
    expect(await keepsMessageText(second)).toBe(true);
    second.close();
  });
});
