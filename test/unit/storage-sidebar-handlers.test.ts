// The sidebar's edits as the background takes them: notes (add, pin, edit, delete, restore)
// and taking a contact off, with bad requests refused by field and nothing written.
import { describe, expect, it } from 'vitest';
import { handleResolveConversation } from '@/storage/handlers';
import { handleNote, handleRemoveContact } from '@/storage/sidebar-handlers';
import { addContact } from '@/storage/suggestions';
import { clockAt, connect, dump, freshDb, snap, T0 } from './storage-helpers';

async function customer() {
  const db = freshDb();
  const view = await handleResolveConversation(db, snap(), clockAt(T0));
  return { db, id: view.customerId };
}

describe('notes from the sidebar', () => {
  it('adds, pins, edits, deletes and restores, and the view lists them pinned first', async () => {
    const { db, id } = await customer();
    const a = await handleNote(
      db,
      { action: 'add', customerId: id, text: ' size M ' },
      'Bé Ngân',
      T0,
    );
    const b = await handleNote(
      db,
      { action: 'add', customerId: id, text: 'giao chiều' },
      'Bé Ngân',
      T0 + 1,
    );
    if (!a.ok || !b.ok || !a.note || !b.note) throw new Error('not added');
    expect(a.note).toMatchObject({ text: 'size M', author: 'Bé Ngân', pinned: false });
    expect(
      await handleNote(db, { action: 'edit', id: a.note.id, pinned: true }, '', T0 + 2),
    ).toMatchObject({
      ok: true,
      note: { pinned: true, text: 'size M' },
    });
    let view = await handleResolveConversation(db, snap(), clockAt(T0 + 3));
    expect(view.notes?.map((n) => n.text)).toEqual(['size M', 'giao chiều']);

    expect(await handleNote(db, { action: 'delete', id: b.note.id }, '', T0 + 4)).toEqual({
      ok: true,
    });
    const restored = await handleNote(
      db,
      {
        action: 'restore',
        customerId: id,
        text: 'giao chiều',
        author: 'Bé Ngân',
        pinned: false,
        createdAt: T0 + 1,
      },
      'Anh Tuấn',
      T0 + 5,
    );
    // Back as it was: its author and time, not whoever pressed undo.
    expect(restored).toMatchObject({ ok: true, note: { author: 'Bé Ngân', createdAt: T0 + 1 } });
    view = await handleResolveConversation(db, snap(), clockAt(T0 + 6));
    expect(view.notes?.map((n) => [n.text, n.author, n.createdAt])).toEqual([
      ['size M', 'Bé Ngân', T0],
      ['giao chiều', 'Bé Ngân', T0 + 1],
    ]);
  });

  it('refuses a bad request by field, and an empty note, writing nothing', async () => {
    const { db, id } = await customer();
    const before = await dump(db, []);
    expect(await handleNote(db, { action: 'add', customerId: id }, '')).toEqual({
      ok: false,
      error: expect.stringContaining('text: expected string'),
    });
    expect(await handleNote(db, { action: 'shout', id: 'x' }, '')).toMatchObject({ ok: false });
    expect(await handleNote(db, { action: 'add', customerId: id, text: '   ' }, '')).toEqual({
      ok: false,
      error: 'text: a note cannot be empty',
    });
    expect(await handleNote(db, { action: 'edit', id: 'nope', text: 'x' }, '')).toMatchObject({
      ok: false,
      error: expect.stringContaining('no note nope'),
    });
    expect(await dump(db, [])).toEqual(before);
  });
});

describe('taking a contact off', () => {
  it('removes it, and queues the emptied list so teammates lose it too', async () => {
    const { db, id } = await customer();
    await connect(db);
    await addContact(db, id, 'phone', '0912 345 678', T0);
    expect(
      await handleRemoveContact(
        db,
        { customerId: id, kind: 'phone', value: '+84912345678' },
        T0 + 1,
      ),
    ).toEqual({ ok: true, phones: [], emails: [] });
    const last = (await db.outbox.toArray()).at(-1);
    expect(last).toMatchObject({ kind: 'customer.upsert', payload: { data: { id, phones: [] } } });
  });

  it('refuses a malformed request and an unknown customer', async () => {
    const { db } = await customer();
    expect(
      await handleRemoveContact(db, { customerId: 'c', kind: 'fax', value: '1' }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('kind'),
    });
    expect(
      await handleRemoveContact(db, { customerId: 'ghost', kind: 'phone', value: '+84912345678' }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('no customer ghost') });
  });
});
